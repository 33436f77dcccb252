"""The example site's production settings pass ``check --deploy`` with no warning.

Run as an operator would: ``manage.py check --deploy`` in a subprocess, with the
settings module and its environment variables (no database or Redis is reached).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE_SITE = Path(__file__).resolve().parent.parent

ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "villeslumieres_demo.settings_production",
    "DJANGO_SECRET_KEY": "k7Qf2vXw9Lr4Tz8Bn1Hd6Jm3Ps5Vy0Cg7Ka2Ue9Wo4Ri1Xl8Zb3Nq6Mf5Th0Dj",
    "DJANGO_ALLOWED_HOSTS": "walcourt.example,ixelles.example",
    "DATABASE_URL": "postgres://villeslumieres:secret@db.internal:5432/villeslumieres",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://walcourt.example",
}


#: Set by the browser tests' conftest for Playwright; a deployment never has it.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG"}


def manage(*args, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ENVIRONMENT and key not in TEST_ONLY
    }
    env.update({key: value for key, value in environment.items() if value is not None})
    env["PYTHONPATH"] = str(EXAMPLE_SITE)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=EXAMPLE_SITE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issue_with_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **ENVIRONMENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_check_deploy_reports_the_missing_https_settings_of_the_development_settings():
    # What the production settings fix: the demo's settings, debug off.
    result = manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="villeslumieres_demo.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=ENVIRONMENT["DJANGO_SECRET_KEY"],
    )
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in result.stderr


@pytest.mark.parametrize(
    "name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
)
def test_a_missing_required_variable_is_named(name):
    result = manage("check", **{**ENVIRONMENT, name: None})
    assert result.returncode != 0
    assert f"Set the environment variable {name}" in result.stderr


def test_the_production_settings_read_their_values_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS, "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['OPTIONS'], "
        "s.CACHES['default']['BACKEND'], s.MIDDLEWARE[-1])"
    )
    result = manage("shell", "-c", code, **ENVIRONMENT, DJANGO_HSTS_SECONDS="300")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['walcourt.example', 'ixelles.example'] "
        "['https://walcourt.example', 'https://ixelles.example'] 300 60 "
        "{'connect_timeout': 5} django.core.cache.backends.redis.RedisCache "
        "wagtail_villeslumieres.middleware.PublicContentSecurityPolicyMiddleware"
    )
