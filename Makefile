# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run setup test test-sqlite test-postgres browser lint format migrations-check messages bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

# Local keys, generated once (config/settings.py refuses to start without keys when DEBUG is off).
.env: | $(BIN)/python
	$(BIN)/python scripts/write_env.py .env

# Front-end files from the npm registry, pinned in package-lock.json: the Korean web font
# (Noto Sans KR, sliced by unicode-range so a page loads only the slices it uses), copied
# into static/fonts/, and axe-core for the browser tests.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is required: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The font is named "Noto Sans KR" in the CSS as in the charts' font stack.
FONT_PACKAGE := node_modules/@fontsource-variable/noto-sans-kr
FONT_DIR := static/fonts/noto-sans-kr
$(FONT_DIR)/.installed: node_modules/.installed
	rm -rf $(FONT_DIR) && mkdir -p $(FONT_DIR)/files
	cp $(FONT_PACKAGE)/LICENSE $(FONT_DIR)/
	sed "s/'Noto Sans KR Variable'/'Noto Sans KR'/" $(FONT_PACKAGE)/wght.css > $(FONT_DIR)/wght.css
	cp $(FONT_PACKAGE)/files/*.woff2 $(FONT_DIR)/files/
	touch $@

# plotly.js limited to the trace types the app draws (scripts/plotly_bundle.js), bundled
# from the pinned npm package (the same plotly.js version the Python package ships).
PLOTLY_BUNDLE := build/plotly/plotly.min.js
$(PLOTLY_BUNDLE): node_modules/.installed scripts/plotly_bundle.js
	mkdir -p $(dir $@)
	node_modules/.bin/esbuild scripts/plotly_bundle.js --bundle --minify --format=iife \
		--global-name=Plotly --define:global=window --define:define.amd=false --target=es2016 \
		--loader:.css=empty --log-level=warning --outfile=$@

install: $(VENV)/.installed .env $(FONT_DIR)/.installed $(PLOTLY_BUNDLE)

messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

setup: install messages
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) loaddata questionnaire lifecycle && $(MANAGE) load_question_bank
	$(MANAGE) load_demo_data

# The tasks worker (large orders imports) runs beside the web server and stops with it.
run: setup
	$(MANAGE) db_worker --queue-name default & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# The production server: gunicorn (config/gunicorn.py: threaded workers sized to the cores,
# graceful restarts on SIGHUP, access log on stdout) and the tasks worker, stopped together.
.PHONY: serve
serve: setup
	$(MANAGE) db_worker --queue-name default & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c config/gunicorn.py

# The page table (scripts/bench_pages.py: CPU per request over a floor view, query counts
# at 10 and 100 clients, the cold result page's weight; BENCH_PAGES_ARGS=--clients 1000 to
# grow it), the orders import, then autosave under load: 50 respondents on SQLite and on PostgreSQL
# (about 5 minutes in all). Every scenario (200 respondents, a graceful restart; about 8
# minutes more): make bench BENCH_AUTOSAVE_ARGS=--all, or pick with --scenarios.
BENCH_AUTOSAVE_ARGS ?= --quick
# The orders import against lifetimes (its own venv, pinned; without it the same summary in
# pandas), 1M orders; BENCH_ORDERS_ARGS=--10m adds 10,000,000 orders (about 10 minutes more,
# 1.7 GB peak).
LIFETIMES_VENV ?= /tmp/lifetimes-venv
LIFETIMES_PINS := Lifetimes==0.11.3 autograd==1.9.1 dill==0.4.1 numpy==2.5.5 pandas==3.1.1 \
	python-dateutil==4.0.0 scipy==1.18.1 tzdata==2026.6
bench: install
	$(BIN)/python -W ignore::UserWarning scripts/bench_pages.py $(BENCH_PAGES_ARGS)
	@test -x $(LIFETIMES_VENV)/bin/python || { $(PYTHON) -m venv $(LIFETIMES_VENV) && \
		$(LIFETIMES_VENV)/bin/python -m pip install --quiet $(LIFETIMES_PINS); } || \
		echo "lifetimes not installed: the orders bench compares with the same summary in pandas"
	LIFETIMES_PYTHON=$(LIFETIMES_VENV)/bin/python $(BIN)/python scripts/bench_orders_import.py $(BENCH_ORDERS_ARGS)
	$(BIN)/python scripts/bench_autosave.py $(BENCH_AUTOSAVE_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# The whole suite on SQLite (the default) and on the local PostgreSQL server (what a
# deployment with many users runs on), in a throw-away database created and dropped per run.
test: install messages lint migrations-check browser test-sqlite test-postgres

test-sqlite: install messages
	$(BIN)/pytest

test-postgres: install messages
	$(BIN)/python scripts/test_postgres.py

# Debian's Chromium for the browser tests; skips itself when /usr/bin/chromium is there.
browser:
	scripts/ensure-browser

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles node_modules $(FONT_DIR) build
