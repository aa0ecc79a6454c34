# Leuven Helpt. The README's two commands are the contract: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Python 3.12: pyenv's (picked by .python-version) or python3.12 on PATH.
PYTHON312 := $(shell (command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null | grep -E '3\.12' ) || command -v python3.12 2>/dev/null)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test e2e bench worker beat lint typecheck format messages install lock check-deploy clean api-schema

help:
	@echo "make run     - fresh machine to a working demo on SQLite at http://$(HOST):$(PORT)"
	@echo "make test    - the whole test suite (unit, integration, browser)"
	@echo "make e2e     - only the browser tests (Chromium)"
	@echo "make bench   - benchmarks, printed as numbers"
	@echo "make worker  - a Celery worker against REDIS_URL"
	@echo "make beat    - the Celery beat scheduler against REDIS_URL"
	@echo "make lint    - ruff check, ruff format --check and the import layers (lint-imports)"
	@echo "make typecheck - mypy (django-stubs) on services, selectors, workflows and the engine"
	@echo "make messages - update and compile the translations"
	@echo "make api-schema - regenerate docs/api/openapi.yaml from the code (a test compares the two)"
	@echo "make lock    - regenerate requirements.lock and requirements-dev.lock (with hashes) from pyproject.toml"

# Every package, with the hash of every file, comes from the lock files (made by `make lock` from the pins in
# pyproject.toml); the project itself is installed without dependencies. tools/check_lock.py stops here when
# pyproject.toml changed and the locks did not: run `make lock`.
$(VENV)/.installed: pyproject.toml requirements.lock requirements-dev.lock
	@if [ -z "$(PYTHON312)" ]; then echo "Python 3.12 is needed: install it with pyenv (pyenv install 3.12) or put python3.12 on PATH."; exit 1; fi
	$(PYTHON312) tools/check_lock.py
	$(PYTHON312) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

install: $(VENV)/.installed

# After changing a pin in pyproject.toml (or merging a branch that did): regenerate both lock files, then
# `make install`. Needs PyPI; pip-tools' version is the one pinned in pyproject.toml.
PIP_COMPILE_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	@if [ -z "$(PYTHON312)" ]; then echo "Python 3.12 is needed: install it with pyenv (pyenv install 3.12) or put python3.12 on PATH."; exit 1; fi
	@test -x $(BIN)/pip-compile || { $(PYTHON312) -m venv $(VENV) && $(BIN)/pip install --quiet "$$(grep -o 'pip-tools==[^"]*' pyproject.toml)"; }
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(PIP_COMPILE_FLAGS) --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml
	$(PY) tools/check_lock.py

# Development relaxations are switched on here, never by default.
run: export DEBUG = 1
run: export HTTPS = 0
run: install
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

e2e: install
	$(BIN)/pytest -m e2e

bench: install
	$(PY) benchmarks/run.py

worker: install
	$(BIN)/celery -A leuvenhelpt worker --loglevel=info

beat: install
	$(BIN)/celery -A leuvenhelpt beat --loglevel=info --schedule=/tmp/leuvenhelpt-celerybeat-schedule

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

# mypy with django-stubs on services, selectors, workflows and the assistant's engine ([tool.mypy] in pyproject).
typecheck: export DEBUG = 1
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: export DEBUG = 1
messages: install
	$(PY) manage.py makemessages -l nl -l fr -l ar -l tr -l uk --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=tools --no-location --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: install
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=helpt.leuven.be EMAIL_URL=smtp://mail.leuven.be:25 $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache

# The partner API's OpenAPI description, generated from the code (tests/partner_api/test_schema.py compares).
api-schema: install
	DEBUG=1 $(PY) manage.py spectacular --lang en --validate --fail-on-warn --file docs/api/openapi.yaml
