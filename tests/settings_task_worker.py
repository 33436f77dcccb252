"""Settings of a site whose network is pulled by a real task worker, for the worker's
integration test: the member site's settings (its own SQLite database and file cache
in ``VL_MEMBER_DIR``) with ``django-tasks-db``'s database backend, so that an
enqueued pull waits in the database until ``manage.py db_worker`` runs it."""

import importlib.util

from tests.network_server import LOOPBACK
from tests.settings import INSTALLED_APPS, WAGTAIL_VILLESLUMIERES
from tests.settings_network_member import *  # noqa: F403

TASKS_IMMEDIATE_BACKEND = (
    "django.tasks.backends.immediate.ImmediateBackend"
    if importlib.util.find_spec("django.tasks")
    else "django_tasks.backends.immediate.ImmediateBackend"
)
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {
    "default": {"BACKEND": TASKS_IMMEDIATE_BACKEND},
    "network": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
WAGTAIL_VILLESLUMIERES = {**WAGTAIL_VILLESLUMIERES, **LOOPBACK, "NETWORK_TASK_BACKEND": "network"}
