# FromScratch: `make demo` runs the walkthrough, `make test` runs every test.
DOTNET ?= dotnet
CONFIG ?= Release
DEMO = $(DOTNET) run --project Demo -c $(CONFIG) --

.PHONY: build test demo bench format format-check clean

build:
	$(DOTNET) build FromScratch.sln -c $(CONFIG) --nologo

# Ends with `tests: N passed, N failed`; keeps a failing exit code.
test:
	@bash .ci/test

demo:
	@$(DEMO)

bench:
	@$(DEMO) bench

format:
	$(DOTNET) format FromScratch.sln

format-check:
	$(DOTNET) format FromScratch.sln --verify-no-changes

clean:
	$(DOTNET) clean FromScratch.sln -c $(CONFIG) --nologo
	rm -rf */bin */obj
