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

.PHONY: help run test e2e bench worker beat lint format messages install check-deploy clean

help:
	@echo "make run     - fresh machine to a working demo on SQLite at http://$(HOST):$(PORT)"
	@echo "make test    - the whole test suite (unit, integration, browser)"
	@echo "make e2e     - only the browser tests (Chromium)"
	@echo "make bench   - benchmarks, printed as numbers"
	@echo "make worker  - a Celery worker against REDIS_URL"
	@echo "make beat    - the Celery beat scheduler against REDIS_URL"
	@echo "make lint    - ruff check and ruff format --check"
	@echo "make messages - update and compile the translations"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON312)" ]; then echo "Python 3.12 is needed: install it with pyenv (pyenv install 3.12) or put python3.12 on PATH."; exit 1; fi
	$(PYTHON312) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

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

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: export DEBUG = 1
messages: install
	$(PY) manage.py makemessages -l nl --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=tools --no-location
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: install
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=helpt.leuven.be EMAIL_URL=smtp://mail.leuven.be:25 $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
