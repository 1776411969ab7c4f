# zhixing — developer entry points. Needs python3.11 and make; everything else comes from PyPI.
#   make dev    the whole local system (Temporal dev server + workers + demo cases)
#   make test   the whole test suite (fails on the first failing test run)
#   make lint   ruff check, ruff format --check, mypy
#   make bench  the benchmarks under bench/ (not tests; they write docs/PERFORMANCE.md)
#   make chaos  the long chaos run: faults under load (docs/RELIABILITY.md; `make test` runs a short one)

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes (dependencies, entry points).
STAMP  := $(VENV)/.zhixing-installed
PACKAGES := domain runtime store activities workflows web workers

.PHONY: install dev test lint bench chaos clean-data

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

# Each bench/*_bench.py in turn (bench/bare_workflow.py is the lifecycle bench's baseline, not a
# bench). Sizes: ZHIXING_BENCH_APPEND_ARGS / ZHIXING_BENCH_LIFECYCLE_ARGS, e.g.
#   make bench ZHIXING_BENCH_APPEND_ARGS="--cases 1000 --summary-rows 100000"
#   make bench ZHIXING_BENCH_LIFECYCLE_ARGS="--sizes 50 --open-cases 1000,5000 --scale-out 200"
ZHIXING_BENCH_APPEND_ARGS ?=
ZHIXING_BENCH_LIFECYCLE_ARGS ?=
export ZHIXING_BENCH_LIFECYCLE_ARGS

bench: $(STAMP)
	@for f in bench/*_bench.py; do \
		name=$$(basename $$f .py); \
		args=$$([ "$$name" = append_bench ] && echo "$(ZHIXING_BENCH_APPEND_ARGS)"); \
		echo "== bench/$$name.py $$args"; $(BIN)/python -m bench.$$name $$args || exit 1; \
	done

# Kill and stop the worker, the Temporal server and PostgreSQL under a load of cases, several
# times each, PostgreSQL down for 60 s; prints what happened and the figures (docs/RELIABILITY.md).
chaos: $(STAMP)
	ZHIXING_CHAOS=long $(BIN)/pytest -q -s -p no:cacheprovider --timeout 0 tests/chaos tests/workflow/test_envelope_fuzz.py

# Forget every local case (the dev server database and the embedded PostgreSQL data).
clean-data:
	rm -rf .data
