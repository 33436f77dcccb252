"""Concurrent session saves on PostgreSQL lose nothing, and readers end on the true total.

Skipped on SQLite (one writer at a time by design); CI runs the suite on PostgreSQL.
"""

import random
import threading

import pytest
from django.db import connection, connections

from tests.factories import make_campaign, make_home, make_hub, make_session
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import WritingSession

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 50


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")


def run_in_threads(targets):
    """Start every target at once (a barrier), each thread on its own connection."""
    barrier = threading.Barrier(len(targets))
    errors = []

    def wrapped(target):
        try:
            barrier.wait(timeout=30)
            target()
        except Exception as error:  # reported below, with the other threads' errors
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def test_fifty_concurrent_session_saves_lose_nothing():
    hub = make_hub(make_home())
    campaign = make_campaign()
    counts = [random.randint(1, 300) for _ in range(WRITERS)]  # noqa: S311
    totals.for_campaign(campaign)  # a warm cache that every save must invalidate

    def writer(letters, day):
        return lambda: make_session(campaign, hub, letters=letters, day=day)

    def reader():
        for _ in range(5):
            totals.for_campaign(campaign)
            totals.for_campaign(campaign, hub)

    targets = [writer(letters, 1 + index % 17) for index, letters in enumerate(counts)]
    targets += [reader for _ in range(10)]
    run_in_threads(targets)

    assert WritingSession.objects.count() == WRITERS
    figures = totals.for_campaign(campaign)
    assert figures.total == sum(counts)
    assert figures.sessions == WRITERS
    assert totals.for_campaign(campaign, hub).total == sum(counts)


def test_concurrent_edits_of_different_sessions_all_count():
    hub = make_hub(make_home())
    campaign = make_campaign()
    sessions = [make_session(campaign, hub, letters=1) for _ in range(WRITERS)]
    assert totals.for_campaign(campaign).total == WRITERS

    def editor(pk):
        def edit():
            session = WritingSession.objects.get(pk=pk)
            session.drawings = 2
            session.save()

        return edit

    run_in_threads([editor(session.pk) for session in sessions])

    assert totals.for_campaign(campaign).total == WRITERS * 3
