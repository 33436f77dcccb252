"""The demo content (``manage.py load_demo``) of each feature, and the site's search."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from home.demo.letters import load_letters
from tests.factories import make_individual
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.listings import agenda
from wagtail_villeslumieres.models import (
    AdoptedIndividualPage,
    CaseUpdate,
    CommitmentCategory,
    CommitmentIndexPage,
    CommitmentPage,
    HubPage,
    Situation,
    WritingSession,
)

pytestmark = pytest.mark.django_db


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


# Agenda


def test_demo_announces_upcoming_sessions_and_lists_held_ones_with_counts():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sessions_before = WritingSession.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert WritingSession.objects.count() == sessions_before
    listing = agenda.agenda_for(HubPage.objects.live().get(holder_name="Walcourt"))
    assert listing.upcoming
    assert all(entry.session.is_public for entry in listing.upcoming + listing.held)
    assert any(entry.counts for entry in listing.held)


# Commitments


def test_demo_adds_commitments_in_every_status_and_twice_changes_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        CommitmentIndexPage.objects.count(),
        CommitmentPage.objects.count(),
        CommitmentCategory.objects.count(),
        Page.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        CommitmentIndexPage.objects.count(),
        CommitmentPage.objects.count(),
        CommitmentCategory.objects.count(),
        Page.objects.count(),
    )
    commitments = CommitmentPage.objects.live()
    assert commitments.count() >= 4
    assert {c.status for c in commitments} >= {"in-progress", "achieved", "abandoned"}
    asylum = commitments.get(category__slug="asylum-seekers")
    assert asylum.updates.count() >= 3


# Letters


def test_demo_campaign_fits_one_communes_scale_and_loads_once(hub):
    campaign = load_letters(hub)
    load_letters(hub)
    assert WritingSession.objects.count() == 12
    assert campaign.ends_on == datetime.date(2016, 12, 17)
    figures = totals.for_campaign(campaign)
    letters_and_drawings = figures.by_kind["letters"] + figures.by_kind["drawings"]
    # A few hundred, well under the 3 700 of the thirty-six places together.
    assert 200 < letters_and_drawings < 700
    assert figures.goal and figures.total < figures.goal
    for session in WritingSession.objects.all():
        session.full_clean()


# Adopted individuals


def test_demo_adds_phyoe_phyoe_aung_released_in_2016_and_the_hub_shows_her(client):
    load_demo()
    page = AdoptedIndividualPage.objects.live().get(slug="phyoe-phyoe-aung")
    assert page.full_name == "Phyoe Phyoe Aung"
    assert page.situation == Situation.RELEASED
    assert page.situation_since.year == 2016
    assert page.case_updates.count() >= 3
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    assert "Phyoe Phyoe Aung" in html_of(client, hub)
    assert "libérée" in html_of(client, page).lower() or "released" in html_of(client, page)


def test_demo_individual_is_loaded_once_however_often_the_command_runs():
    load_demo()
    load_demo()
    assert AdoptedIndividualPage.objects.count() == 2
    assert CaseUpdate.objects.count() == sum(
        page.case_updates.count() for page in AdoptedIndividualPage.objects.all()
    )


# The example site's search


def test_example_site_search_finds_the_page(client, hub):
    page = make_individual(hub)
    response = client.get(reverse("search"), {"query": "Phyoe Phyoe Aung"})
    assert page.url in response.content.decode()


# The home page's counter block


def test_demo_home_page_shows_walcourts_counter_and_its_address_embeds_it(client, settings):
    from home.models import HomePage

    load_demo()
    load_demo()
    home = HomePage.objects.get(slug="walcourt")
    assert [block.block_type for block in home.body].count("letter_counter") == 1
    html = html_of(client, home)
    assert "data-vl-number" in html or "vl-counter" in html
    assert 'type="application/json+oembed"' in html
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(
        reverse("wagtail_villeslumieres:oembed"), {"url": home.full_url, "format": "json"}
    )
    assert response.status_code == 200, response.content
    assert f"hub={hub.pk}" in response.json()["html"]
    assert "style=number" in response.json()["html"]
