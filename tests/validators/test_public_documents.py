"""The public documents of a realistic site, checked by independent validators.

One site is built for the module (Walcourt's hub, an adopted individual and her
letter kit, a commitment index with commitments and updates, an agenda with public
sessions, the embeddable counter); every document is fetched once with the test
client, then the database is rolled back. The tests read the fetched documents.

The DTSTAMP test follows RFC 5545 3.8.7.2: the calendars carry no METHOD, so
DTSTAMP is "equivalent to the LAST-MODIFIED property", the session's last change.
"""

import dataclasses
import datetime
import json
import re
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from tests.factories import (
    make_announced_session,
    make_campaign,
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_home,
    make_hub,
    make_individual,
    make_session,
    make_upcoming_campaign,
)
from tests.helpers import requires_i18n
from tests.validators.conftest import (
    atom_must_violations,
    csv_errors,
    csv_rows,
    feedparser_problems,
    parse_with_icalendar,
    parse_with_ics,
    parse_with_vobject,
    structured_data,
)
from wagtail_villeslumieres.views.exports import CSV_COLUMNS

# The module's site is built in its own fixture; the mark makes pytest-django create
# the test database even when only these tests run.
pytestmark = pytest.mark.django_db

D = datetime.date
HOST = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"

#: The public HTML documents: every page type, a filtered list and the embeds.
HTML_DOCUMENTS = [
    "home",
    "hub",
    "individual",
    "letter_kit",
    "commitment_index",
    "commitment_index_filtered",
    "commitment",
    "agenda",
    "embed",
    "embed_nl",
]
FEEDS = ["atom", "rss", "atom_filtered", "rss_filtered", "atom_empty"]
CALENDARS = ["ical_feed", "ical_session"]
#: Pages that exist only in French, and the prefixes of the languages they lack.
FRENCH_ONLY = ["hub", "individual", "commitment_index", "agenda"]
OTHER_PREFIXES = ["nl", "de", "en"]


@dataclasses.dataclass
class Document:
    path: str
    status: int
    headers: dict
    content: bytes

    @property
    def url(self):
        """The absolute URL the document was requested at."""
        return HOST + self.path

    @property
    def text(self):
        return self.content.decode("utf-8")


@dataclasses.dataclass
class PublicSite:
    documents: dict
    #: UID of each public session in the calendar, and its last change (UTC).
    last_changes: dict
    upcoming_session_uid: str


def build_site():
    """Walcourt's site: what a labelled commune publishes, in French."""
    home = make_home()
    hub = make_hub(
        home,
        address="Place de l'Hôtel de Ville 3-5, 5650 Walcourt",
        intro=(
            "Walcourt porte le label « Ville lumières » d'Amnesty International "
            "Belgique : la commune s'engage concrètement pour les droits humains, "
            "ici et ailleurs, avec le groupe Amnesty local."
        ),
        body=[
            (
                "paragraph",
                "<p>Comme chaque commune labellisée, Walcourt adopte officiellement un "
                "<b>individu en danger</b>, fait connaître son cas et défend ses droits "
                "toute l'année. La commune s'est aussi engagée à mener des initiatives "
                "pour une meilleure intégration des demandeurs d'asile.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Chaque lettre compte : des prisonniers d'opinion soutenus "
                    "l'an dernier ont été libérés.",
                    "attribution": "Amnesty International Belgique francophone",
                },
            ),
        ],
        local_group_name="Groupe Amnesty de Walcourt",
        local_group_email="groupe.walcourt@example.org",
        local_group_details=(
            "<p>Le groupe se réunit le premier mardi du mois à la bibliothèque communale.</p>"
        ),
        search_description="Walcourt, commune labellisée « Ville lumières » depuis 2016.",
    )
    individual = make_individual(
        hub,
        search_description="Phyoe Phyoe Aung, dirigeante étudiante, adoptée par Walcourt.",
        authority_name="Président de la République de l'Union du Myanmar",
        authority_address="Bureau du Président\nNay Pyi Taw\nMyanmar",
        salutation="Monsieur le Président,",
        letter_language="Anglais, ou votre propre langue",
        sample_letter="Je vous écris au sujet de Phyoe Phyoe Aung.\n\nJe vous demande "
        "de la libérer.",
        solidarity_address="Amnesty International\nRue Berckmans 9\n1060 Bruxelles",
        case_reference="ASA 16/5043/2016",
    )
    commitment_index = make_commitment_index(hub)
    make_commitment(
        commitment_index,
        title="Mieux intégrer les demandeurs d'asile",
        slug="integration",
        start_date=D(2017, 1, 1),
        target_date=D(2018, 12, 31),
        resolution_date=D(2016, 11, 24),
        resolution_reference="CC/2016/112",
        responsible_service="Service des affaires sociales",
        adopted_individual=individual,
        updates=[
            make_commitment_update(D(2017, 1, 26), "Rencontre", status="in-progress", progress=10),
            make_commitment_update(D(2017, 10, 5), "Parrainages", progress=60),
        ],
    )
    commitment = make_commitment(
        commitment_index,
        title="Éduquer aux droits humains",
        slug="education",
        category=make_commitment_category("human-rights-education", "Éducation aux droits humains"),
        scope="local",
        initial_status="achieved",
        updates=[make_commitment_update(D(2017, 6, 15), "Bilan", text="Toutes les écoles.")],
    )

    campaign = make_upcoming_campaign()
    upcoming = make_announced_session(
        campaign,
        hub,
        day=10,
        place_name="Bibliothèque communale",
        address="Place de l'Hôtel de Ville 1, 5650 Walcourt",
        public_note="Accessible en fauteuil roulant",
    )
    second = make_announced_session(
        campaign,
        hub,
        day=12,
        hour=14,
        place_name="Maison de la laïcité",
        address="Rue de la Station 3, 5650 Walcourt",
    )
    make_announced_session(campaign, hub, day=11, place_name="Classe de 5e B", is_public=False)
    held = make_session(
        make_campaign(), hub, place_name="Salle des fêtes", letters=120, drawings=30
    )
    # Sessions edited last week: a calendar must tell that change from the request time.
    from wagtail_villeslumieres.models import WritingSession

    last_change = (timezone.now() - datetime.timedelta(days=7)).replace(microsecond=0)
    sessions = [upcoming, second, held]
    for number, session in enumerate(sessions):
        WritingSession.objects.filter(pk=session.pk).update(
            created_at=last_change - datetime.timedelta(days=30),
            updated_at=last_change + datetime.timedelta(minutes=number),
        )
    last_changes = {
        f"writing-session-{session.pk}@localhost": (
            last_change + datetime.timedelta(minutes=number)
        ).astimezone(datetime.UTC)
        for number, session in enumerate(sessions)
    }
    paths = {
        "home": home.url,
        "hub": hub.url,
        "individual": individual.url,
        "letter_kit": individual.url + individual.reverse_subpage("letter_kit"),
        "commitment_index": commitment_index.url,
        "commitment_index_filtered": commitment_index.url + "?status=in-progress",
        "commitment": commitment.url,
        "agenda": hub.url + hub.reverse_subpage("agenda"),
        "embed": f"/villeslumieres/embed/counter/{campaign.slug}/",
        "embed_nl": f"/villeslumieres/embed/counter/{campaign.slug}/?lang=nl&style=breakdown",
        "atom": commitment_index.url + "feed/atom/",
        "rss": commitment_index.url + "feed/rss/",
        "atom_filtered": commitment_index.url + "feed/atom/?category=asylum-seekers",
        "rss_filtered": commitment_index.url + "feed/rss/?category=asylum-seekers",
        # No commitment was abandoned: a feed without entries.
        "atom_empty": commitment_index.url + "feed/atom/?status=abandoned",
        "ical_feed": hub.url + hub.reverse_subpage("agenda_ical"),
        "ical_session": hub.url + hub.reverse_subpage("session_ical", args=[upcoming.pk]),
        "csv": commitment_index.url + "export/csv/",
        "json": commitment_index.url + "export/json/",
    }
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for name in FRENCH_ONLY:
            assert paths[name].startswith("/fr/"), paths[name]
            for prefix in OTHER_PREFIXES:
                paths[f"{name}@{prefix}"] = f"/{prefix}/" + paths[name].removeprefix("/fr/")
    return paths, last_changes, f"writing-session-{upcoming.pk}@localhost"


def fetch(client, path):
    response = client.get(path)
    return Document(path, response.status_code, dict(response.headers), response.content)


@pytest.fixture(scope="module")
def public_site(django_db_setup, django_db_blocker):
    """Every public document of the site, fetched once; the database is then rolled back."""
    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        paths, last_changes, upcoming_uid = build_site()
        started = time.monotonic()
        first = {name: fetch(client, paths[name]) for name in ("ical_feed", "atom_empty")}
        # Every document at least a second later: what depends on the request time
        # differs between the two fetches of those.
        time.sleep(max(0.0, 1.1 - (time.monotonic() - started)))
        documents = {name: fetch(client, path) for name, path in paths.items()}
        for name, document in first.items():
            documents[f"{name}@earlier"] = document
        transaction.set_rollback(True)
    for cache in caches.all():
        cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    return PublicSite(documents, last_changes, upcoming_uid)


def document(public_site, name):
    found = public_site.documents[name]
    assert found.status == 200, f"{found.path} answered {found.status}"
    return found


# ---------------------------------------------------------------------------
# HTML: the Nu HTML Checker
# ---------------------------------------------------------------------------


def test_the_nu_checker_reports_an_error_it_should(nu_check):
    errors = nu_check(b'<!DOCTYPE html><html lang="fr"><head></head><body><p>x</p></body></html>')
    assert any("title" in error for error in errors), errors


@pytest.mark.parametrize("name", HTML_DOCUMENTS)
def test_html_document_passes_the_nu_checker(public_site, nu_check, name):
    page = document(public_site, name)
    errors = nu_check(page.content)
    assert not errors, f"{page.path}:\n" + "\n".join(errors)


@pytest.mark.parametrize("name", HTML_DOCUMENTS)
def test_html_document_draws_no_language_warning(public_site, nu_messages, name):
    page = document(public_site, name)
    warnings = [m["message"] for m in nu_messages(page.content) if "appears to be" in m["message"]]
    assert warnings == [], page.path


META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)"')


@pytest.mark.parametrize(
    "name",
    [
        "hub",
        "individual",
        "agenda",
        "commitment_index",
        "commitment",
        "letter_kit",
        "embed",
    ],
)
def test_page_has_a_meta_description(public_site, name):
    page = document(public_site, name)
    assert META_DESCRIPTION.search(page.text), f"no <meta name=description> on {page.path}"


@requires_i18n
@pytest.mark.parametrize(
    "name",
    [f"{name}@{prefix}" for name in FRENCH_ONLY for prefix in OTHER_PREFIXES],
)
def test_a_french_only_page_is_not_served_under_another_language_prefix(public_site, name):
    page = public_site.documents[name]
    french = public_site.documents[name.split("@")[0]]
    if page.status == 404:
        return
    served = f"{page.path} answered {page.status}"
    if page.status == 200:
        served += " with " + HTML_START.search(page.text)[0]
    assert page.status in (301, 302, 307, 308), served
    assert page.headers["Location"].removeprefix(HOST) == french.path


HTML_START = re.compile(r"<html[^>]*>")


# ---------------------------------------------------------------------------
# Structured data: extruct
# ---------------------------------------------------------------------------


def agenda_events(public_site):
    page = document(public_site, "agenda")
    data = structured_data(page.content, page.url)
    return [item for item in data["json-ld"] if item.get("@type") == "Event"]


def test_agenda_json_ld_has_one_event_per_upcoming_public_session(public_site):
    events = agenda_events(public_site)
    assert sorted(event["location"]["name"] for event in events) == [
        "Bibliothèque communale",
        "Maison de la laïcité",
    ]
    for event in events:
        for key in ("name", "startDate", "endDate", "location", "organizer", "url"):
            assert event.get(key), key
        assert datetime.datetime.fromisoformat(event["startDate"]).tzinfo is not None


def test_agenda_json_ld_events_have_a_structured_postal_address(public_site):
    for event in agenda_events(public_site):
        address = event["location"]["address"]
        assert address.get("postalCode") == "5650", address
        assert address.get("addressLocality") == "Walcourt", address
        assert address.get("addressCountry") in ("BE", "Belgique", "Belgium"), address


def test_hub_json_ld_is_the_commune_with_a_structured_postal_address(public_site):
    page = document(public_site, "hub")
    [holder] = structured_data(page.content, page.url)["json-ld"]
    assert holder["@type"] == "GovernmentOrganization"
    assert holder["name"] == "Walcourt"
    assert holder["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Place de l'Hôtel de Ville 3-5",
        "postalCode": "5650",
        "addressLocality": "Walcourt",
        "addressCountry": "BE",
    }


def test_agenda_events_name_the_hubs_holder_as_organizer(public_site):
    for event in agenda_events(public_site):
        assert event["organizer"]["@type"] == "GovernmentOrganization"
        assert event["organizer"]["address"]["postalCode"] == "5650"


def test_agenda_time_elements_carry_the_time_of_each_session(public_site):
    html = document(public_site, "agenda").text
    upcoming = html.split("<h3>")[0]  # held sessions, grouped by year, follow
    values = re.findall(r'<time datetime="([^"]+)"', upcoming)
    assert values
    assert all("T" in value or " " in value for value in values), values


def test_individual_has_open_graph_title_description_and_url(public_site):
    page = document(public_site, "individual")
    [og] = structured_data(page.content, page.url)["opengraph"]
    assert og["og:title"] == "Phyoe Phyoe Aung"
    assert og["@type"] == "article"  # extruct's uniform form of og:type
    assert og["og:description"]
    assert og["og:url"].endswith(page.path)


# ---------------------------------------------------------------------------
# Feeds: feedparser and RFC 4287
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FEEDS)
def test_feed_parses_in_feedparser_without_bozo(public_site, name):
    feed = document(public_site, name)
    assert feedparser_problems(feed.content) == []


@pytest.mark.parametrize(
    "name",
    ["atom", "atom_filtered", "atom_empty"],
)
def test_atom_feed_meets_the_must_rules_of_rfc_4287(public_site, name):
    feed = document(public_site, name)
    violations = atom_must_violations(feed.content, feed.url)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    "name",
    ["rss", "rss_filtered"],
)
def test_rss_self_link_is_the_requested_url(public_site, name):
    import xml.etree.ElementTree as ET  # noqa: S405  (the package's own output)

    feed = document(public_site, name)
    channel = ET.fromstring(feed.content).find("channel")  # noqa: S314
    links = channel.findall(f"{ATOM}link")
    selves = [link.get("href") for link in links if link.get("rel") == "self"]
    assert selves == [feed.url]


def test_an_empty_feeds_updated_does_not_change_with_the_request_time(public_site):
    import feedparser

    earlier = feedparser.parse(document(public_site, "atom_empty@earlier").content)
    later = feedparser.parse(document(public_site, "atom_empty").content)
    assert later.entries == []
    assert later.feed.updated == earlier.feed.updated


# ---------------------------------------------------------------------------
# iCalendar: icalendar, vobject, ics and ical.js
# ---------------------------------------------------------------------------


def expected_uids(public_site, name):
    if name == "ical_session":
        return {public_site.upcoming_session_uid}
    return set(public_site.last_changes)


@pytest.mark.parametrize("parser", [parse_with_icalendar, parse_with_vobject, parse_with_ics])
@pytest.mark.parametrize("name", CALENDARS)
def test_calendar_parses_in_python_parsers(public_site, name, parser):
    calendar = document(public_site, name)
    assert set(parser(calendar.content)) == expected_uids(public_site, name)


def test_calendars_parse_in_ical_js(public_site, icaljs_parse):
    results = icaljs_parse({name: document(public_site, name).content for name in CALENDARS})
    for name in CALENDARS:
        assert "error" not in results[name], results[name]
        uids = {event["uid"] for event in results[name]["events"]}
        assert uids == expected_uids(public_site, name)


@pytest.mark.parametrize("name", CALENDARS)
def test_published_ttl_is_an_rfc_5545_duration(public_site, name):
    lines = document(public_site, name).text.replace("\r\n ", "").splitlines()
    [ttl] = [line for line in lines if line.startswith("X-PUBLISHED-TTL")]
    assert ttl == "X-PUBLISHED-TTL:PT6H"


@pytest.mark.parametrize("parser", [parse_with_icalendar, parse_with_vobject])
def test_dtstamp_and_last_modified_are_each_sessions_last_change(public_site, parser):
    for name in ("ical_feed@earlier", "ical_feed"):
        events = parser(document(public_site, name).content)
        for uid, (dtstamp, last_modified) in events.items():
            expected = public_site.last_changes[uid]
            assert dtstamp == last_modified == expected, (name, uid)


def test_ical_js_reads_the_same_dtstamp_across_two_requests(public_site, icaljs_parse):
    results = icaljs_parse(
        {name: document(public_site, name).content for name in ("ical_feed@earlier", "ical_feed")}
    )
    earlier, later = (results[name]["events"] for name in ("ical_feed@earlier", "ical_feed"))
    assert earlier == later
    for event in later:
        expected = public_site.last_changes[event["uid"]].strftime("%Y-%m-%dT%H:%M:%SZ")
        assert event["dtstamp"] == event["lastModified"] == expected


# ---------------------------------------------------------------------------
# Open data: frictionless
# ---------------------------------------------------------------------------


def test_csv_export_is_valid_tabular_data_with_the_documented_columns(public_site):
    export = document(public_site, "csv")
    assert csv_errors(export.content) == []
    rows = csv_rows(export.content)
    assert sorted(row["title"] for row in rows) == [
        "Mieux intégrer les demandeurs d'asile",
        "Éduquer aux droits humains",
    ]
    assert list(rows[0].keys()) == CSV_COLUMNS


def test_json_export_holds_the_same_commitments_as_the_csv(public_site):
    data = json.loads(document(public_site, "json").content)
    rows = csv_rows(document(public_site, "csv").content)
    assert data["count"] == len(data["commitments"]) == len(rows)
    assert sorted(item["title"] for item in data["commitments"]) == sorted(
        row["title"] for row in rows
    )
