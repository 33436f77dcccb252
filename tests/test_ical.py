"""The agenda's iCalendar feed and the "add to calendar" file of each session."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from tests.factories import (
    make_announced_session,
    make_campaign,
    make_hub,
    make_session,
    make_upcoming_campaign,
)
from tests.helpers import requires_i18n

pytestmark = pytest.mark.django_db

REQUIRED_EVENT_PROPERTIES = ("DTSTAMP", "UID", "DTSTART", "DTEND", "SUMMARY", "LOCATION")


@pytest.fixture
def campaign(locale_fr):
    return make_upcoming_campaign()


def feed_path(hub):
    return hub.url + hub.reverse_subpage("agenda_ical")


def session_path(hub, session):
    return hub.url + hub.reverse_subpage("session_ical", args=[session.pk])


def fetch_calendar(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


def uid_of(session):
    return f"writing-session-{session.pk}@localhost"


def test_feed_is_served_as_utf8_text_calendar(client, hub, campaign):
    make_announced_session(campaign, hub)
    response, calendar = fetch_calendar(client, feed_path(hub))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar["VERSION"] == "2.0"
    assert "wagtail-villeslumieres" in str(calendar["PRODID"])


def test_every_event_carries_the_properties_rfc_5545_requires(client, hub, campaign):
    make_announced_session(campaign, hub)
    make_session(make_campaign(), hub)  # a held 2016 session
    _response, calendar = fetch_calendar(client, feed_path(hub))
    assert len(events(calendar)) == 2
    for event in events(calendar):
        for name in REQUIRED_EVENT_PROPERTIES:
            assert name in event, name


def test_feed_holds_exactly_the_public_sessions_of_the_hub(client, home, hub, campaign):
    upcoming = make_announced_session(campaign, hub, place_name="Bibliothèque")
    held = make_session(make_campaign(), hub, place_name="Salle des fêtes")
    make_announced_session(campaign, hub, day=11, place_name="Classe de 5e B", is_public=False)
    ath = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    make_announced_session(campaign, ath, place_name="Maison culturelle d'Ath")
    _response, calendar = fetch_calendar(client, feed_path(hub))
    assert {str(event["UID"]) for event in events(calendar)} == {uid_of(upcoming), uid_of(held)}
    assert "Classe de 5e B" not in calendar.to_ical().decode()


def test_a_session_at_18_brussels_time_is_17_utc_in_winter(client, hub, campaign):
    make_announced_session(campaign, hub, day=10, hour=18, hours=2)
    response, calendar = fetch_calendar(client, feed_path(hub))
    year = campaign.year
    assert f"DTSTART:{year}1210T170000Z" in response.content.decode()
    [event] = events(calendar)
    assert event.decoded("DTSTART") == datetime.datetime(year, 12, 10, 17, tzinfo=datetime.UTC)
    assert event.decoded("DTEND") == datetime.datetime(year, 12, 10, 19, tzinfo=datetime.UTC)


def test_summary_and_location_name_the_place_and_address(client, hub, campaign):
    make_announced_session(
        campaign, hub, place_name="Bibliothèque communale", address="Rue de la Station 3"
    )
    _response, calendar = fetch_calendar(client, feed_path(hub))
    [event] = events(calendar)
    assert "Bibliothèque communale" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Bibliothèque communale, Rue de la Station 3"


def test_an_edited_session_keeps_its_uid_and_raises_its_sequence(client, hub, campaign):
    session = make_announced_session(campaign, hub, place_name="Bibliothèque")
    _response, before = fetch_calendar(client, feed_path(hub))
    later = timezone.now() + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        session.place_name = "Hôtel de ville"
        session.save()
    _response, after = fetch_calendar(client, feed_path(hub))
    [old], [new] = events(before), events(after)
    assert str(new["UID"]) == str(old["UID"]) == uid_of(session)
    assert "Hôtel de ville" in str(new["SUMMARY"])
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")


def test_a_new_session_is_at_sequence_0(client, hub, campaign):
    make_announced_session(campaign, hub)
    _response, calendar = fetch_calendar(client, feed_path(hub))
    [event] = events(calendar)
    assert int(event["SEQUENCE"]) == 0


def test_each_move_of_a_session_raises_its_sequence_by_one(client, hub, campaign):
    session = make_announced_session(campaign, hub)
    session.starts_at += datetime.timedelta(hours=1)
    session.ends_at += datetime.timedelta(hours=1)
    session.save()
    session.refresh_from_db()
    session.postal_code = "5651"
    session.save()
    session.refresh_from_db()
    assert session.sequence == 2


def test_counts_and_notes_do_not_raise_the_sequence(client, hub, campaign):
    session = make_announced_session(campaign, hub)
    session.refresh_from_db()
    session.letters, session.note = 12, "Bien passé"
    session.save()
    session.refresh_from_db()
    assert session.sequence == 0


def test_dtstamp_is_the_last_change_since_the_calendar_has_no_method(client, hub, campaign):
    # RFC 5545 3.8.7.2: without METHOD, DTSTAMP is equivalent to LAST-MODIFIED.
    make_announced_session(campaign, hub)
    _response, calendar = fetch_calendar(client, feed_path(hub))
    [event] = events(calendar)
    assert "METHOD" not in calendar
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")


@pytest.mark.parametrize("prop", ["REFRESH-INTERVAL;VALUE=DURATION", "X-PUBLISHED-TTL"])
def test_the_refresh_interval_is_written_as_a_typed_duration(client, hub, campaign, prop):
    response, _calendar = fetch_calendar(client, feed_path(hub))
    assert f"{prop}:PT6H" in response.content.decode().splitlines()


@requires_i18n
def test_a_hub_and_its_translations_serve_the_same_events(client, hub, campaign):
    locale = Locale.objects.get_or_create(language_code="nl")[0]
    dutch = hub.copy_for_translation(locale, copy_parents=True)
    dutch.save_revision().publish()
    session = make_announced_session(campaign, hub)
    _response, calendar = fetch_calendar(client, feed_path(dutch))
    assert [str(event["UID"]) for event in events(calendar)] == [uid_of(session)]


def test_add_to_calendar_file_holds_the_one_session_with_the_feeds_uid(client, hub, campaign):
    session = make_announced_session(campaign, hub)
    make_announced_session(campaign, hub, day=12)
    response, calendar = fetch_calendar(client, session_path(hub, session))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert [str(event["UID"]) for event in events(calendar)] == [uid_of(session)]


def test_add_to_calendar_file_of_a_non_public_session_is_not_found(client, hub, campaign):
    private = make_announced_session(campaign, hub, is_public=False)
    assert client.get(session_path(hub, private)).status_code == 404


def test_add_to_calendar_file_of_another_hubs_session_is_not_found(client, home, hub, campaign):
    ath = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    elsewhere = make_announced_session(campaign, ath)
    assert client.get(session_path(hub, elsewhere)).status_code == 404


def query_count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    sessions = [q for q in queries.captured_queries if "writingsession" in q["sql"]]
    assert len(sessions) == 1  # the rest is Wagtail routing the request to the page
    return len(queries)


def test_feed_costs_the_same_queries_for_3_or_60_sessions(client, hub, campaign):
    for day in range(3):
        make_announced_session(campaign, hub, day=1 + day)
    client.get(feed_path(hub))  # warm the site root paths cache
    few = query_count(client, feed_path(hub))
    for index in range(57):
        make_announced_session(campaign, hub, day=1 + index % 17, hour=8 + index % 10)
    many = query_count(client, feed_path(hub))
    assert many == few
