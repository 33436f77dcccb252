"""The commitment index, a commitment and an adopted individual cache what they show beyond
their own row, and show every edit (of the page, a page above it, a category) at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_individual,
)
from tests.helpers import requires_i18n
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import CaseUpdate, CommitmentPage

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


def request(client, url, *, cold=False):
    """``(tables read, query count, html)`` of one request; ``cold`` drops every cached value."""
    if cold:
        totals.invalidate()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    return sql, len(sql), response.content.decode()


def reads(sql, table):
    return [query for query in sql if f"wagtail_villeslumieres_{table}" in query]


def publish(page):
    page.save_revision().publish()


@pytest.fixture
def commitment_index(hub, locale_fr):
    return make_commitment_index(hub)


def add_commitments(commitment_index, count, start=0):
    category = make_commitment_category()
    return [
        make_commitment(
            commitment_index,
            title=f"Engagement {number}",
            slug=f"engagement-{number}",
            category=category,
            updates=[make_commitment_update(DAY, status="in-progress", progress=40)],
        )
        for number in range(start, start + count)
    ]


# The commitment index


def test_a_warm_commitment_index_reads_no_commitment_from_the_database(client, commitment_index):
    add_commitments(commitment_index, 3)
    client.get(commitment_index.url)
    sql, _count, html = request(client, commitment_index.url)
    assert reads(sql, "commitmentpage") == []
    assert reads(sql, "commitmentcategory") == []
    assert "Engagement 2" in html


def test_the_commitment_index_costs_the_same_queries_with_3_or_45_commitments(
    client, commitment_index
):
    add_commitments(commitment_index, 3)
    client.get(commitment_index.url)  # the site's root paths are cached on first use
    few = [request(client, commitment_index.url, cold=cold)[1] for cold in (True, False)]
    add_commitments(commitment_index, 42, start=3)
    many = [request(client, commitment_index.url, cold=cold)[1] for cold in (True, False)]
    assert many == few


def test_a_filtered_list_and_a_second_page_are_cached_apart(client, commitment_index, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"COMMITMENTS_PER_PAGE": 2}
    commitments = add_commitments(commitment_index, 3)
    commitments[0].updates = [make_commitment_update(DAY, status="achieved", progress=100)]
    publish(commitments[0])
    client.get(commitment_index.url)
    _sql, _count, achieved = request(client, commitment_index.url + "?status=achieved")
    _sql, _count, second = request(client, commitment_index.url + "?page=2")
    assert "Engagement 0" in achieved and "Engagement 1" not in achieved
    assert "Engagement 2" in second and "Engagement 0" not in second


def test_made_up_page_numbers_read_the_page_they_show(client, commitment_index, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"COMMITMENTS_PER_PAGE": 2}
    add_commitments(commitment_index, 3)
    names = []
    cached = totals.cached

    def recording(name, *args, **kwargs):
        names.append(name)
        return cached(name, *args, **kwargs)

    totals.cached = recording
    try:
        for number in ("2", "999", "-4", "x", "2.0"):
            client.get(commitment_index.url + f"?page={number}")
    finally:
        totals.cached = cached
    pages = {name.rsplit(":", 1)[-1] for name in names if ":list:page:" in name}
    assert pages == {"1", "2"}


@requires_i18n
def test_a_published_commitment_shows_on_the_index_at_once(client, commitment_index):
    add_commitments(commitment_index, 2)
    client.get(commitment_index.url)
    add_commitments(commitment_index, 1, start=2)
    _sql, _count, html = request(client, commitment_index.url)
    assert "Engagement 2" in html
    assert "3 engagements au total" in html


def test_an_edited_commitment_shows_on_the_index_at_once(client, commitment_index):
    [commitment] = add_commitments(commitment_index, 1)
    client.get(commitment_index.url)
    commitment.title = "Accueillir dignement"
    commitment.updates = [make_commitment_update(DAY, status="achieved", progress=100)]
    publish(commitment)
    _sql, _count, html = request(client, commitment_index.url)
    assert "Accueillir dignement" in html
    assert "Engagement 0" not in html


@requires_i18n
def test_an_unpublished_commitment_leaves_the_index_at_once(client, commitment_index):
    first, _second = add_commitments(commitment_index, 2)
    client.get(commitment_index.url)
    first.unpublish()
    _sql, _count, html = request(client, commitment_index.url)
    assert "Engagement 0" not in html
    assert "1 engagement au total" in html


def test_a_renamed_category_shows_on_the_index_and_the_commitment_at_once(client, commitment_index):
    [commitment] = add_commitments(commitment_index, 1)
    client.get(commitment_index.url)
    client.get(commitment.url)
    category = commitment.category
    category.name = "Accueil des personnes migrantes"
    category.save()
    assert "Accueil des personnes migrantes" in request(client, commitment_index.url)[2]
    assert "Accueil des personnes migrantes" in request(client, commitment.url)[2]


# A commitment


def test_a_warm_commitment_page_reads_neither_its_timeline_nor_its_category(
    client, commitment_index
):
    [commitment] = add_commitments(commitment_index, 1)
    client.get(commitment.url)
    sql, _count, html = request(client, commitment.url)
    assert reads(sql, "commitmentupdate") == []
    assert reads(sql, "commitmentcategory") == []
    assert "Intégration des demandeurs d&#x27;asile" in html


def test_a_commitment_costs_the_same_queries_with_1_or_30_progress_updates(
    client, commitment_index
):
    [one] = add_commitments(commitment_index, 1)
    thirty = make_commitment(
        commitment_index,
        title="Trente étapes",
        updates=[
            make_commitment_update(DAY - datetime.timedelta(days=day), title=f"Étape {day}")
            for day in range(30)
        ],
    )
    client.get(one.url)
    counts = {}
    for page in (one, thirty):
        counts[page.pk] = [request(client, page.url, cold=cold)[1] for cold in (True, False)]
    assert counts[one.pk] == counts[thirty.pk]
    assert request(client, thirty.url)[2].count('class="vl-timeline__item"') == 30


def test_a_new_progress_update_shows_on_the_commitment_at_once(client, commitment_index):
    [commitment] = add_commitments(commitment_index, 1)
    client.get(commitment.url)
    commitment = CommitmentPage.objects.get(pk=commitment.pk)
    commitment.updates.add(make_commitment_update(DAY, title="Conseil communal du 5 mars"))
    publish(commitment)
    assert "Conseil communal du 5 mars" in request(client, commitment.url)[2]


@requires_i18n
def test_a_renamed_index_shows_in_the_commitment_back_link_at_once(client, commitment_index):
    [commitment] = add_commitments(commitment_index, 1)
    client.get(commitment.url)
    commitment_index.title = "Nos promesses"
    publish(commitment_index)
    assert "Retour à Nos promesses" in request(client, commitment.url)[2]


def test_a_withdrawn_individual_disappears_from_a_commitment_at_once(client, commitment_index):
    individual = make_individual(commitment_index.get_parent())
    [commitment] = add_commitments(commitment_index, 1)
    commitment.adopted_individual = individual
    publish(commitment)
    assert individual.title in request(client, commitment.url)[2]
    individual.unpublish()
    assert individual.title not in request(client, commitment.url)[2]


def test_a_preview_shows_the_draft_and_the_live_page_keeps_the_published_one(
    client, commitment_index
):
    [commitment] = add_commitments(commitment_index, 1)
    client.get(commitment.url)  # the published page's sections are cached
    commitment.updates.add(make_commitment_update(DAY, title="Brouillon pas encore publié"))
    commitment.save_revision()
    draft = CommitmentPage.objects.get(pk=commitment.pk).get_latest_revision_as_object()
    assert "Brouillon pas encore publié" in draft.make_preview_request().content.decode()
    assert "Brouillon pas encore publié" not in request(client, commitment.url)[2]


# An adopted individual


def test_a_warm_individual_page_reads_neither_its_timeline_nor_its_hub(client, hub):
    individual = make_individual(hub)
    client.get(individual.url)
    cold_sql, cold, _html = request(client, individual.url, cold=True)
    sql, warm, html = request(client, individual.url)
    assert reads(sql, "caseupdate") == []
    assert len(reads(cold_sql, "caseupdate")) == 1
    assert warm <= cold - 2  # the timeline and the hub above the page
    assert hub.holder_name in html


def test_a_new_case_update_shows_on_the_individual_at_once(client, hub):
    individual = make_individual(hub)
    client.get(individual.url)
    individual.case_updates.add(CaseUpdate(date=DAY, title="Libérée sous caution", situation=""))
    publish(individual)
    assert "Libérée sous caution" in request(client, individual.url)[2]


def test_a_renamed_hub_shows_on_its_individual_at_once(client, hub):
    individual = make_individual(hub)
    client.get(individual.url)
    hub.holder_name = "Ville de Walcourt-Centre"
    publish(hub)
    assert "Ville de Walcourt-Centre" in request(client, individual.url)[2]


@requires_i18n
def test_an_ignored_filter_gets_its_own_cached_filter_form(client, commitment_index):
    add_commitments(commitment_index, 2)
    plain = request(client, commitment_index.url)[2]
    ignored = request(client, commitment_index.url + "?category=nope")[2]
    assert "Afficher tous les engagements" not in plain
    assert "Afficher tous les engagements" in ignored
    assert "Afficher tous les engagements" not in request(client, commitment_index.url)[2]
