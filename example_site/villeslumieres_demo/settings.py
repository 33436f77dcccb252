"""Settings of the example site: a commune's Wagtail site using wagtail-villeslumieres.

Environment variables:

- ``DATABASE_URL``: database to use, for example
  ``postgres://postgres@127.0.0.1:5432/villeslumieres``; default: SQLite in
  ``example_site/db.sqlite3``.
- ``REDIS_URL``: a Redis server for the shared cache, for example
  ``redis://127.0.0.1:6379/0``; default: a per-process memory cache.
- ``DEMO_HOST``, ``DEMO_PORT``: the address the demo is served on (default
  ``127.0.0.1`` and ``8000``; ``make demo HOST=… PORT=…`` sets them). The admin's
  base URL, the trusted origins and the demo's Sites (``load_demo``) follow them.
- ``DJANGO_DEBUG``: ``1`` for Django's debug pages, tracebacks included (default
  off: the demo shows its own 404 and 500 pages; ``make demo DEBUG=1`` sets it).
- ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``: as in Django.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent
BASE_DIR = PROJECT_DIR.parent
# The example site's own catalogs (its templates); the package ships its own.
LOCALE_PATHS = [BASE_DIR / "locale"]

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
# Without DEBUG, the demo still serves its uploaded images (urls.py) and, run with
# `runserver --insecure` (make demo), its static files; production settings turn this off.
DEMO_SERVES_MEDIA = True

# The address the demo is served on: every absolute link follows it.
DEMO_HOST = os.environ.get("DEMO_HOST", "127.0.0.1")
DEMO_PORT = int(os.environ.get("DEMO_PORT", "8000"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-site-not-secret-change-me")
# ixelles.localhost: the demo's second commune, a Site of its own on the same install.
ALLOWED_HOSTS = os.environ.get(
    "DJANGO_ALLOWED_HOSTS",
    f"{DEMO_HOST},127.0.0.1,localhost,ixelles.localhost,section.localhost,testserver",
).split(",")
CSRF_TRUSTED_ORIGINS = [
    f"http://{host}:{DEMO_PORT}"
    for host in dict.fromkeys([DEMO_HOST, "127.0.0.1", "localhost", "ixelles.localhost"])
]

INSTALLED_APPS = [
    "home",
    "search",
    "wagtail_villeslumieres",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    # Purges pages, and the counter's addresses, from a CDN or Varnish when configured.
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The task queue in the database, run by `manage.py db_worker` (TASKS below).
    "django_tasks_db",
]

MIDDLEWARE = [
    # A 503 page, not a 500, while the database is away (optional; docs/howto/deployment.md).
    "wagtail_villeslumieres.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "villeslumieres_demo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "villeslumieres_demo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}

#: SQLite for an admin in use: the editor's page sends background requests (autosave,
#: editing-session pings) while it publishes. Each transaction takes the write lock when
#: it begins (IMMEDIATE) and waits for it up to ``timeout`` seconds, instead of failing
#: with "database is locked" when it first writes; WAL lets readers go on meanwhile.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "wagtail_villeslumieres.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "villeslumieres-demo"),
        }
    }
else:
    # A cache every process shares without another service: a session saved from a
    # shell or another worker shows at once (a per-process cache would keep the old
    # figure for up to CACHE_TIMEOUT). Redis (REDIS_URL) is faster for production.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "cache")),
        }
    }

# A Varnish (or Squid) in front of the site: FRONTEND_CACHE_URL=http://127.0.0.1:6081
# makes Wagtail purge pages on publish and the package purge a counter's addresses
# when a session is saved (docs/howto/deployment.md).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Languages: Belgium's three official languages, and English.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A translation submitted with wagtail-localize starts as a draft and goes live once
# translated, instead of going live at once with the original's text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

WAGTAIL_SITE_NAME = "Walcourt, Ville lumières"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"http://{DEMO_HOST}:{DEMO_PORT}")
# No avatars fetched from gravatar.com: the demo asks nothing of other sites.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's Tasks framework: built in from Django 6.0, the django-tasks package before.
TASKS_IMMEDIATE_BACKEND = (
    "django.tasks.backends.immediate.ImmediateBackend"
    if importlib.util.find_spec("django.tasks")
    else "django_tasks.backends.immediate.ImmediateBackend"
)
# The networks' pull waits in the database until `manage.py db_worker --backend
# network` runs it (`make demo` starts one beside the server); Wagtail's own tasks
# run at once, as without TASKS.
TASKS = {
    "default": {"BACKEND": TASKS_IMMEDIATE_BACKEND},
    "network": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

WAGTAIL_VILLESLUMIERES = {
    "BASE_TEMPLATE": "base.html",
    "NETWORK_TASK_BACKEND": "network",
    # The section's network pulls the demo's own counters over plain HTTP on loopback
    # (home/demo/network.py). Never on a production site.
    "NETWORK_ALLOW_HTTP": True,
    "NETWORK_ALLOWED_ADDRESSES": ["127.0.0.0/8", "::1/128"],
}
