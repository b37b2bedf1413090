# FromScratch: `make demo` runs the walkthrough, `make test` runs every test.
# Demo commands: `make run ARGS="COMMAND [options]"`, or `make xor ARGS="--momentum 0.9"` and the
# like for xor, moons, spiral, gradcheck, seed, bench, sweep, and fashion (train on Fashion-MNIST).
# `make compare` times ours beside the numpy peer (Demo/peer/) and prints the README's performance table.
DOTNET ?= dotnet
CONFIG ?= Release
DEMO_DLL = Demo/bin/$(CONFIG)/net10.0/Demo.dll

STARTER_DLL = Demo/starter/bin/$(CONFIG)/net10.0/Starter.dll

# Builds a program when needed (saying so the first time, which takes up to a minute), then runs it
# with the given arguments. A failed quiet build is run again to show its errors.
# $(1): what it is, $(2): its project, $(3): its built dll, $(4): the arguments.
define build_and_run
	@test -f $(3) || echo "building the $(1) ($(CONFIG)); the first time takes up to a minute..."
	@$(DOTNET) build $(2) -c $(CONFIG) --nologo -v quiet -clp:NoSummary > /dev/null || $(DOTNET) build $(2) -c $(CONFIG) --nologo
	@$(DOTNET) $(3) $(4)
endef

run_demo = $(call build_and_run,demo,Demo/Demo.csproj,$(DEMO_DLL),$(1))

.PHONY: help build test exercises starter demo run xor moons spiral gradcheck seed fashion bench sweep compare sklearn format format-check readme-links clean

build:
	$(DOTNET) build FromScratch.sln -c $(CONFIG) --nologo

# One line per target (a test checks that every target is listed).
help:
	@echo 'make build          build every project (CONFIG=Release by default)'
	@echo 'make test           every test, ending with "tests: N passed, N failed"; FILTER=Softmax runs a subset'
	@echo 'make exercises      the README'"'"'s exercises typed in as printed, on a copy: all must stay green'
	@echo 'make starter        Demo/starter: the question'"'"'s backprop failing the gradient check, the fix passing'
	@echo 'make demo           the walkthrough: the original bug, zero init, the fix, the gradient check'
	@echo 'make run            any demo command: make run ARGS="COMMAND [options]", ARGS="--help" lists them'
	@echo 'make xor            learn XOR (ARGS="--help" for the options, as for the six below)'
	@echo 'make moons          learn two half moons and draw the decision boundary'
	@echo 'make spiral         learn two spirals'
	@echo 'make gradcheck      check backprop against finite differences for any configuration'
	@echo 'make seed           the question'"'"'s network trained as the corrected numpy program trains it'
	@echo 'make bench          measure the FMA peak, Dot (GFLOP/s) and training'
	@echo 'make sweep          one network per learning rate (or update rule: ARGS="--optimizer sgd,adam"), curves compared'
	@echo 'make fashion        train on Fashion-MNIST (Debian'"'"'s dataset-fashion-mnist)'
	@echo 'make compare        ours beside the numpy peer (python3-numpy): the README'"'"'s performance tables'
	@echo 'make sklearn        ours beside scikit-learn on its small data sets (python3-sklearn)'
	@echo 'make format         format the code with dotnet format'
	@echo 'make format-check   fail if the code is not formatted (CI runs it)'
	@echo 'make readme-links   renumber the README'"'"'s links to lines of code after the code moved'
	@echo 'make clean          remove every bin/ and obj/'
	@echo 'make help           this list'

# Ends with `tests: N passed, N failed`; keeps a failing exit code.
# `make test FILTER=Softmax` runs only the tests whose full name contains Softmax.
test:
	@FILTER="$(FILTER)" bash .ci/test

# README's exercises typed in as printed, on a copy of the repository: it must build with CI=true and pass every
# test and every check the exercises name (see .ci/exercises). About a minute on 2 cores; README=FILE reads another text.
exercises:
	@bash .ci/exercises

# Demo/starter: the question's backprop beside the corrected one, and the gradient check; a program to copy.
# ARGS=per-sample and ARGS=adamw check your answers to exercises 4 and 5 in Demo/starter/Exercises.cs.
starter:
	$(call build_and_run,starter,Demo/starter/Starter.csproj,$(STARTER_DLL),$(ARGS))

demo run:
	$(call run_demo,$(ARGS))

xor moons spiral gradcheck seed bench sweep:
	$(call run_demo,$@ $(ARGS))

# Fashion-MNIST from Debian's dataset-fashion-mnist package.
fashion:
	$(call run_demo,train --idx /usr/share/datasets/fashion-mnist $(ARGS))

# Our test accuracy beside scikit-learn's MLPClassifier on the same splits of its small data sets, written
# as ordinary CSV files (needs Debian's python3-sklearn). ARGS="--datasets iris,wine --keep DIR".
sklearn:
	$(call run_demo,--help > /dev/null)
	@/usr/bin/python3 Demo/samples/csv_vs_sklearn.py --demo $(DEMO_DLL) $(ARGS)

# Ours beside the numpy peer, interleaved for several rounds: markdown tables of Fashion-MNIST seconds per epoch,
# max RSS and test accuracy; Dot GFLOP/s on 1 and 2 threads; reading, measuring, the seed network and bytes
# allocated per step; then the peer's predictions checked against ours (needs Debian's python3-numpy and
# python3-threadpoolctl). 3 to 5 minutes on 2 cores; ARGS="--rounds 1 --epochs 1 --configs 30:100", --help.
compare:
	$(call run_demo,--help > /dev/null)
	@/usr/bin/python3 Demo/peer/compare.py --demo $(DEMO_DLL) $(ARGS)

format:
	$(DOTNET) format FromScratch.sln

format-check:
	$(DOTNET) format FromScratch.sln --verify-no-changes

# Renumbers the README's links to code lines after the code moved (each link quotes its line).
readme-links:
	@bash .ci/readme-links

clean:
	$(DOTNET) clean FromScratch.sln -c $(CONFIG) --nologo
	rm -rf */bin */obj
