"""Running totals: always what a fresh aggregate of the sessions says, whatever happens to them.

Every session save and delete updates one row per (campaign, hub) in its own
transaction; these tests compare the rows with an aggregate of the session table
after random creates, edits, moves and deletes, and after concurrent writers
(PostgreSQL only).
"""

import random
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    make_campaign,
    make_campaign_translation,
    make_home,
    make_hub,
    make_hub_translation,
    make_session,
)
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import KINDS, LetterTotal, WritingSession


def assert_running_totals_match_the_sessions():
    assert totals.differences() == []


counts = st.fixed_dictionaries({kind: st.integers(0, 40) for kind in KINDS})
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 3), st.integers(0, 3), counts),
        st.tuples(st.just("edit"), st.integers(0, 50), counts),
        st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 3), st.integers(0, 3)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("delete many"), st.integers(0, 3)),
        st.tuples(st.just("rolled back"), st.integers(0, 50), counts),
    ),
    max_size=12,
)


@pytest.fixture
def places(db, locale_fr):
    """Two campaigns and two hubs, each with a Dutch translation (index 2, 3)."""
    home = make_home()
    first = make_campaign()
    second = make_campaign(name="Marathon 2017", slug="marathon-2017", year=2017)
    walcourt = make_hub(home)
    ath = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    campaigns = [first, second, make_campaign_translation(first, "nl", "Brievenmarathon 2016")]
    campaigns.append(make_campaign_translation(second, "nl", "Brievenmarathon 2017"))
    hubs = [walcourt, ath, make_hub_translation(walcourt, "nl", "Walcourt, Lichtstad")]
    hubs.append(make_hub_translation(ath, "nl", "Ath, Lichtstad"))
    return campaigns, hubs


def pick(sessions, index):
    existing = list(sessions)
    return existing[index % len(existing)] if existing else None


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_running_totals_equal_a_fresh_aggregate_after_any_changes(places, steps):
    campaigns, hubs = places
    for step in steps:
        kind, *arguments = step
        sessions = WritingSession.objects.order_by("pk")
        if kind == "create":
            campaign, hub, values = campaigns[arguments[0]], hubs[arguments[1]], arguments[2]
            make_session(campaign, hub, **values)
        elif kind in ("edit", "rolled back"):
            session = pick(sessions, arguments[0])
            if session is None:
                continue
            for name, value in arguments[1].items():
                setattr(session, name, value)
            if kind == "edit":
                session.save()
            else:
                with pytest.raises(RuntimeError), transaction.atomic():
                    session.save()
                    raise RuntimeError("rolled back")
        elif kind == "move":
            session = pick(sessions, arguments[0])
            if session is None:
                continue
            session.campaign, session.hub = campaigns[arguments[1]], hubs[arguments[2]]
            session.save()
        elif kind == "delete":
            session = pick(sessions, arguments[0])
            if session is not None:
                session.delete()
        else:
            WritingSession.objects.filter(hub=hubs[arguments[0]]).delete()
        assert_running_totals_match_the_sessions()


@pytest.mark.django_db
def test_a_moved_session_leaves_its_old_hub_and_campaign(places):
    campaigns, hubs = places
    session = make_session(campaigns[0], hubs[0], letters=30)
    session.campaign, session.hub = campaigns[1], hubs[1]
    session.save()
    assert totals.for_campaign(campaigns[0], hubs[0]).total == 0
    assert totals.for_campaign(campaigns[1], hubs[1]).total == 30
    # Through a translation of each: the same rows.
    assert totals.for_campaign(campaigns[3], hubs[3]).total == 30


@pytest.mark.django_db
def test_a_save_costs_the_same_queries_whatever_the_number_of_sessions(
    places, django_assert_max_num_queries
):
    campaigns, hubs = places
    session = make_session(campaigns[0], hubs[0], letters=1)

    def queries_to_edit():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            session.letters += 1
            session.save()
        return len(captured)

    few = queries_to_edit()
    WritingSession.objects.bulk_create(
        [make_session(campaigns[0], hubs[0], save=False) for _ in range(300)]
    )
    assert queries_to_edit() == few


@pytest.mark.django_db
def test_rebuild_command_reports_and_repairs_differences(places):
    campaigns, hubs = places
    make_session(campaigns[0], hubs[0], letters=12)
    # A bulk update bypasses the running totals.
    WritingSession.objects.update(letters=20)
    out = StringIO()
    with pytest.raises(CommandError, match="1 running totals differ"):
        call_command("rebuild_letter_totals", "--check", stdout=out)
    assert "letters 12 → 20" in out.getvalue()
    out = StringIO()
    call_command("rebuild_letter_totals", stdout=out)
    assert "letters 12 → 20" in out.getvalue()
    assert "1 running totals rebuilt" in out.getvalue()
    assert_running_totals_match_the_sessions()
    assert totals.for_campaign(campaigns[0]).total == 20


@pytest.mark.django_db
def test_rebuild_command_says_when_everything_matches(places):
    campaigns, hubs = places
    make_session(campaigns[0], hubs[0], letters=12)
    out = StringIO()
    call_command("rebuild_letter_totals", "--check", stdout=out)
    assert "match the sessions" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_running_totals_survive_concurrent_writers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    home = make_home()
    campaigns = [make_campaign(), make_campaign(name="2017", slug="marathon-2017", year=2017)]
    hubs = [
        make_hub(home),
        make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath"),
    ]
    shared = [make_session(campaigns[0], hubs[0], letters=1) for _ in range(6)]
    barrier = threading.Barrier(12)
    errors = []

    def writer(seed):
        chance = random.Random(seed)  # noqa: S311 - test data
        try:
            barrier.wait(timeout=30)
            for _ in range(8):
                action = chance.choice(["create", "edit", "move", "delete"])
                if action == "create":
                    make_session(chance.choice(campaigns), chance.choice(hubs), letters=3)
                    continue
                # Several writers on the same few sessions, each from its own (soon
                # outdated) copy: the save locks the stored row and applies its change once.
                session = WritingSession.objects.filter(pk=chance.choice(shared).pk).first()
                if session is None:
                    continue
                if action == "delete":
                    session.delete()
                    continue
                if action == "edit":
                    session.drawings = chance.randint(0, 9)
                else:
                    session.campaign, session.hub = chance.choice(campaigns), chance.choice(hubs)
                try:
                    # Not re-created if another writer deleted it meanwhile.
                    session.save(force_update=True)
                except DatabaseError as error:
                    assert "did not affect any rows" in str(error)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert_running_totals_match_the_sessions()
    assert LetterTotal.objects.exists()
