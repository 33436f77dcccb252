"""A network pulling a member site that runs as its own server process, with its own database.

The member is the test app served by ``django runserver`` on loopback (its own SQLite
database and cache, ``tests/settings_network_member.py``); sessions are saved on it by
a separate ``django shell``. The network is this test process. Hostile members are
served by the small stand-in server of ``tests/network_server.py``. Every server binds
127.0.0.1, and is stopped by the test.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.test import override_settings

from tests.factories import make_campaign, make_member, make_network
from tests.network_server import LOOPBACK, CounterServer, Route
from wagtail_villeslumieres.counter import network

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SETUP_MEMBER = """
import datetime
from tests.factories import make_campaign, make_home, make_hub
home = make_home(hostname="member")
hub = make_hub(home)
make_campaign()
print(hub.pk)
"""

SAVE_SESSION = """
from tests.factories import make_session
from wagtail_villeslumieres.models import HubPage, LetterCampaign
make_session(LetterCampaign.objects.get(), HubPage.objects.get(), letters={letters})
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MemberSite:
    def __init__(self, directory):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings_network_member",
            "VL_MEMBER_DIR": str(directory),
            "PYTHONPATH": os.getcwd(),
        }
        self.env.pop("DATABASE_URL", None)
        self.port = free_port()
        self.process = None

    def django(self, *args, timeout=300):
        result = subprocess.run(
            [sys.executable, "-m", "django", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.strip()

    def shell(self, code):
        return self.django("shell", "-c", code)

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/villeslumieres/oembed/"), timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # the server answers (404 for an oEmbed without url)
            except OSError:
                time.sleep(0.3)
        raise AssertionError("the member site did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def member_site(tmp_path):
    site = MemberSite(tmp_path)
    site.django("migrate", "--no-input", "-v", "0")
    site.hub_id = int(site.shell(SETUP_MEMBER).splitlines()[-1])
    site.start()
    yield site
    site.stop()


def test_a_member_site_served_by_its_own_process_is_pulled_counted_and_kept_when_it_fails(
    member_site, home
):
    national = make_network(home, make_campaign())
    json_url = member_site.url(f"/villeslumieres/counter/marathon-2016/{member_site.hub_id}.json")
    with (
        CounterServer() as hostile,
        override_settings(WAGTAIL_VILLESLUMIERES={"BASE_TEMPLATE": "base.html", **LOOPBACK}),
    ):
        walcourt = make_member(national, name="Walcourt", url=json_url)
        network.pull(national)
        walcourt.refresh_from_db()
        assert walcourt.error == ""
        assert network.network_figures(national).total == 0

        # A session saved on the member shows in the network's total after a pull.
        member_site.shell(SAVE_SESSION.format(letters=25))
        network.pull(national)
        assert network.network_figures(national).total == 25

        # Nothing changed: the member answers 304, and the pull writes nothing.
        report = network.pull(national)
        assert (report.unchanged, report.changed) == (1, 0)

        # The member stops: stale, still counted.
        member_site.stop()
        network.pull(national)
        walcourt.refresh_from_db()
        assert walcourt.is_stale
        assert "could not be reached" in walcourt.error
        assert network.network_figures(national).total == 25

        # Hostile members: each refused, recorded, the total unchanged.
        path = "/bad/counter/marathon-2016.json"
        hostile.routes["/malformed/counter/marathon-2016.json"] = Route(b"{not json")
        hostile.routes["/huge/counter/marathon-2016.json"] = Route(b"1" * (10 * 1024 * 1024))
        hostile.routes["/private/counter/marathon-2016.json"] = Route(
            status=302, headers={"Location": "http://192.168.0.1/counter/marathon-2016.json"}
        )
        hostile.routes["/loop/counter/marathon-2016.json"] = Route(
            status=302, headers={"Location": path}
        )
        hostile.routes[path] = Route(
            status=302, headers={"Location": "/loop/counter/marathon-2016.json"}
        )
        expected = {
            "malformed": "not JSON",
            "huge": "larger than",
            "private": "private or local network",
            "loop": "loop",
        }
        for name in expected:
            make_member(national, name=name, url=hostile.url(f"/{name}/counter/marathon-2016.json"))
        report = network.pull(national)
        assert report.failed == 5
        for name, message in expected.items():
            member = national.members.get(name=name)
            assert message in member.error, (name, member.error)
            assert member.figures is None
        assert network.network_figures(national).total == 25
