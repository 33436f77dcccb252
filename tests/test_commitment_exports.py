"""Open data: the commitments as CSV and JSON, and the feeds of progress updates."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405  (parses the package's own output)

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import (
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_commitments_in_bulk,
)
from wagtail_villeslumieres.spreadsheets import neutralise_formula
from wagtail_villeslumieres.views.exports import CSV_COLUMNS

pytestmark = pytest.mark.django_db

D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def commitment_index(hub):
    return make_commitment_index(hub)


@pytest.fixture
def asylum(commitment_index):
    return make_commitment(
        commitment_index,
        title="Mieux intégrer les demandeurs d'asile",
        slug="integration",
        start_date=D(2017, 1, 1),
        target_date=D(2018, 12, 31),
        resolution_date=D(2016, 11, 24),
        resolution_reference="CC/2016/112",
        updates=[
            make_commitment_update(D(2017, 1, 26), "Rencontre", status="in-progress", progress=10),
            make_commitment_update(D(2017, 10, 5), "Parrainages", progress=60),
        ],
    )


@pytest.fixture
def education(commitment_index):
    category = make_commitment_category("human-rights-education", "Éducation aux droits humains")
    return make_commitment(
        commitment_index,
        title="Éduquer aux droits humains",
        slug="education",
        category=category,
        scope="local",
        initial_status="achieved",
        updates=[make_commitment_update(D(2017, 6, 15), "Bilan")],
    )


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


# --- CSV -----------------------------------------------------------------------------------


def test_csv_is_utf8_with_a_byte_order_mark_and_the_documented_columns(
    client, commitment_index, asylum
):
    response = client.get(commitment_index.url + "export/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="engagements.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == CSV_COLUMNS


def test_csv_row_holds_the_commitment_with_accents_and_iso_dates(client, commitment_index, asylum):
    (row,) = read_csv(client.get(commitment_index.url + "export/csv/"))
    assert row["title"] == "Mieux intégrer les demandeurs d'asile"
    assert row["category"] == "Intégration des demandeurs d'asile"
    assert row["category_slug"] == "asylum-seekers"
    assert row["status"] == "in-progress"
    assert row["progress"] == "60"
    assert row["target_date"] == "2018-12-31"
    assert row["last_update_date"] == "2017-10-05"
    assert row["resolution_reference"] == "CC/2016/112"
    assert row["url"] == asylum.full_url


def test_csv_leaves_progress_empty_where_none_was_given(client, commitment_index, education):
    (row,) = read_csv(client.get(commitment_index.url + "export/csv/"))
    assert row["progress"] == ""


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example","clic")',
        "+33 engagements",
        "-1 engagement",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_neutralises_cells_that_a_spreadsheet_would_read_as_a_formula(
    client, commitment_index, title
):
    make_commitment(commitment_index, title=title, slug="piege", responsible_service=title)
    (row,) = read_csv(client.get(commitment_index.url + "export/csv/"))
    assert row["title"] == "'" + title
    assert row["responsible_service"] == "'" + title


def test_formula_neutralisation_leaves_numbers_and_plain_text_alone():
    assert neutralise_formula(60) == 60
    assert neutralise_formula("Walcourt") == "Walcourt"
    assert neutralise_formula("") == ""


def test_csv_applies_the_same_filters_as_the_page(client, commitment_index, asylum, education):
    rows = read_csv(client.get(commitment_index.url + "export/csv/", {"status": "achieved"}))
    assert [row["title"] for row in rows] == ["Éduquer aux droits humains"]
    rows = read_csv(
        client.get(commitment_index.url + "export/csv/", {"category": "asylum-seekers"})
    )
    assert [row["title"] for row in rows] == ["Mieux intégrer les demandeurs d'asile"]


def test_csv_ignores_unknown_filter_values(client, commitment_index, asylum, education):
    response = client.get(commitment_index.url + "export/csv/", {"status": "x", "sort": "y"})
    assert response.status_code == 200
    assert len(read_csv(response)) == 2


def test_csv_leaves_out_drafts(client, commitment_index, asylum):
    make_commitment(commitment_index, title="Brouillon", slug="brouillon", publish=False)
    rows = read_csv(client.get(commitment_index.url + "export/csv/"))
    assert [row["title"] for row in rows] == [asylum.title]


# --- JSON ----------------------------------------------------------------------------------


def test_json_has_the_documented_keys_and_iso_dates(client, commitment_index, asylum):
    response = client.get(commitment_index.url + "export/json/")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == {"index", "generated_at", "filters", "count", "commitments"}
    assert data["index"]["holder"] == "Walcourt"
    assert data["index"]["url"] == commitment_index.full_url
    datetime.datetime.fromisoformat(data["generated_at"])
    (commitment,) = data["commitments"]
    assert list(commitment) == [*CSV_COLUMNS, "updates"]
    assert commitment["progress"] == 60
    assert commitment["resolution_date"] == "2016-11-24"
    assert commitment["updates"] == [
        {
            "date": "2017-01-26",
            "title": "Rencontre",
            "text": "",
            "status": "in-progress",
            "progress": 10,
            "link": "",
        },
        {
            "date": "2017-10-05",
            "title": "Parrainages",
            "text": "",
            "status": None,
            "progress": 60,
            "link": "",
        },
    ]


def test_json_keeps_accents_readable(client, commitment_index, asylum):
    response = client.get(commitment_index.url + "export/json/")
    assert "Mieux intégrer".encode() in response.content


def test_json_gives_null_progress_where_none_was_given(client, commitment_index, education):
    data = json.loads(client.get(commitment_index.url + "export/json/").content)
    assert data["commitments"][0]["progress"] is None


def test_json_applies_and_reports_the_filters(client, commitment_index, asylum, education):
    response = client.get(
        commitment_index.url + "export/json/", {"scope": "local", "status": "in-progress"}
    )
    data = json.loads(response.content)
    assert data["filters"] == {"scope": "local", "status": "in-progress"}
    assert data["count"] == 1
    assert data["commitments"][0]["title"] == asylum.title


def test_json_is_open_to_scripts_on_other_sites(client, commitment_index, asylum):
    response = client.get(commitment_index.url + "export/json/")
    assert response["Access-Control-Allow-Origin"] == "*"


# --- Feeds ---------------------------------------------------------------------------------


def test_rss_feed_lists_progress_updates_newest_first(client, commitment_index, asylum, education):
    response = client.get(commitment_index.url + "feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [
        "Mieux intégrer les demandeurs d'asile – Parrainages",
        "Éduquer aux droits humains – Bilan",
        "Mieux intégrer les demandeurs d'asile – Rencontre",
    ]
    first_link = channel.find("item").findtext("link")
    update = asylum.updates.get(title="Parrainages")
    assert first_link == f"{asylum.full_url}#update-{update.pk}"


def test_atom_feed_is_valid_atom_with_the_same_entries(client, commitment_index, asylum):
    response = client.get(commitment_index.url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.tag == f"{ATOM}feed"
    assert len(feed.findall(f"{ATOM}entry")) == 2


def test_feed_follows_the_category_filter(client, commitment_index, asylum, education):
    response = client.get(
        commitment_index.url + "feed/rss/", {"category": "human-rights-education"}
    )
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Éduquer aux droits humains – Bilan"
    ]


def atom_entries(client, url):
    feed = ET.fromstring(client.get(url).content)  # noqa: S314
    return feed, feed.findall(f"{ATOM}entry")


def test_atom_entries_are_dated_and_signed_by_the_holder(client, commitment_index, asylum):
    feed, entries = atom_entries(client, commitment_index.url + "feed/atom/")
    hub = commitment_index.get_hub()
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == hub.holder_name
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == hub.holder_name


def test_entry_ids_survive_a_renamed_commitment(client, commitment_index, asylum):
    url = commitment_index.url + "feed/atom/"
    before = [entry.findtext(f"{ATOM}id") for entry in atom_entries(client, url)[1]]
    asylum.slug = "accueil"
    asylum.save_revision().publish()
    after = [entry.findtext(f"{ATOM}id") for entry in atom_entries(client, url)[1]]
    assert after == before
    assert all(re.match(r"tag:[a-z.]+,2010:", entry_id) for entry_id in after)


def test_a_filtered_feed_names_the_filtered_address_as_self(client, commitment_index, asylum):
    url = commitment_index.url + "feed/atom/?category=asylum-seekers"
    feed, _entries = atom_entries(client, url)
    [self_link] = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "http://testserver" + url


def test_an_empty_feed_is_dated_by_the_last_change_of_what_it_lists(
    client, commitment_index, asylum
):
    feed, entries = atom_entries(client, commitment_index.url + "feed/atom/?status=abandoned")
    assert entries == []
    # No commitment is abandoned: the index's own last publication.
    commitment_index.refresh_from_db()
    updated = datetime.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert updated == commitment_index.last_published_at


def test_index_page_announces_its_feeds(client, commitment_index, asylum):
    html = client.get(commitment_index.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" href="{commitment_index.url}feed/rss/"'
        in html
    )


# --- Cost and access -----------------------------------------------------------------------


@pytest.mark.parametrize("route", ["export/csv/", "export/json/", "feed/rss/", "feed/atom/"])
def test_exports_cost_the_same_queries_for_3_and_200_commitments(client, commitment_index, route):
    url = commitment_index.url + route

    def count_queries():
        client.get(url)  # warms Wagtail's per-site caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"scope": "local"})
        assert response.status_code == 200
        return len(queries)

    category = make_commitment_category()
    make_commitments_in_bulk(commitment_index, 3, category)
    small = count_queries()
    make_commitments_in_bulk(commitment_index, 197, category, start=3)
    assert count_queries() == small


def test_exports_of_a_login_only_index_need_a_login(client, commitment_index, asylum):
    PageViewRestriction.objects.create(page=commitment_index, restriction_type="login")
    for route in ("export/csv/", "export/json/", "feed/rss/"):
        response = client.get(commitment_index.url + route)
        assert response.status_code == 302
        assert "login" in response["Location"]
