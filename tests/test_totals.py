"""Letter totals: one aggregate query, cached, shared by translations, never mixed up."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from tests.factories import make_campaign, make_hub, make_session
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import WritingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def other_hub(home):
    return make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")


def translate_page(page, language_code):
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    return page.copy_for_translation(locale, copy_parents=True)


def translate_campaign(campaign, language_code, name):
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    translation_ = campaign.copy_for_translation(locale)
    translation_.name = name
    translation_.save()
    return translation_


def test_total_adds_every_kind_of_every_session(campaign, hub):
    make_session(campaign, hub, letters=120, drawings=30, messages=5, emails=2, tweets=1)
    make_session(campaign, hub, day=11, letters=80, drawings=0)
    result = totals.for_campaign(campaign)
    assert result.total == 238
    assert result.by_kind == {
        "letters": 200,
        "drawings": 30,
        "messages": 5,
        "emails": 2,
        "tweets": 1,
    }
    assert list(result.by_kind) == ["letters", "drawings", "messages", "emails", "tweets"]
    assert result.sessions == 2


def test_progress_is_total_over_goal_and_capped_at_one(
    campaign, hub, django_capture_on_commit_callbacks
):
    make_session(campaign, hub, letters=925)
    assert totals.for_campaign(campaign).progress == pytest.approx(0.25)
    assert totals.for_campaign(campaign).percent == 25
    with django_capture_on_commit_callbacks(execute=True):
        make_session(campaign, hub, day=11, letters=4000)
    assert totals.for_campaign(campaign).progress == 1.0


def test_campaign_without_goal_has_no_progress(hub, locale_fr):
    campaign = make_campaign(goal=None)
    make_session(campaign, hub, letters=10)
    result = totals.for_campaign(campaign)
    assert result.goal is None
    assert result.progress is None


def test_campaign_without_sessions_totals_zero(campaign):
    result = totals.for_campaign(campaign)
    assert result.total == 0
    assert result.sessions == 0
    assert result.updated_at is None
    assert result.stale is False


def test_announced_session_without_counts_is_not_counted_as_a_session(campaign, hub):
    make_session(campaign, hub, letters=12)
    make_session(campaign, hub, day=16, letters=0)
    assert totals.for_campaign(campaign).sessions == 1


def test_updated_at_is_the_latest_session_change(campaign, hub):
    first = make_session(campaign, hub, letters=12)
    second = make_session(campaign, hub, day=11, letters=3)
    result = totals.for_campaign(campaign)
    assert result.updated_at == max(first.updated_at, second.updated_at)
    assert result.updated_at.tzinfo is not None


def test_cold_read_costs_one_query_on_the_running_totals_not_the_sessions(
    campaign, hub, django_assert_num_queries
):
    make_session(campaign, hub, letters=12)
    with django_assert_num_queries(1) as captured:
        totals.for_campaign(campaign)
    sql = captured.captured_queries[0]["sql"]
    assert "SUM(" in sql.upper()
    assert "wagtail_villeslumieres_lettertotal" in sql
    assert "wagtail_villeslumieres_writingsession" not in sql


def test_warm_read_costs_no_query(campaign, hub, django_assert_num_queries):
    make_session(campaign, hub, letters=12)
    totals.for_campaign(campaign)
    totals.for_campaign(campaign, hub)
    with django_assert_num_queries(0):
        assert totals.for_campaign(campaign).total == 12
        assert totals.for_campaign(campaign, hub).total == 12


def test_cold_read_costs_one_query_whatever_the_number_of_sessions(campaign, hub):
    def queries_for_a_cold_read():
        totals.invalidate()
        with CaptureQueriesContext(connection) as captured:
            totals.for_campaign(campaign)
        return len(captured)

    make_session(campaign, hub, letters=1)
    with_one = queries_for_a_cold_read()
    WritingSession.objects.bulk_create(
        [make_session(campaign, hub, letters=1, save=False) for _ in range(500)]
    )
    totals.rebuild()  # bulk_create bypasses the running totals
    assert queries_for_a_cold_read() == with_one == 1
    assert totals.for_campaign(campaign).total == 501


def test_campaign_and_its_translations_share_one_total(campaign, hub):
    dutch = translate_campaign(campaign, "nl", "Marathon van de brieven 2016")
    make_session(campaign, hub, letters=100)
    make_session(dutch, hub, day=11, letters=50)
    assert totals.for_campaign(campaign).total == 150
    assert totals.for_campaign(dutch).total == 150
    assert totals.for_campaign(campaign) == totals.for_campaign(dutch)


def test_hub_and_its_translations_share_one_total(campaign, hub):
    dutch_hub = translate_page(hub, "nl")
    make_session(campaign, hub, letters=100)
    make_session(campaign, dutch_hub, day=11, letters=50)
    assert totals.for_campaign(campaign, hub).total == 150
    assert totals.for_campaign(campaign, dutch_hub).total == 150


def test_sessions_of_one_hub_never_count_for_another(campaign, hub, other_hub):
    make_session(campaign, hub, letters=100)
    make_session(campaign, other_hub, letters=7)
    assert totals.for_campaign(campaign, hub).total == 100
    assert totals.for_campaign(campaign, other_hub).total == 7
    assert totals.for_campaign(campaign).total == 107


def test_sessions_of_another_campaign_never_count(campaign, hub):
    other = make_campaign(
        name="Marathon 2017",
        year=2017,
        slug="marathon-2017",
        is_active=False,
        starts_on=datetime.date(2017, 11, 25),
        ends_on=datetime.date(2017, 12, 17),
    )
    make_session(campaign, hub, letters=100)
    make_session(
        other,
        hub,
        letters=9,
        starts_at=datetime.datetime(2017, 12, 10, 14, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2017, 12, 10, 16, tzinfo=datetime.UTC),
    )
    assert totals.for_campaign(campaign).total == 100
    assert totals.for_campaign(other).total == 9


def test_saving_a_session_updates_a_cached_total_after_commit(
    campaign, hub, django_capture_on_commit_callbacks
):
    assert totals.for_campaign(campaign).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_session(campaign, hub, letters=40)
    assert totals.for_campaign(campaign).total == 40


def test_cached_total_is_not_dropped_before_the_transaction_commits(
    campaign, hub, django_capture_on_commit_callbacks
):
    assert totals.for_campaign(campaign).total == 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_session(campaign, hub, letters=40)
        # Until commit, readers keep the committed figure: a rollback could still undo it.
        assert totals.for_campaign(campaign).total == 0
    assert callbacks


def test_deleting_a_session_lowers_the_total_at_once(
    campaign, hub, django_capture_on_commit_callbacks
):
    kept = make_session(campaign, hub, letters=30)
    removed = make_session(campaign, hub, day=11, letters=12)
    assert totals.for_campaign(campaign).total == 42
    with django_capture_on_commit_callbacks(execute=True):
        removed.delete()
    assert totals.for_campaign(campaign).total == 30
    assert kept.pk


def test_changing_the_goal_shows_at_once(campaign, hub):
    make_session(campaign, hub, letters=100)
    assert totals.for_campaign(campaign).goal == 3700
    campaign.goal = 200
    campaign.save()
    assert totals.for_campaign(campaign).progress == 0.5


def test_unreachable_database_serves_last_known_totals_marked_stale(campaign, hub):
    make_session(campaign, hub, letters=25)
    assert totals.for_campaign(campaign).stale is False
    totals.invalidate()
    with mock.patch.object(totals, "_compute", side_effect=DatabaseError("connection refused")):
        result = totals.for_campaign(campaign)
    assert result.stale is True
    assert result.total == 25


def test_unreachable_database_without_last_known_totals_raises(campaign):
    with (
        mock.patch.object(totals, "_compute", side_effect=DatabaseError("connection refused")),
        pytest.raises(DatabaseError),
    ):
        totals.for_campaign(campaign)


def test_failing_query_inside_the_aggregate_serves_last_known_totals(campaign, hub):
    make_session(campaign, hub, letters=25)
    totals.for_campaign(campaign)
    totals.invalidate()
    with mock.patch(
        "django.db.models.query.QuerySet.aggregate", side_effect=DatabaseError("gone away")
    ):
        assert totals.for_campaign(campaign).stale is True


def test_per_hub_lists_each_hub_largest_first(campaign, hub, other_hub):
    make_session(campaign, hub, letters=100, drawings=20)
    make_session(campaign, other_hub, letters=7)
    rows = totals.per_hub(campaign)
    assert [(row.title, row.total) for row in rows] == [
        ("Walcourt, Ville lumières", 120),
        ("Ath, Ville lumières", 7),
    ]
    assert rows[0].drawings == 20
    assert rows[0].sessions == 1


def test_per_hub_groups_a_hub_with_its_translations(campaign, hub):
    dutch_hub = translate_page(hub, "nl")
    make_session(campaign, hub, letters=100)
    make_session(campaign, dutch_hub, day=11, letters=50)
    rows = totals.per_hub(campaign)
    assert len(rows) == 1
    assert rows[0].total == 150


def test_per_hub_is_cached(campaign, hub, django_assert_num_queries):
    make_session(campaign, hub, letters=100)
    totals.per_hub(campaign)
    with django_assert_num_queries(0):
        totals.per_hub(campaign)


def test_current_campaign_is_the_active_one_in_the_current_language(campaign, hub):
    dutch = translate_campaign(campaign, "nl", "Marathon van de brieven 2016")
    make_campaign(
        name="Ancienne",
        year=2015,
        slug="marathon-2015",
        is_active=False,
        starts_on=datetime.date(2015, 11, 25),
        ends_on=datetime.date(2015, 12, 17),
    )
    with translation.override("nl"):
        assert totals.current_campaign() == dutch
    with translation.override("fr"):
        assert totals.current_campaign() == campaign


def test_current_campaign_falls_back_to_the_default_language(campaign):
    with translation.override("de"):
        assert totals.current_campaign() == campaign


def test_no_current_campaign_when_none_is_active(locale_fr):
    make_campaign(is_active=False)
    assert totals.current_campaign() is None


def test_finding_the_current_campaign_costs_no_query_on_a_warm_cache(
    campaign, django_assert_num_queries
):
    totals.current_campaign()
    with django_assert_num_queries(0):
        assert totals.current_campaign() == campaign


def test_a_campaign_saved_inactive_stops_being_current_at_once(
    campaign, django_capture_on_commit_callbacks
):
    assert totals.current_campaign() == campaign
    with django_capture_on_commit_callbacks(execute=True):
        campaign.is_active = False
        campaign.save()
    assert totals.current_campaign() is None
