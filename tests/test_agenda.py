"""The public agenda of writing sessions: on the hub page and on its own page."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.db import connection
from django.template.defaultfilters import time as time_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Locale

from tests.factories import (
    make_announced_session,
    make_campaign,
    make_hub,
    make_session,
    make_upcoming_campaign,
)
from tests.helpers import assert_form_error, requires_i18n
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.listings import agenda
from wagtail_villeslumieres.models import WritingSession

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(locale_fr):
    return make_upcoming_campaign()


@pytest.fixture
def held_campaign(locale_fr):
    return make_campaign()  # 2016


def agenda_path(hub):
    return hub.url + hub.reverse_subpage("agenda")


def structured_events(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [event for block in blocks for event in json.loads(block)]


def translate_hub(hub, language_code):
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    translation = hub.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


# ---------------------------------------------------------------------------
# The hub page's block
# ---------------------------------------------------------------------------


def test_hub_page_shows_the_next_three_public_sessions_soonest_first(client, hub, campaign):
    for day in (14, 9, 12, 16):
        make_announced_session(campaign, hub, day=day, place_name=f"Salle {day}")
    html = client.get(hub.url).content.decode()
    shown = re.findall(r"<strong>Salle (\d+)</strong>", html)
    assert shown == ["9", "12", "14"]
    assert f'href="{agenda_path(hub)}"' in html


def test_hub_page_has_no_agenda_block_without_upcoming_sessions(client, hub, held_campaign):
    make_session(held_campaign, hub, place_name="Salle des fêtes")
    html = client.get(hub.url).content.decode()
    assert "vl-agenda-block" not in html
    assert "Salle des fêtes" not in html


# ---------------------------------------------------------------------------
# The agenda page
# ---------------------------------------------------------------------------


def test_agenda_lists_upcoming_soonest_first_then_held_newest_first(
    client, hub, campaign, held_campaign
):
    make_announced_session(campaign, hub, day=12, place_name="Upcoming second")
    make_announced_session(campaign, hub, day=5, place_name="Upcoming first")
    make_session(held_campaign, hub, day=10, place_name="Held earlier")
    make_session(held_campaign, hub, day=15, place_name="Held later")
    html = client.get(agenda_path(hub)).content.decode()
    order = re.findall(r"<strong>(Upcoming first|Upcoming second|Held later|Held earlier)<", html)
    assert order == ["Upcoming first", "Upcoming second", "Held later", "Held earlier"]


def test_a_session_under_way_is_still_listed_as_upcoming(hub, campaign):
    now = timezone.now()
    session = make_session(
        campaign,
        hub,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        letters=0,
    )
    listing = agenda.agenda_for(hub)
    assert [entry.session for entry in listing.upcoming] == [session]
    assert listing.upcoming[0].in_progress
    assert listing.held == []


def counted(response, label, count=""):
    """A session's count as the page's language writes it ("Lettres : 120" in French)."""
    with translation.override(response.headers["Content-Language"]):
        return translation.gettext("%(label)s: %(count)s") % {
            "label": escape(translation.gettext(label)),
            "count": count,
        }


def test_a_held_session_shows_its_own_counts(client, hub, held_campaign):
    make_session(held_campaign, hub, letters=120, drawings=30, messages=0, tweets=4)
    response = client.get(agenda_path(hub))
    html = response.content.decode()
    assert counted(response, "Letters", "120") in html
    assert counted(response, "Children's drawings", "30") in html
    assert counted(response, "Tweets", "4") in html
    assert counted(response, "Messages").strip() not in html


def test_a_held_session_without_counts_says_they_are_not_recorded_yet(client, hub, held_campaign):
    make_session(held_campaign, hub, letters=0)
    response = client.get(agenda_path(hub))
    with translation.override(response.headers["Content-Language"]):
        expected = translation.gettext("The counts of this session have not been recorded yet.")
    assert expected in response.content.decode()


def test_held_sessions_are_grouped_by_year(client, hub, held_campaign, locale_fr):
    later = make_campaign(
        name="Marathon des lettres 2017",
        year=2017,
        slug="marathon-2017",
        starts_on=datetime.date(2017, 11, 25),
        ends_on=datetime.date(2017, 12, 17),
    )
    make_session(held_campaign, hub)
    make_session(
        later,
        hub,
        starts_at=timezone.make_aware(datetime.datetime(2017, 12, 9, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2017, 12, 9, 16)),
    )
    html = client.get(agenda_path(hub)).content.decode()
    assert html.index("<h3>2017</h3>") < html.index("<h3>2016</h3>")


def test_upcoming_sessions_have_an_add_to_calendar_link(client, hub, campaign):
    session = make_announced_session(campaign, hub)
    html = client.get(agenda_path(hub)).content.decode()
    calendar_path = hub.url + hub.reverse_subpage("session_ical", args=[session.pk])
    assert f'href="{calendar_path}"' in html


def test_agenda_links_the_ical_feed_for_subscription(client, hub, campaign):
    html = client.get(agenda_path(hub)).content.decode()
    feed = "http://localhost" + hub.url + "agenda/ical/"
    assert f'href="{feed}"' in html
    assert 'href="webcal://localhost' + hub.url + 'agenda/ical/"' in html
    assert '<link rel="alternate" type="text/calendar"' in html


def test_the_public_note_is_shown_and_the_editors_note_never(client, hub, campaign):
    make_announced_session(
        campaign,
        hub,
        public_note="Accessible en fauteuil roulant",
        note="Clé chez le concierge, code 4521",
    )
    html = client.get(agenda_path(hub)).content.decode()
    assert "Accessible en fauteuil roulant" in html
    assert "4521" not in html


def test_a_session_at_18_brussels_time_shows_18_00(client, hub, campaign, settings):
    assert settings.TIME_ZONE == "Europe/Brussels"
    session = make_announced_session(campaign, hub, day=10, hour=18)
    response = client.get(agenda_path(hub))
    html = response.content.decode()
    with translation.override(response["Content-Language"]):
        starts = time_filter(session.starts_at.astimezone(BRUSSELS).time(), "TIME_FORMAT")
        ends = time_filter(session.ends_at.astimezone(BRUSSELS).time(), "TIME_FORMAT")
        utc = time_filter(datetime.time(17, 0), "TIME_FORMAT")
    assert session.starts_at.astimezone(BRUSSELS).hour == 18
    assert re.search(rf"\b{re.escape(starts)}.*\b{re.escape(ends)}", html)
    assert utc not in html


@requires_i18n
def test_dates_are_written_in_the_pages_language(client, hub, campaign):
    dutch = translate_hub(hub, "nl")
    make_announced_session(campaign, hub, day=10)
    weekday_nl = {
        0: "maandag",
        1: "dinsdag",
        2: "woensdag",
        3: "donderdag",
        4: "vrijdag",
        5: "zaterdag",
        6: "zondag",
    }[datetime.date(campaign.year, 12, 10).weekday()]
    html = client.get(agenda_path(dutch)).content.decode()
    assert f"{weekday_nl} 10 december {campaign.year}" in html
    assert 'lang="nl"' in html


# ---------------------------------------------------------------------------
# Which sessions: public ones of this hub (and its translations) only
# ---------------------------------------------------------------------------


def test_non_public_sessions_never_appear_on_the_agenda_or_the_hub(client, hub, campaign):
    make_announced_session(campaign, hub, place_name="Salle publique")
    make_announced_session(campaign, hub, day=11, place_name="Classe de 5e B", is_public=False)
    for url in (hub.url, agenda_path(hub)):
        html = client.get(url).content.decode()
        assert "Salle publique" in html
        assert "Classe de 5e B" not in html


def test_sessions_of_another_hub_do_not_appear(client, home, hub, campaign):
    ath = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    make_announced_session(campaign, ath, place_name="Maison culturelle d'Ath")
    html = client.get(agenda_path(hub)).content.decode()
    assert "Maison culturelle" not in html


@requires_i18n
def test_a_hub_and_its_translations_share_one_agenda(client, hub, campaign):
    dutch = translate_hub(hub, "nl")
    make_announced_session(campaign, hub, place_name="Bibliothèque communale")
    html = client.get(agenda_path(dutch)).content.decode()
    assert "Bibliothèque communale" in html


# ---------------------------------------------------------------------------
# schema.org structured data
# ---------------------------------------------------------------------------


def test_agenda_carries_schema_org_events_for_upcoming_public_sessions(client, hub, campaign):
    session = make_announced_session(
        campaign, hub, day=10, hour=18, place_name="Bibliothèque", public_note="Ouvert à tous"
    )
    html = client.get(agenda_path(hub)).content.decode()
    [event] = structured_events(html)
    year = campaign.year
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert "Bibliothèque" in event["name"]
    assert event["startDate"] == f"{year}-12-10T18:00:00+01:00"
    assert event["endDate"] == f"{year}-12-10T20:00:00+01:00"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {
        "@type": "Place",
        "name": "Bibliothèque",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Place de l'Hôtel de Ville 1",
            "postalCode": "5650",
            "addressLocality": "Walcourt",
            "addressCountry": "BE",
        },
    }
    assert event["organizer"]["name"] == "Walcourt"
    assert event["description"] == "Ouvert à tous"
    assert event["url"].endswith(f"agenda/#session-{session.pk}")


def test_structured_data_leaves_out_non_public_and_held_sessions(
    client, hub, campaign, held_campaign
):
    make_announced_session(campaign, hub, place_name="Salle publique")
    make_announced_session(campaign, hub, day=11, place_name="Classe fermée", is_public=False)
    make_session(held_campaign, hub, place_name="Séance de 2016")
    html = client.get(agenda_path(hub)).content.decode()
    names = [event["location"]["name"] for event in structured_events(html)]
    assert names == ["Salle publique"]


def test_structured_data_cannot_close_its_script_element(client, hub, campaign):
    make_announced_session(campaign, hub, place_name="</script><script>alert(1)</script>")
    html = client.get(agenda_path(hub)).content.decode()
    assert "<script>alert(1)" not in html
    [event] = structured_events(html)
    assert event["location"]["name"] == "</script><script>alert(1)</script>"


# ---------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------


def add_sessions(campaign, held_campaign, hub, count):
    for index in range(count):
        if index % 2:
            make_announced_session(campaign, hub, day=1 + index % 17, place_name=f"Salle {index}")
        else:
            make_session(held_campaign, hub, day=1 + index % 17, place_name=f"Salle {index}")


def count_queries(client, url, *, cold):
    """Queries of one request, with the cached agenda dropped first (``cold``) or not."""
    if cold:
        totals.invalidate()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sessions = [q for q in queries.captured_queries if "writingsession" in q["sql"]]
    # Cold, the sessions are one query; warm, none (the rest is Wagtail routing the request).
    assert len(sessions) == (1 if cold else 0)
    return len(queries)


def test_agenda_page_costs_the_same_queries_for_3_or_60_sessions(
    client, hub, campaign, held_campaign
):
    add_sessions(campaign, held_campaign, hub, 3)
    client.get(agenda_path(hub))  # warm the site root paths cache
    few = count_queries(client, agenda_path(hub), cold=True)
    few_warm = count_queries(client, agenda_path(hub), cold=False)
    add_sessions(campaign, held_campaign, hub, 57)
    many = count_queries(client, agenda_path(hub), cold=True)
    many_warm = count_queries(client, agenda_path(hub), cold=False)
    assert (many, many_warm) == (few, few_warm)


def test_a_new_session_shows_on_the_cached_agenda_page_once_committed(
    client, hub, campaign, django_capture_on_commit_callbacks
):
    make_announced_session(campaign, hub, day=3, place_name="Salle des fêtes")
    assert "Salle des fêtes" in client.get(agenda_path(hub)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_announced_session(campaign, hub, day=4, place_name="Bibliothèque Sud")
    assert "Bibliothèque Sud" in client.get(agenda_path(hub)).content.decode()


def test_a_moved_session_without_counts_shows_its_new_place_at_once(
    client, hub, campaign, django_capture_on_commit_callbacks
):
    session = make_announced_session(campaign, hub, day=3, place_name="Salle des fêtes")
    client.get(agenda_path(hub))
    session.place_name = "Maison de quartier"
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    html = client.get(agenda_path(hub)).content.decode()
    assert "Maison de quartier" in html
    assert "Salle des fêtes" not in html


def test_hub_block_costs_one_query_whatever_the_number_of_sessions(
    hub, campaign, django_assert_num_queries
):
    add_sessions(campaign, campaign, hub, 40)
    with django_assert_num_queries(1):
        entries = agenda.upcoming(hub, limit=agenda.HUB_BLOCK_LENGTH)
    assert len(entries) == 3


# ---------------------------------------------------------------------------
# Announcing a session in the admin
# ---------------------------------------------------------------------------


def session_form_data(campaign, hub, **overrides):
    year = campaign.year
    data = {
        "hub": hub.pk,
        "campaign": campaign.pk,
        "place_name": "Bibliothèque communale",
        "starts_at": f"{year}-12-10T18:00",
        "ends_at": f"{year}-12-10T20:00",
        "letters": "0",
        "drawings": "0",
        "messages": "0",
        "emails": "0",
        "tweets": "0",
        "address": "Rue de la Station 3, 5650 Walcourt",
        "is_public": "on",
        "public_note": "Accessible en fauteuil roulant",
        "note": "",
    }
    data.update(overrides)
    return data


def test_editor_announces_a_session_without_counts(admin_client, hub, campaign):
    url = reverse("wagtailsnippets_wagtail_villeslumieres_writingsession:add")
    response = admin_client.post(url, session_form_data(campaign, hub))
    assert response.status_code == 302
    session = WritingSession.objects.get()
    assert session.total == 0
    assert session.public_note == "Accessible en fauteuil roulant"
    assert timezone.localtime(session.starts_at).hour == 18
    html = admin_client.get(agenda_path(hub)).content.decode()
    assert "Bibliothèque communale" in html


def test_a_too_long_public_note_is_refused_and_nothing_saved(admin_client, hub, campaign):
    url = reverse("wagtailsnippets_wagtail_villeslumieres_writingsession:add")
    response = admin_client.post(url, session_form_data(campaign, hub, public_note="x" * 301))
    assert response.status_code == 200
    assert_form_error(response, "Ensure this value has at most 300 characters")
    assert not WritingSession.objects.exists()
