# LUMC Global. `make help` lists the targets.

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes side by side (pytest-xdist), each taking whole modules; 0 runs them in this one.
TEST_WORKERS ?= 2
PYTEST = $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# The local site: debug off, as in production, but on SQLite over plain http.
LOCAL_ENV = DJANGO_SECRET_KEY="$$(cat $(VENV)/secret_key)" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_EMAIL_BACKEND=console \
	DJANGO_SERVE_MEDIA=1 \
	DJANGO_SITE_URL=http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run dev test test-fast lint format check ci clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@python=$$(scripts/find-python) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/secret_key: | $(PY)
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

run: $(VENV)/.installed $(VENV)/secret_key ## Set up and serve the site with demo content at http://127.0.0.1:8000/
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput
	$(LOCAL_ENV) $(PY) manage.py load_demo_content
	$(LOCAL_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving LUMC Global at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(LOCAL_ENV) $(BIN)/gunicorn lumcglobal.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

dev: $(VENV)/.installed-dev ## Serve with debug on and automatic reloading, for development
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo_content
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev node_modules/.installed ## Set up and run the whole test suite (DATABASE_URL picks the database)
	scripts/ensure-chromium
	scripts/ensure-nginx
	$(PYTEST) $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-dev node_modules/.installed ## The suite without the browser tests; `--lf`, `--ff` in PYTEST_ARGS
	scripts/ensure-nginx
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## Check code and template style, and the layers of the apps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	git ls-files '*.py' | xargs $(BIN)/django-upgrade --target-version 6.1 --check
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(PY) manage.py lint_templates

format: $(VENV)/.installed-dev ## Fix code and template style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates
	git ls-files '*.py' | xargs $(BIN)/django-upgrade --target-version 6.1 --exit-zero-even-if-changed

check: $(VENV)/.installed-dev ## Django's system checks and missing migrations
	DJANGO_DEBUG=1 $(PY) manage.py check --fail-level WARNING
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

ci: ## Everything CI runs
	.ci/run

clean: ## Remove the virtual environment, node modules and generated files
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
