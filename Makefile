# The front door. `make run` sets everything up and serves the app with its
# background worker and scheduler; `make test` runs the whole suite. Both work on a fresh clone.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run setup test lint format check-fixture migrations-check clean frontend

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

setup: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_demo

# The web server, one background worker and the reminders scheduler (Procfile), together: Ctrl-C stops all.
run: setup
	RUN_ADDRESS=$(HOST):$(PORT) $(VENV)/bin/honcho start

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint, format and layers: ruff (Python), djhtml (templates), import-linter
# (the one-way stack in pyproject.toml). Changes nothing; `make format` fixes.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates core/templates
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates core/templates

# Fails when fixtures/council_plans.json no longer matches fixtures/source/.
check-fixture: install
	$(PY) manage.py build_council_plans --check

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Rebuilds the committed GOV.UK Frontend assets in static/ from frontend/ (needs Node.js).
frontend:
	npm ci && npm run build

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
