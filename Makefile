# The two commands: `make demo` and `make test`. Each builds .venv on first use (or when
# pyproject.toml changes) so a fresh clone needs only Python 3.11+ and make. The one install
# carries what the whole check needs: the dev tools, Dask (the scale-out tests run on a real
# LocalCluster) and MkDocs (`make test` builds the docs site strictly, so docs cannot rot).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest docs-check clean dist

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mosaia needs Python 3.11+; set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,docs]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest

docs-check: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir .site-check
	@rm -rf .site-check

test: lint typecheck docs-check pytest

# `make dist`: the wheel and sdist into dist/ (built offline with the dev extra's hatchling),
# checked by `twine check` (metadata, README rendering). This SDK is not on PyPI (`pip install
# mosaia` fetches an unrelated project): users install from these files or the repository, with
# a floor, `mosaia>=0.3`. tests/test_dist.py builds the same way.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .
	$(BIN)/twine check --strict dist/*

clean:
	rm -rf dist $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis site .site-check

# `make bench`: the benchmark suite (docs/benchmarks.md + .png), about 3 minutes on 2 cores;
# `make bench BENCH_ARGS=--quick` for a smoke run that only prints. Needs the `bench` extra.
BENCH_STAMP := $(VENV)/.installed-bench
BENCH_ARGS  ?=

.PHONY: bench

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# `make docs`: the documentation site into site/ (strict: a broken link, a page missing from the
# nav or a docstring mkdocstrings cannot render fails it); `make docs-serve`: the same with live
# reload on http://127.0.0.1:8000. Offline (the `docs` extra is part of the one install). The variable silences the
# Material theme's banner about MkDocs 2.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs

.PHONY: docs docs-serve

docs: $(STAMP)
	$(MKDOCS) build --strict

docs-serve: $(STAMP)
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000
