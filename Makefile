# wagtail-villeslumieres: the commands a newcomer needs. Each creates the virtual
# environment it needs on first use (Python 3.11+ and make are all it takes).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Stamp of the last install: the venv is refreshed when pyproject.toml changes.
INSTALLED := $(VENV)/.installed
MANAGE := cd example_site && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# make demo DEBUG=1: Django's debug pages (tracebacks) instead of the demo's 404 and 500.
DEBUG ?= 0

.PHONY: help venv demo test test-fast test-postgres lint format migrations messages docs screenshots benchmark nox clean

help:
	@echo "make demo          run the demo site on http://$(HOST):$(PORT)/ (HOST=, PORT=, DEBUG=1; addresses printed)"
	@echo "make test          run the whole test suite (SQLite; browser tests need Chromium)"
	@echo "make test-fast     the package's tests without browser and slow ones (quick local runs)"
	@echo "make test-postgres the same on PostgreSQL (DATABASE_URL, default 127.0.0.1:5432)"
	@echo "make lint          ruff check + format check"
	@echo "make docs          build the documentation (warnings are errors)"
	@echo "make migrations    regenerate the package's initial migration (unreleased)"
	@echo "make messages      update and compile the translation catalogs"
	@echo "make screenshots   refresh the screenshots in docs/ from the demo"
	@echo "make benchmark     pages and counter under gunicorn (PostgreSQL, Redis); totals at 600 hubs x 100 000 sessions; a 600-member network pull"

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,docs]"
	@touch $(INSTALLED)

venv: $(INSTALLED)

# The demo's settings and load_demo read the address from DEMO_HOST and DEMO_PORT: the
# Sites, the admin's base URL and the trusted origins follow HOST and PORT. Without
# DEBUG, `runserver --insecure` still serves the static files (a demo on one machine;
# production serves them from the web server, docs/howto/deployment.md). The network's
# pull is enqueued to run once the server is up, and a task worker (db_worker) runs
# beside the server, stopped with it: the admin's "Pull now" goes through it too.
demo: export DEMO_HOST := $(HOST)
demo: export DEMO_PORT := $(PORT)
demo: export DJANGO_DEBUG := $(DEBUG)
demo: $(INSTALLED)
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	@echo "National counter: http://section.localhost:$(PORT)/fr/villes-lumieres/ (pulled once the server is up)"
	$(MANAGE) pull_network --enqueue --after 8
	$(MANAGE) db_worker --backend network --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver --insecure $(HOST):$(PORT)

# The whole suite is two pytest runs, one per settings module: the package's tests
# (tests/, on the test app of tests/testapp/) and the example site's (example_site/tests/,
# its demo content). Both always run; the target fails if either fails. A run that
# collects nothing (pytest's exit code 5) fails too, unless PYTEST_ARGS selects tests
# and the other run found some.
define run_suites
	@$(PY) -m pytest tests $(PYTEST_ARGS); package=$$?; \
	$(PY) -m pytest example_site/tests $(PYTEST_ARGS); demo=$$?; \
	echo "package suite: exit $$package, example site suite: exit $$demo"; \
	if [ -n "$(if $(strip $(PYTEST_ARGS)),selected)" ]; then \
		[ $$package = 5 ] && [ $$demo = 0 ] && package=0; \
		[ $$demo = 5 ] && [ $$package = 0 ] && demo=0; \
	fi; \
	[ $$package = 0 ] && [ $$demo = 0 ]
endef

test: $(INSTALLED)
	$(run_suites)

test-postgres: export DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/villeslumieres)
test-postgres: $(INSTALLED)
	$(run_suites)

# Quick local runs: the package suite without the browser and slow (wheel-building) tests.
test-fast: $(INSTALLED)
	$(PY) -m pytest tests -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(INSTALLED)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# While unreleased, the package keeps one initial migration; this regenerates it,
# with the oldest supported Wagtail and Django so that it applies on every
# supported version (under a lock, so concurrent runs do not collide).
OLDEST_PY := .nox/oldest/bin/python
$(OLDEST_PY): | $(INSTALLED)
	$(PY) -m nox -s oldest --install-only

# Hand-written data migrations (0002_* and later) depend on 0001_initial: they are
# set aside while it is regenerated, then put back, whatever the outcome.
migrations: $(OLDEST_PY)
	flock /tmp/wagtail-villeslumieres-migrations.lock sh -c '\
		held=$$(mktemp -d) && \
		trap "mv $$held/*.py $(CURDIR)/wagtail_villeslumieres/migrations/ 2>/dev/null; rmdir $$held" EXIT && \
		for f in $(CURDIR)/wagtail_villeslumieres/migrations/0*_*.py; do \
			case $$f in */0001_initial.py) ;; *) [ -e "$$f" ] && mv "$$f" $$held/ ;; esac; \
		done; \
		rm -f wagtail_villeslumieres/migrations/0001_initial.py example_site/home/migrations/0001_initial.py && \
		cd example_site && ../$(OLDEST_PY) manage.py makemigrations wagtail_villeslumieres home'

messages: $(INSTALLED)
	cd wagtail_villeslumieres && ../$(PY) -P -m django makemessages --settings=villeslumieres_demo.settings \
		--pythonpath=../example_site -l fr -l nl -l de --no-obsolete --add-location=file
	cd wagtail_villeslumieres && ../$(PY) -P -m django compilemessages --settings=villeslumieres_demo.settings \
		--pythonpath=../example_site
	# The example site's own catalog (its templates), apart from the package's.
	cd example_site && ../$(PY) manage.py makemessages -l fr -l nl -l de --no-obsolete --add-location=file
	cd example_site && ../$(PY) manage.py compilemessages --ignore=.venv

docs: $(INSTALLED)
	$(PY) -m sphinx -W --keep-going -b html -q docs docs/_build/html

screenshots: $(INSTALLED)
	$(PY) scripts/screenshots.py

benchmark: $(INSTALLED)
	$(PY) scripts/benchmark.py $(BENCHMARK_ARGS)
	$(PY) scripts/benchmark_totals.py
	$(PY) scripts/benchmark_network.py

nox: $(INSTALLED)
	$(PY) -m nox

clean:
	rm -rf $(VENV) .nox build dist docs/_build test-results *.egg-info
