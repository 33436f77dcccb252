# wagtail-villeslumieres: the commands a newcomer needs. Each creates the virtual
# environment it needs on first use (Python 3.11+ and make are all it takes).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := cd example_site && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv demo test test-postgres lint format migrations messages docs screenshots nox clean

help:
	@echo "make demo          run the demo site on http://$(HOST):$(PORT)/ (admin login printed)"
	@echo "make test          run the whole test suite (SQLite; browser tests need Chromium)"
	@echo "make test-postgres the same on PostgreSQL (DATABASE_URL, default 127.0.0.1:5432)"
	@echo "make lint          ruff check + format check"
	@echo "make docs          build the documentation (warnings are errors)"
	@echo "make migrations    regenerate the package's initial migration (unreleased)"
	@echo "make messages      update and compile the translation catalogs"
	@echo "make screenshots   refresh the screenshots in docs/ from the demo"

$(PY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,docs]"
	@touch $(PY)

venv: $(PY)

demo: $(PY)
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	@echo "Demo: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(PY)
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(PY)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/villeslumieres} \
		$(PY) -m pytest $(PYTEST_ARGS)

lint: $(PY)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(PY)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# While unreleased, the package keeps one initial migration; this regenerates it,
# with the oldest supported Wagtail and Django so that it applies on every
# supported version (under a lock, so concurrent runs do not collide).
OLDEST_PY := .nox/oldest/bin/python
$(OLDEST_PY): $(PY)
	$(PY) -m nox -s oldest --install-only

migrations: $(OLDEST_PY)
	flock /tmp/wagtail-villeslumieres-migrations.lock sh -c '\
		rm -f wagtail_villeslumieres/migrations/0001_initial.py example_site/home/migrations/0001_initial.py && \
		cd example_site && ../$(OLDEST_PY) manage.py makemigrations wagtail_villeslumieres home'

messages: $(PY)
	cd wagtail_villeslumieres && ../$(PY) -m django makemessages --settings=villeslumieres_demo.settings \
		--pythonpath=../example_site -l fr -l nl -l de --no-obsolete --add-location=file
	cd wagtail_villeslumieres && ../$(PY) -m django makemessages -d djangojs --settings=villeslumieres_demo.settings \
		--pythonpath=../example_site -l fr -l nl -l de --no-obsolete --add-location=file
	cd wagtail_villeslumieres && ../$(PY) -m django compilemessages --settings=villeslumieres_demo.settings \
		--pythonpath=../example_site

docs: $(PY)
	$(PY) -m sphinx -W --keep-going -b html -q docs docs/_build/html

screenshots: $(PY)
	$(PY) scripts/screenshots.py

nox: $(PY)
	$(PY) -m nox

clean:
	rm -rf $(VENV) .nox build dist docs/_build test-results *.egg-info
