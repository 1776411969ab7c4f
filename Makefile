# zhixing — developer entry points. Needs python3.11 and make; everything else comes from PyPI.
#   make dev    the whole local system (Temporal dev server + workers + demo cases)
#   make test   the whole test suite (fails on the first failing test run)
#   make lint   ruff check, ruff format --check, mypy
#   make bench  the benchmarks under bench/ (not tests; bench/append_bench.py writes docs/PERFORMANCE.md)

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes (dependencies, entry points).
STAMP  := $(VENV)/.zhixing-installed
PACKAGES := domain workflows activities workers store web

.PHONY: install dev test lint bench clean-data

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $@

dev: $(STAMP)
	$(BIN)/zhixing dev

# The browser tests (tests/e2e) need Debian's chromium: installed here when root, otherwise
# they are skipped and .ci/browser-deps says so loudly (never under CI=true).
test: $(STAMP)
	bash .ci/browser-deps
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(PACKAGES)

bench: $(STAMP)
	@for f in bench/*.py; do \
		name=$$(basename $$f .py); [ "$$name" = __init__ ] && continue; \
		echo "== bench/$$name.py"; $(BIN)/python -m bench.$$name || exit 1; \
	done

# Forget every local case (the dev server database and the embedded PostgreSQL data).
clean-data:
	rm -rf .data
