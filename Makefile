# zhixing — developer entry points. Needs python3.11 and make; everything else comes from PyPI.
#   make dev    the whole local system (Temporal dev server + workers + demo cases)
#   make test   the whole test suite (fails on the first failing test run)
#   make lint   ruff check, ruff format --check, mypy

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
# Re-install whenever pyproject.toml changes (dependencies, entry points).
STAMP  := $(VENV)/.zhixing-installed
PACKAGES := domain workflows activities workers

.PHONY: install dev test lint clean-data

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $@

dev: $(STAMP)
	$(BIN)/zhixing dev

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(PACKAGES)

# Forget every local case (the dev server database and the embedded PostgreSQL data).
clean-data:
	rm -rf .data
