"""The hub page's dynamic sections are cached, and dropped by the changes they show."""

import datetime
import pickle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_individual,
    make_session,
)
from wagtail_villeslumieres.listings.commitments import CommitmentSummary

pytestmark = pytest.mark.django_db

SECTION_TABLES = ("writingsession", "adoptedindividualpage", "commitmentpage", "lettertotal")


@pytest.fixture
def full_hub(hub, locale_fr):
    campaign = make_campaign()
    make_individual(hub)
    index = make_commitment_index(hub)
    make_commitment(index, category=make_commitment_category())
    make_session(campaign, hub, day=10, letters=5)
    return hub, campaign


def sql_of_a_request(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


def test_a_warm_hub_page_reads_none_of_its_sections_from_the_database(client, full_hub):
    hub, _campaign = full_hub
    client.get(hub.url)
    queries, _html = sql_of_a_request(client, hub.url)
    read = [sql for sql in queries if any(table in sql for table in SECTION_TABLES)]
    assert read == []


def test_a_new_session_shows_in_the_hub_agenda_block_after_commit(
    client, full_hub, django_capture_on_commit_callbacks
):
    hub, campaign = full_hub
    client.get(hub.url)
    with django_capture_on_commit_callbacks(execute=True):
        make_session(
            campaign,
            hub,
            letters=0,
            place_name="Salle du conseil",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            ends_at=timezone.now() + datetime.timedelta(days=2, hours=3),
        )
    _queries, html = sql_of_a_request(client, hub.url)
    assert "Salle du conseil" in html


def test_a_published_individual_shows_on_the_hub_at_once(client, full_hub):
    hub, _campaign = full_hub
    client.get(hub.url)
    make_individual(hub, slug="albert-woodfox", full_name="Albert Woodfox")
    _queries, html = sql_of_a_request(client, hub.url)
    assert "Albert Woodfox" in html


def test_a_session_moved_without_counts_shows_its_new_place_on_the_hub_after_commit(
    client, full_hub, django_capture_on_commit_callbacks
):
    hub, campaign = full_hub
    session = make_session(
        campaign,
        hub,
        letters=0,
        place_name="Salle du conseil",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        ends_at=timezone.now() + datetime.timedelta(days=2, hours=3),
    )
    client.get(hub.url)
    session.place_name = "Maison de quartier"
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    _queries, html = sql_of_a_request(client, hub.url)
    assert "Maison de quartier" in html
    assert "Salle du conseil" not in html


def test_the_cached_commitment_summary_weighs_the_same_with_2_or_30_commitments(hub, locale_fr):
    index = make_commitment_index(hub)
    category = make_commitment_category()
    for number in range(2):
        make_commitment(index, title=f"Engagement {number}", category=category)
    small = len(pickle.dumps(CommitmentSummary.for_hub(hub)))
    for number in range(2, 30):
        make_commitment(index, title=f"Engagement {number}", category=category)
    large = len(pickle.dumps(CommitmentSummary.for_hub(hub)))
    assert large <= small + 16  # a few digits more, no commitment
