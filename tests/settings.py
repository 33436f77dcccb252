"""Settings of the package's test suite: a site of its own (``tests.testapp``).

Nothing here comes from the example site, whose tests have their own settings
(``example_site/tests/settings.py``). The site is a commune's: Belgium's three
official languages and English, Wagtail's i18n with wagtail-localize.

``DATABASE_URL`` selects the database (default: SQLite in memory), for example
``postgres://postgres@127.0.0.1:5432/villeslumieres`` (pytest-django creates and
drops ``test_villeslumieres``). ``REDIS_URL`` makes the cache a real Redis.
"""

import os
from pathlib import Path

import dj_database_url

ROOT_DIR = Path(__file__).resolve().parent.parent

DEBUG = False
SECRET_KEY = "tests-only"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

INSTALLED_APPS = [
    "tests.testapp",
    "wagtail_villeslumieres",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
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
]

MIDDLEWARE = [
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

ROOT_URLCONF = "tests.testapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {
    "default": dj_database_url.config(default="sqlite://:memory:"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Browser tests serve pages from another thread; a shared in-memory database
    # lets that thread see what the test wrote.
    DATABASES["default"]["TEST"] = {"NAME": "file:villeslumieres?mode=memory&cache=shared"}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "wagtail_villeslumieres.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"vl-tests-{os.getpid()}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The site's languages: Belgium's three official languages, and English. The admin
# and validation messages are in English, so tests compare source strings; tests
# of translations activate a language explicitly.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ROOT_DIR / "test-results" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = ROOT_DIR / "test-results" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Walcourt, Ville lumières"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_VILLESLUMIERES = {
    "BASE_TEMPLATE": "base.html",
}
