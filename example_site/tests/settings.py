"""Settings of the example site's tests: the site's own, with the test suite's fast
and isolated parts (the same overrides as the package's ``tests/settings.py``).

``DATABASE_URL`` selects the database (default: SQLite in memory); ``REDIS_URL``
makes the cache a real Redis.
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
    DATABASES["default"]["TEST"] = {"NAME": "file:villeslumieres_demo?mode=memory&cache=shared"}
else:
    # Its own test database, so that it never meets the package suite's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_demo"}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"vl-demo-tests-{os.getpid()}",
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

# As in the package suite: the admin and validation messages in English.
LANGUAGE_CODE = "en"

# The factories the tests share build the example site's home page.
TESTS_HOME_PAGE_MODEL = "home.HomePage"
