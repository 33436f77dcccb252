"""Production settings of the example site: a starting point for a commune's own.

Everything that differs between two deployments comes from the environment, and
``manage.py check --deploy`` passes with no warning (tests/test_production_settings.py
runs it). Use them with ``DJANGO_SETTINGS_MODULE=villeslumieres_demo.settings_production``;
docs/howto/deployment.md walks through each value.

Required:

- ``DJANGO_SECRET_KEY``: at least 50 random characters (``python -c "import secrets;
  print(secrets.token_urlsafe(50))"``), never committed.
- ``DJANGO_ALLOWED_HOSTS``: the site's host names, comma-separated (one per
  commune's Site on a shared install), e.g. ``walcourt.example,ixelles.example``.
- ``DATABASE_URL``: the PostgreSQL database, ``postgres://user:password@host:5432/name``.
- ``REDIS_URL``: the shared cache, ``redis://host:6379/0``.
- ``WAGTAILADMIN_BASE_URL``: the admin's address, e.g. ``https://walcourt.example``.

Optional (defaults in brackets):

- ``DJANGO_CSRF_TRUSTED_ORIGINS`` [``https://`` + each allowed host].
- ``DJANGO_SECURE_SSL_REDIRECT`` [``1``]: ``0`` only when the proxy in front
  already redirects every ``http://`` request.
- ``DJANGO_SECURE_PROXY_SSL_HEADER`` [``0``]: ``1`` behind a proxy that terminates
  HTTPS and sets ``X-Forwarded-Proto`` (and strips it from clients' requests).
- ``DJANGO_HSTS_SECONDS`` [one year], ``DJANGO_HSTS_INCLUDE_SUBDOMAINS`` [``1``],
  ``DJANGO_HSTS_PRELOAD`` [``1``]: start with ``DJANGO_HSTS_SECONDS=300`` on a new
  domain, raise it once HTTPS works everywhere.
- ``DATABASE_CONN_MAX_AGE`` [``60``] seconds a connection is reused,
  ``DATABASE_CONNECT_TIMEOUT`` [``5``] seconds to reach the database.
- ``CACHE_KEY_PREFIX`` [``villeslumieres``], ``CACHE_TIMEOUT_SECONDS`` [``2``]: how
  long a request waits for Redis before failing.
- ``DJANGO_CONTENT_SECURITY_POLICY`` [``1``]: the package's Content-Security-Policy
  on public pages (``0`` turns it off).
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS, MIDDLEWARE


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see {__name__}).")
    return value


def flag(name, default):
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes")


def number(name, default):
    return int(os.environ.get(name, default))


def listed(value):
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
# Uploaded files are served by the web server (docs/howto/deployment.md), not Django.
DEMO_SERVES_MEDIA = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = listed(required("DJANGO_ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = listed(os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "")) or [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"
]
WAGTAILADMIN_BASE_URL = required("WAGTAILADMIN_BASE_URL")

# HTTPS everywhere: redirect, then tell browsers never to try plain HTTP again.
SECURE_SSL_REDIRECT = flag("DJANGO_SECURE_SSL_REDIRECT", True)
if flag("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = number("DJANGO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Only allows a submission to the browsers' preload list (hstspreload.org); the
# header alone preloads nothing.
SECURE_HSTS_PRELOAD = flag("DJANGO_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the counter's embed views allow framing themselves

# Cookies only over HTTPS; the session cookie out of JavaScript's reach.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# PostgreSQL, with connections reused between requests and a bound on the wait
# for a database that does not answer.
DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL"),
        conn_max_age=number("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = number(
        "DATABASE_CONNECT_TIMEOUT", 5
    )
    # Wagtail's database search uses PostgreSQL's full-text fields there, which
    # Django's checks (6.1 and later) require the postgres app for.
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]

# One cache shared by every process: totals invalidated by one are seen by all.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": required("REDIS_URL"),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "villeslumieres"),
        "OPTIONS": {
            "socket_connect_timeout": number("CACHE_TIMEOUT_SECONDS", 2),
            "socket_timeout": number("CACHE_TIMEOUT_SECONDS", 2),
        },
    }
}

# A Content-Security-Policy on the public pages (not the admin, which needs inline
# scripts); the counter's embed keeps its own stricter one.
if flag("DJANGO_CONTENT_SECURITY_POLICY", True):
    MIDDLEWARE = [
        *MIDDLEWARE,
        "wagtail_villeslumieres.middleware.PublicContentSecurityPolicyMiddleware",
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Networks pull other sites' counters over https only, from public addresses only:
# the demo's exceptions (plain http, loopback) do not apply here.
WAGTAIL_VILLESLUMIERES = {
    key: value
    for key, value in WAGTAIL_VILLESLUMIERES.items()  # noqa: F405
    if key not in ("NETWORK_ALLOW_HTTP", "NETWORK_ALLOWED_ADDRESSES")
}
