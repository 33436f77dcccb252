"""The demo's SQLite under an editor's concurrent requests: publishing while the page's
autosave and editing-session pings write, without "database is locked".

The demo's settings (``SQLITE_OPTIONS``) are applied to a database file holding a
copy of the test database; threads then write to it as the admin's requests do.
"""

import sqlite3
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, connections
from django.utils import timezone
from wagtail.admin.models import EditingSession

from tests.factories import make_campaign, make_home, make_hub, make_session
from villeslumieres_demo import settings as demo_settings
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import HubPage, WritingSession

pytestmark = pytest.mark.django_db(transaction=True)

#: Rounds each thread runs: enough for the writes to overlap, few enough to stay quick.
ROUNDS = 6
AUTOSAVERS = 3


@pytest.fixture
def demo_database_file(tmp_path):
    """Call it to copy the test database to a file that new threads then use, with the
    demo's options; the test's own thread stays on the test database."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking only: other databases lock rows, not the file")
    path = tmp_path / "demo.sqlite3"
    stored = connections.settings["default"]

    def use_file():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        connections.settings["default"] = {
            **stored,
            "NAME": str(path),
            "OPTIONS": dict(demo_settings.SQLITE_OPTIONS),
        }

    yield use_file
    connections.settings["default"] = stored


def run_together(targets):
    """Every target in its own thread (own connection), started at once; their errors."""
    barrier = threading.Barrier(len(targets))
    errors = []

    def wrapped(target):
        try:
            barrier.wait(timeout=30)
            target()
        except Exception as error:  # collected: the test names every thread's error
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def in_file(query):
    """Reads the database file from a thread of its own (the test's thread has its own)."""
    found = []
    run_together([lambda: found.append(query())])
    return found[0]


def test_the_demo_configures_sqlite_for_concurrent_admin_requests():
    options = demo_settings.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def test_publishing_while_autosave_and_pings_write_raises_no_locked_database(demo_database_file):
    hub = make_hub(make_home())
    campaign = make_campaign()
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    demo_database_file()
    content_type = ContentType.objects.get_for_model(HubPage)

    def publisher():
        page = HubPage.objects.get(pk=hub.pk)
        for number in range(ROUNDS):
            page.intro = f"Publication {number}"
            page.save_revision(user=editor).publish(user=editor)

    def autosaver():
        # What the edit view's autosave does: a new revision of the page being edited,
        # then the editing session's ping, and a session recorded on another tab.
        page = HubPage.objects.get(pk=hub.pk)
        for _ in range(ROUNDS):
            page.save_revision(user=editor, clean=False)
            EditingSession.objects.update_or_create(
                user=editor,
                content_type=content_type,
                object_id=str(hub.pk),
                defaults={"last_seen_at": timezone.now(), "is_editing": True},
            )
            make_session(campaign, hub, letters=1)

    errors = run_together([publisher, *[autosaver] * AUTOSAVERS])

    locked = [error for error in errors if isinstance(error, OperationalError)]
    assert locked == []
    assert errors == []
    sessions = in_file(lambda: WritingSession.objects.count())
    assert sessions == ROUNDS * AUTOSAVERS
    letters = in_file(lambda: totals.for_campaign(campaign).total)
    assert letters == ROUNDS * AUTOSAVERS
    intro = in_file(lambda: HubPage.objects.get(pk=hub.pk).intro)
    assert intro == f"Publication {ROUNDS - 1}"
