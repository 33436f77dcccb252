"""A saved session drops only its own campaign and hub; readers recompute once (single flight)."""

import threading
import time
from unittest import mock

import pytest
from django.db import DatabaseError

from tests.factories import (
    make_campaign,
    make_campaign_translation,
    make_hub,
    make_hub_translation,
    make_session,
)
from wagtail_villeslumieres.counter import payload, totals

pytestmark = pytest.mark.django_db

READERS = 50


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def other_campaign(locale_fr):
    return make_campaign(name="Marathon des lettres 2017", slug="marathon-2017", year=2017)


@pytest.fixture
def other_hub(home):
    return make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")


def warm(*reads):
    for read in reads:
        read()


def test_a_saved_session_leaves_other_hubs_and_campaigns_warm(
    campaign,
    other_campaign,
    hub,
    other_hub,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    make_session(campaign, hub, letters=10)
    make_session(campaign, other_hub, letters=20)
    make_session(other_campaign, hub, day=10, letters=30)
    untouched = [
        lambda: totals.for_campaign(campaign, other_hub),
        lambda: totals.for_campaign(other_campaign),
        lambda: totals.for_campaign(other_campaign, hub),
        lambda: payload.counter_payload(campaign.slug, other_hub.pk),
        lambda: payload.counter_payload(other_campaign.slug),
        lambda: totals.per_hub(other_campaign),
    ]
    warm(*untouched)
    with django_capture_on_commit_callbacks(execute=True):
        make_session(campaign, hub, day=11, letters=5)
    with django_assert_num_queries(0):
        warm(*untouched)
    assert totals.for_campaign(campaign).total == 35
    assert totals.for_campaign(campaign, hub).total == 15


def test_a_saved_session_drops_its_hub_and_campaign_in_every_translation(
    campaign, hub, django_capture_on_commit_callbacks
):
    dutch_campaign = make_campaign_translation(campaign, "nl", "Brievenmarathon 2016")
    dutch_hub = make_hub_translation(hub, "nl", "Walcourt, Lichtstad")
    make_session(campaign, hub, letters=10)
    for language in ("", "nl", "fr"):
        for page_id in (None, hub.pk, dutch_hub.pk):
            assert payload.counter_payload(campaign.slug, page_id, language)["total"] == 10
    assert totals.for_campaign(dutch_campaign, dutch_hub).total == 10
    with django_capture_on_commit_callbacks(execute=True):
        make_session(dutch_campaign, dutch_hub, day=11, letters=5)
    for language in ("", "nl", "fr"):
        for page_id in (None, hub.pk, dutch_hub.pk):
            assert payload.counter_payload(campaign.slug, page_id, language)["total"] == 15
    assert totals.for_campaign(campaign, hub).total == 15
    assert [row.total for row in totals.per_hub(dutch_campaign)] == [15]


def test_a_session_moved_to_another_hub_drops_both_hubs(
    campaign, hub, other_hub, django_capture_on_commit_callbacks
):
    session = make_session(campaign, hub, letters=10)
    assert payload.counter_payload(campaign.slug, hub.pk)["total"] == 10
    assert payload.counter_payload(campaign.slug, other_hub.pk)["total"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        session.hub = other_hub
        session.save()
    assert payload.counter_payload(campaign.slug, hub.pk)["total"] == 0
    assert payload.counter_payload(campaign.slug, other_hub.pk)["total"] == 10


def test_a_renamed_campaign_drops_its_payloads_under_the_old_and_new_slug(
    campaign, hub, django_capture_on_commit_callbacks
):
    make_session(campaign, hub, letters=10)
    assert payload.counter_payload(campaign.slug, hub.pk)["campaign"]["name"] == campaign.name
    with django_capture_on_commit_callbacks(execute=True):
        campaign.name = "Marathon 2016 (édition spéciale)"
        campaign.save()
    found = payload.counter_payload(campaign.slug, hub.pk)
    assert found["campaign"]["name"] == "Marathon 2016 (édition spéciale)"


def counting(value):
    """A stand-in for the query behind a figure: returns ``value`` slowly, counts its calls.

    The threads then touch only the cache (the subject here), not the test's database.
    """
    calls = []
    lock = threading.Lock()

    def compute(*args, **kwargs):
        with lock:
            calls.append(1)
        time.sleep(0.05)
        return value

    return compute, calls


def read_in_threads(read, count=READERS):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def reader():
        try:
            barrier.wait(timeout=30)
            results.append(read())
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_a_reader_locking_just_after_another_stored_the_value_recomputes_nothing(campaign, hub):
    """The gap between a reader's read and its lock: another reader recomputed in it."""
    make_session(campaign, hub, letters=10)
    totals.invalidate(*totals.campaign_scopes(campaign.translation_key))
    compute, calls = counting(totals._compute(campaign, None))
    real_cache = totals._cache()

    class LockingLate:
        """The cache as this reader meets it: another reader recomputes just before its lock."""

        def __getattr__(self, name):
            return getattr(real_cache, name)

        def add(self, key, *args, **kwargs):
            if key.endswith(":lock") and not calls:
                with mock.patch.object(totals, "_cache", lambda: real_cache):
                    totals.for_campaign(campaign)  # the other reader, start to finish
            return real_cache.add(key, *args, **kwargs)

    with (
        mock.patch.object(totals, "_compute", compute),
        mock.patch.object(totals, "_cache", LockingLate),
    ):
        assert totals.for_campaign(campaign).total == 10
    assert len(calls) == 1


def test_fifty_readers_after_an_invalidation_trigger_one_recompute(campaign, hub):
    make_session(campaign, hub, letters=10)
    assert totals.for_campaign(campaign).total == 10
    totals.invalidate(*totals.campaign_scopes(campaign.translation_key))
    compute, calls = counting(totals._compute(campaign, None))
    with mock.patch.object(totals, "_compute", compute):
        results = read_in_threads(lambda: totals.for_campaign(campaign).total)
    assert len(calls) == 1
    # The others got the last known value meanwhile.
    assert results == [10] * READERS


def test_fifty_cold_readers_wait_for_the_one_recompute(campaign, hub):
    make_session(campaign, hub, letters=10)
    compute, calls = counting(totals._compute(campaign, None))
    with mock.patch.object(totals, "_compute", compute):
        results = read_in_threads(lambda: totals.for_campaign(campaign).total)
    assert len(calls) == 1
    assert results == [10] * READERS


def test_a_reader_does_not_wait_forever_for_a_recompute_that_died(campaign, hub, settings):
    make_session(campaign, hub, letters=10)
    cache = totals._cache()
    # A lock left by a process that died while recomputing.
    key = f"{totals.KEY_PREFIX}:{campaign.translation_key}:all:{campaign.goal}:lock"
    cache.set(key, True, 60)
    with mock.patch.object(totals, "WAIT_SECONDS", 0.1):
        started = time.monotonic()
        assert totals.for_campaign(campaign).total == 10
    assert time.monotonic() - started < 1


def test_stale_turns_true_as_soon_as_any_read_fails(campaign, other_campaign, hub):
    make_session(campaign, hub, letters=10)
    assert totals.for_campaign(other_campaign).stale is False
    assert payload.counter_payload(other_campaign.slug)["stale"] is False
    # Another counter's read fails: the database is away.
    totals.invalidate(*totals.campaign_scopes(campaign.translation_key))
    totals.for_campaign(campaign)
    with mock.patch.object(totals, "_compute", side_effect=DatabaseError("gone")):
        totals.invalidate(*totals.campaign_scopes(campaign.translation_key))
        assert totals.for_campaign(campaign).stale is True
    # Still fresh in the cache, but no longer known to be true.
    assert totals.for_campaign(other_campaign).stale is True
    assert payload.counter_payload(other_campaign.slug)["stale"] is True
