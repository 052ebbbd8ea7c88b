# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run setup test lint format migrations-check messages test-postgres bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

setup: install messages
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) loaddata questionnaire lifecycle
	$(MANAGE) load_demo_data

# The tasks worker (large orders imports) runs beside the web server and stops with it.
run: setup
	$(MANAGE) db_worker --queue-name default & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

bench: install
	$(BIN)/python scripts/bench_orders_import.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

test: install messages lint migrations-check ; scripts/ensure-browser
	$(BIN)/pytest

# The same suite against the local PostgreSQL server (what a deployment runs on).
test-postgres: install messages
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(BIN)/pytest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
