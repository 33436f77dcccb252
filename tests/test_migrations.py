"""Unapplying the package's migrations refuses while its pages exist, and changes nothing.

Run as a site's developer would: ``django-admin migrate wagtail_villeslumieres zero``
in a subprocess, with the suite's settings on a database of its own (a SQLite file,
or a fresh PostgreSQL database when the suite runs on PostgreSQL).
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def database_url(tmp_path):
    """A database URL nobody else uses, removed afterwards."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg

    settings = dj_database_url.parse(configured)
    name = f"vl_migrations_{uuid.uuid4().hex[:8]}"
    server = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield configured.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, *args):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and Django's command line
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def shell(database_url, code):
    result = manage(database_url, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


MAKE_HUB = """
from wagtail.models import Page
from tests.factories import make_commitment, make_commitment_index, make_hub
hub = make_hub(Page.get_first_root_node())
make_commitment(make_commitment_index(hub))
"""
COUNT_PAGES = """
from wagtail.models import Page
print(Page.objects.filter(content_type__app_label="wagtail_villeslumieres").count())
"""
DELETE_PAGES = """
from wagtail_villeslumieres.models import HubPage
for hub in HubPage.objects.all():
    hub.delete()
"""
TABLES = """
from django.db import connection
print(sorted(t for t in connection.introspection.table_names() if "villeslumieres" in t))
"""


def test_unapplying_the_package_refuses_while_its_pages_exist_then_succeeds_without(
    database_url,
):
    assert manage(database_url, "migrate", "--no-input", "-v", "0").returncode == 0
    shell(database_url, MAKE_HUB)
    assert shell(database_url, COUNT_PAGES) == "3"

    refused = manage(database_url, "migrate", "wagtail_villeslumieres", "zero", "--no-input")
    assert refused.returncode != 0
    assert "Cannot unapply the migrations of wagtail_villeslumieres" in refused.stderr
    assert "3 page(s) of its types still exist, in: 'Walcourt, Ville lumières'" in refused.stderr
    assert "Nothing was changed." in refused.stderr
    assert "Traceback" not in refused.stderr
    # The pages, their tables and the migration records are all still there.
    assert shell(database_url, COUNT_PAGES) == "3"
    applied = manage(database_url, "showmigrations", "wagtail_villeslumieres").stdout
    assert "[ ]" not in applied
    assert "wagtail_villeslumieres_hubpage" in shell(database_url, TABLES)

    shell(database_url, DELETE_PAGES)
    unapplied = manage(database_url, "migrate", "wagtail_villeslumieres", "zero", "--no-input")
    assert unapplied.returncode == 0, unapplied.stderr
    assert shell(database_url, TABLES) == "[]"
    assert shell(database_url, COUNT_PAGES) == "0"
