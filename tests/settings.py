"""Settings of the test suite: the example site's, with fast and isolated parts.

``DATABASE_URL`` selects the database (default: SQLite in memory), for example
``postgres://postgres@127.0.0.1:5432/villeslumieres`` (pytest-django creates and
drops ``test_villeslumieres``). ``REDIS_URL`` makes the cache a real Redis.
"""

import os

import dj_database_url

from villeslumieres_demo.settings import *  # noqa: F403
from villeslumieres_demo.settings import BASE_DIR

DEBUG = False
SECRET_KEY = "tests-only"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

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

MEDIA_ROOT = BASE_DIR.parent / "test-results" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# The admin and validation messages in English, so tests compare source strings;
# tests of translations activate a language explicitly.
LANGUAGE_CODE = "en"
