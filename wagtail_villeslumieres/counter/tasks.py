"""The background pull of networks, on Django's Tasks framework.

``django.tasks`` on Django 6.0 and later, else the ``django-tasks`` package (which
Wagtail depends on). Enqueue ``pull_networks`` from a scheduler, or run
``manage.py pull_network`` from cron: both call ``counter.network.pull_all``.
With the default ``ImmediateBackend`` an enqueued pull runs at once; with a
worker backend (``django-tasks-db``'s ``DatabaseBackend`` and its ``db_worker``),
it runs in the worker.
"""

try:
    from django.tasks import task
except ImportError:  # Django before 6.0
    from django_tasks import task

from . import network


@task()
def pull_networks():
    """Pulls every live network of the site; returns a line per network."""
    return {str(pk): str(report) for pk, report in network.pull_all().items()}
