# Yidang — the two commands a new user runs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_HOUSEHOLDS ?= 3000
BENCH_HOUSEHOLDS ?= 1000000
TEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE := yidang.settings

.PHONY: run serve test test-pg lint typecheck migrations-check bench bench-audit bench-service worker install install-test system-deps clean

$(VENV)/.base-installed: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.base-installed requirements/test.txt
	$(PY) -m pip install -q -r requirements/test.txt
	touch $@

install: $(VENV)/.base-installed
install-test: $(VENV)/.test-installed

## Debian packages the PDFs and browser tests need (root on the project's machines).
system-deps:
	@bash scripts/system-deps.sh

## make run: install, migrate, load the demo data, serve on http://$(HOST):$(PORT) with a job worker.
run: install
	$(PY) manage.py migrate --noinput -v0
	YIDANG_DEMO=1 $(PY) manage.py seed_demo --households $(DEMO_HOUSEHOLDS) --if-empty
	@DEBUG=1 YIDANG_DEMO=1 bash scripts/serve.sh $(HOST) $(PORT)

## make test: install what the tests need (Python packages, Chromium, CJK fonts) and run the whole suite.
test: install-test system-deps
	HUEY_IMMEDIATE=1 $(PY) -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

## The same suite on PostgreSQL (DATABASE_URL must point at a server where the user may create databases).
test-pg: install-test system-deps
	@test -n "$$DATABASE_URL" || (echo "DATABASE_URL is not set" >&2; exit 2)
	HUEY_IMMEDIATE=1 $(PY) -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-test
	$(VENV)/bin/mypy yidang tests

migrations-check: install-test
	$(PY) manage.py makemigrations --check --dry-run

## make bench: search, household page, archive page, completeness and import figures (set DATABASE_URL to PostgreSQL).
bench: install-test
	$(PY) -m bench --households $(BENCH_HOUSEHOLDS) $(BENCH_ARGS)

## The audit chain's cost on the import and document-add paths (set DATABASE_URL to PostgreSQL).
bench-audit: install-test
	$(PY) -m bench.audit_overhead --rows 2000 --docs 100 --repeats 5

## The service desk: ticket list page and API per status, one SLA sweep (set DATABASE_URL to PostgreSQL).
bench-service: install-test
	$(PY) -m bench.service $(BENCH_SERVICE_ARGS)

worker: install
	$(PY) manage.py run_huey

clean:
	rm -rf $(VENV) var
