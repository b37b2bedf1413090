# FromScratch: `make demo` runs the walkthrough, `make test` runs every test.
DOTNET ?= dotnet
CONFIG ?= Release
DEMO = $(DOTNET) run --project Demo -c $(CONFIG) --

.PHONY: build test demo bench format format-check readme-links clean

build:
	$(DOTNET) build FromScratch.sln -c $(CONFIG) --nologo

# Ends with `tests: N passed, N failed`; keeps a failing exit code.
# `make test FILTER=Softmax` runs only the tests whose full name contains Softmax.
test:
	@FILTER="$(FILTER)" bash .ci/test

demo:
	@$(DEMO)

bench:
	@$(DEMO) bench

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
