"""The background pull of networks, on Django's Tasks framework.

``django.tasks`` on Django 6.0 and later, else the ``django-tasks`` package (which
Wagtail depends on). Enqueue ``pull_networks`` from a scheduler (``enqueue_pull``),
or run ``manage.py pull_network`` from cron: both call ``counter.network``.
With the default ``ImmediateBackend`` an enqueued pull runs at once; with a
worker backend (``django-tasks-db``'s ``DatabaseBackend`` and its ``db_worker``,
as in the example site), it runs in the worker.
"""

import datetime

from django.utils import timezone

try:
    from django.tasks import task
except ImportError:  # Django before 6.0
    from django_tasks import task

from ..conf import vl_settings
from ..models.network import NetworkPage
from . import network


@task()
def pull_networks(network_id=None):
    """Pulls one network (its page ID) or every live network of the site.

    Returns a line per network pulled, keyed by its page ID; a network that no
    longer exists when the worker runs the task is skipped.
    """
    if network_id is None:
        reports = network.pull_all()
    else:
        page = NetworkPage.objects.filter(pk=network_id).select_related("campaign").first()
        reports = {} if page is None else {page.pk: network.pull(page)}
    return {str(pk): str(report) for pk, report in reports.items()}


def enqueue_pull(network_id=None, *, after=None):
    """Enqueues ``pull_networks`` on the backend ``NETWORK_TASK_BACKEND``; returns its result.

    ``after`` (seconds) defers the pull on a backend that supports it (the
    database backend does; the immediate one runs the pull at once and refuses a
    delay).
    """
    queued = pull_networks.using(backend=vl_settings.NETWORK_TASK_BACKEND)
    if after:
        queued = queued.using(run_after=timezone.now() + datetime.timedelta(seconds=after))
    return queued.enqueue(network_id=network_id)
