"""Settings of a member site for the network's integration test: the test app on its own
SQLite database and a file cache (shared by the server and the shell saving sessions),
both in ``VL_MEMBER_DIR``."""

import os

from tests.settings import *  # noqa: F403

MEMBER_DIR = os.environ["VL_MEMBER_DIR"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(MEMBER_DIR, "member.sqlite3"),
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(MEMBER_DIR, "cache"),
    }
}
SILENCED_SYSTEM_CHECKS = ["wagtail_villeslumieres.W002"]
