"""The network's pull through a real task worker: ``django-tasks-db``'s database
backend and its ``manage.py db_worker``, as the example site runs them.

The site is the test app in its own processes (its own SQLite database,
``tests/settings_task_worker.py``); its one member is served on loopback by
``tests/network_server.py`` from this process. The worker runs in batch mode: it
runs what is queued, then exits (and is killed if it does not within the timeout).
"""

import importlib.util
import os

import pytest

from tests.factories import counter_body
from tests.network_server import CounterServer, Route
from tests.test_network_integration import MemberSite

pytestmark = [pytest.mark.slow]

SETUP = """
from tests.factories import make_campaign, make_home, make_member, make_network
national = make_network(make_home(hostname="national"), make_campaign())
make_member(national, name="Walcourt", url={url!r})
print(national.pk)
"""

TOTAL = """
from wagtail_villeslumieres.counter import network
from wagtail_villeslumieres.models import NetworkPage
print(network.network_figures(NetworkPage.objects.get(pk={pk})).total)
"""

RESULTS = """
from django_tasks_db.models import DBTaskResult
pulls = DBTaskResult.objects.filter(task_path__endswith=".pull_networks")
print(",".join(pulls.values_list("status", flat=True)))
"""


@pytest.fixture
def worker_site(tmp_path):
    if importlib.util.find_spec("django_tasks_db") is None:
        reason = "django-tasks-db (the example extra) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the task worker test: {reason}")
        pytest.skip(reason)
    site = MemberSite(tmp_path)
    site.env["DJANGO_SETTINGS_MODULE"] = "tests.settings_task_worker"
    site.django("migrate", "--no-input", "-v", "0")
    return site


def last_line(output):
    return output.splitlines()[-1]


def test_an_enqueued_pull_waits_for_the_worker_which_updates_the_network_total(worker_site):
    with CounterServer() as member:
        member.routes["/w/counter/marathon-2016.json"] = Route(counter_body(letters=30))
        url = member.url("/w/counter/marathon-2016.json")
        pk = int(last_line(worker_site.shell(SETUP.format(url=url))))

        worker_site.django("pull_network", "--enqueue", "--network", str(pk))
        assert last_line(worker_site.shell(TOTAL.format(pk=pk))) == "0"
        assert last_line(worker_site.shell(RESULTS)) == "READY"  # queued, not run

        worker_site.django(
            "db_worker",
            "--backend",
            "network",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "-v",
            "0",
            timeout=120,
        )
        assert last_line(worker_site.shell(RESULTS)) == "SUCCESSFUL"
        assert last_line(worker_site.shell(TOTAL.format(pk=pk))) == "30"
        assert [path for path, _ in member.requests] == ["/w/counter/marathon-2016.json"]
