"""Letter campaigns and writing sessions: what the models accept, refuse and record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Locale

from tests.factories import make_campaign, make_session
from wagtail_villeslumieres.counter.signals import COUNTS_ACTION
from wagtail_villeslumieres.models import LetterCampaign, WritingSession, WritingSessionLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_session_inside_its_campaign_is_valid(campaign, hub):
    make_session(campaign, hub, save=False).full_clean()


def test_session_before_its_campaign_is_refused(campaign, hub):
    session = make_session(campaign, hub, save=False)
    session.starts_at = timezone.make_aware(datetime.datetime(2016, 11, 2, 14))
    session.ends_at = timezone.make_aware(datetime.datetime(2016, 11, 2, 16))
    assert "outside its campaign" in errors_of(session)["starts_at"][0]


def test_session_ending_after_its_campaign_is_refused(campaign, hub):
    session = make_session(campaign, hub, save=False, day=17)
    session.ends_at = timezone.make_aware(datetime.datetime(2016, 12, 18, 1))
    assert "outside its campaign" in errors_of(session)["starts_at"][0]


def test_campaign_days_are_read_in_the_sites_time_zone(campaign, hub):
    # 17 December, 23:30 in Brussels is still the campaign's last day (22:30 UTC).
    session = make_session(campaign, hub, save=False, day=17)
    session.ends_at = timezone.make_aware(datetime.datetime(2016, 12, 17, 23, 30))
    session.full_clean()


def test_ended_session_with_all_counts_at_zero_is_refused(campaign, hub):
    session = make_session(campaign, hub, save=False, letters=0)
    assert "enter at least one count" in errors_of(session)["letters"][0]


def test_announced_session_may_have_no_counts(hub, locale_fr):
    today = timezone.localdate()
    campaign = make_campaign(starts_on=today, ends_on=today + datetime.timedelta(days=20))
    start = timezone.now() + datetime.timedelta(days=3)
    session = make_session(
        campaign,
        hub,
        save=False,
        letters=0,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    session.full_clean()


def test_session_cannot_end_before_it_starts(campaign, hub):
    session = make_session(campaign, hub, save=False)
    session.ends_at = session.starts_at - datetime.timedelta(hours=1)
    assert errors_of(session)["ends_at"] == ["The session cannot end before it starts."]


def test_count_above_the_configured_maximum_is_refused(campaign, hub, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"MAX_COUNT_PER_SESSION": 250}
    session = make_session(campaign, hub, save=False, drawings=251)
    assert "cannot count more than 250 of one kind" in errors_of(session)["drawings"][0]
    session.drawings = 250
    session.full_clean()


def test_negative_count_is_refused(campaign, hub):
    session = make_session(campaign, hub, save=False, emails=-1)
    assert "emails" in errors_of(session)


def test_session_knows_its_counts_and_total(campaign, hub):
    session = make_session(campaign, hub, letters=5, drawings=4, messages=3, emails=2, tweets=1)
    assert list(session.counts) == ["letters", "drawings", "messages", "emails", "tweets"]
    assert session.total == 15
    assert str(session) == "Bibliothèque communale (2016-12-10)"


def test_session_is_public_by_default_and_not_translatable(campaign, hub):
    session = make_session(campaign, hub)
    assert session.is_public is True
    assert not hasattr(session, "translation_key")


def test_campaign_cannot_end_before_it_starts(locale_fr):
    campaign = LetterCampaign(
        name="X",
        year=2016,
        slug="x",
        starts_on=datetime.date(2016, 12, 17),
        ends_on=datetime.date(2016, 12, 1),
        locale=Locale.get_default(),
    )
    assert "ends_on" in errors_of(campaign)


def test_campaign_slug_is_unique_per_language(campaign):
    clash = LetterCampaign(
        name="Autre",
        year=2016,
        slug=campaign.slug,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        locale=campaign.locale,
    )
    assert "slug" in errors_of(clash)


def test_campaign_translation_keeps_numbers_dates_and_slug_and_translates_the_name(campaign):
    from django.apps import apps

    if not apps.is_installed("wagtail_localize"):
        pytest.skip("needs wagtail-localize in INSTALLED_APPS")
    from wagtail_localize.fields import get_translatable_fields
    from wagtail_localize.models import TranslationSource

    dutch_locale = Locale.objects.create(language_code="nl")
    source, _ = TranslationSource.get_or_create_from_instance(campaign)
    source.create_or_update_translation(dutch_locale, fallback=True)
    dutch = LetterCampaign.objects.get(
        translation_key=campaign.translation_key, locale=dutch_locale
    )
    assert (dutch.goal, dutch.slug, dutch.starts_on, dutch.ends_on, dutch.is_active) == (
        3700,
        "marathon-2016",
        campaign.starts_on,
        campaign.ends_on,
        True,
    )
    fields = {field.field_name: field for field in get_translatable_fields(LetterCampaign)}
    assert fields["name"].is_translated(campaign)
    assert not fields["goal"].is_translated(campaign)


def test_saving_a_session_outside_the_admin_is_logged_with_its_counts(campaign, hub):
    session = make_session(campaign, hub, letters=7)
    session.letters = 9
    session.save()
    entries = WritingSessionLogEntry.objects.filter(action=COUNTS_ACTION).order_by("pk")
    assert [entry.data for entry in entries] == [
        {
            "old": None,
            "new": {"letters": 7, "drawings": 0, "messages": 0, "emails": 0, "tweets": 0},
        },
        {
            "old": {"letters": 7, "drawings": 0, "messages": 0, "emails": 0, "tweets": 0},
            "new": {"letters": 9, "drawings": 0, "messages": 0, "emails": 0, "tweets": 0},
        },
    ]


def test_saving_a_session_without_count_changes_logs_no_count_change(campaign, hub):
    session = WritingSession.objects.get(pk=make_session(campaign, hub).pk)
    session.note = "Animé par Mme Dupont"
    session.save()
    assert WritingSessionLogEntry.objects.filter(action=COUNTS_ACTION).count() == 1


def test_campaign_with_sessions_cannot_be_deleted(campaign, hub):
    from django.db.models import ProtectedError

    make_session(campaign, hub)
    with pytest.raises(ProtectedError):
        campaign.delete()


@pytest.mark.parametrize(
    ("language", "limit"),
    [("fr", "5\u00a0000"), ("nl", "5.000"), ("de", "5.000"), ("en", "5,000")],
)
def test_the_maximum_in_the_message_is_written_as_its_language_writes_numbers(
    campaign, hub, settings, language, limit
):
    from django.utils import translation

    settings.WAGTAIL_VILLESLUMIERES = {"MAX_COUNT_PER_SESSION": 5000}
    session = make_session(campaign, hub, save=False, letters=5001)
    with translation.override(language):
        [message] = errors_of(session)["letters"]
    assert limit in message
