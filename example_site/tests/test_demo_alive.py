"""A demo that looks alive on any day it is loaded.

The load day's campaign is running, sessions of the last days are counted and the
next ones announced, the 2016 campaign stays as history, and an example case has
an open appeal (action kit, copy button, two-sheet letter kit) with a drawn portrait.
The date-dependent tests load the demo on several days of the year (the loaders
read ``timezone.now()``, patched here).
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.listings import agenda
from wagtail_villeslumieres.models import (
    AdoptedIndividualPage,
    CommitmentPage,
    HubPage,
    LetterCampaign,
    ReportingLink,
    SessionReport,
)

pytestmark = pytest.mark.django_db

#: Days of the year the demo must look alive on: mid-campaign, summer, new year's day.
LOAD_DAYS = [datetime.date(2026, 12, 4), datetime.date(2027, 7, 14), datetime.date(2028, 1, 1)]


@pytest.fixture(params=LOAD_DAYS, ids=str)
def load_day(request, monkeypatch):
    """The demo loaded as if today were ``request.param`` (at 11:00 in the site's zone)."""
    day = request.param
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    call_command("load_demo", stdout=io.StringIO())
    return day


@pytest.fixture
def demo_today():
    """The demo loaded today."""
    call_command("load_demo", stdout=io.StringIO())
    return timezone.localdate()


def walcourt():
    return HubPage.objects.live().get(holder_name="Walcourt")


def test_the_load_days_campaign_is_running_and_current(load_day):
    campaign = totals.current_campaign()
    assert campaign.year == load_day.year
    assert campaign.starts_on < load_day < campaign.ends_on


def test_the_current_counter_is_not_zero_and_was_last_recorded_in_the_last_days(load_day):
    figures = totals.for_campaign(totals.current_campaign(), walcourt())
    assert figures.total > 0
    recorded = timezone.localtime(figures.updated_at).date()
    assert load_day - datetime.timedelta(days=3) <= recorded <= load_day


def test_the_agenda_announces_upcoming_sessions_and_lists_counted_ones(load_day):
    listing = agenda.agenda_for(walcourt())
    assert len(listing.upcoming) >= 2
    assert all(entry.session.starts_at.date() > load_day for entry in listing.upcoming)
    recent = [entry for entry in listing.held if entry.session.campaign.year == load_day.year]
    assert recent and all(entry.counts for entry in recent)


def test_the_2016_campaign_stays_as_history(load_day):
    campaign = LetterCampaign.objects.filter(slug="marathon-2016").first()
    assert totals.for_campaign(campaign).total > 0
    assert totals.current_campaign().slug != "marathon-2016"


def walcourt_commitments():
    return CommitmentPage.objects.live().descendant_of(walcourt())


def test_running_commitments_have_their_target_ahead_but_one_deliberately_overdue(load_day):
    running = [c for c in walcourt_commitments() if c.status in ("planned", "in-progress")]
    ahead = [c for c in running if c.target_date and c.target_date > load_day]
    overdue = [c.slug for c in walcourt_commitments() if c.is_overdue]
    assert len(ahead) >= 2 and len(ahead) > len(overdue)
    assert overdue == ["commune-partenaire"]
    assert walcourt_commitments().filter(status="achieved").count() == 1


def test_no_commitment_of_ixelles_is_past_its_target_date(load_day):
    ixelles = HubPage.objects.live().get(holder_name="Ixelles")
    commitments = CommitmentPage.objects.live().descendant_of(ixelles)
    assert commitments.exists()
    assert [c.slug for c in commitments if c.is_overdue] == []


def test_council_resolutions_precede_their_commitments_and_nothing_is_dated_later(load_day):
    for commitment in walcourt_commitments():
        updates = [update.date for update in commitment.updates.all()]
        assert all(day <= load_day for day in updates), commitment.slug
        if commitment.resolution_date:
            assert commitment.resolution_date <= min([load_day, *updates]), commitment.slug
            assert str(commitment.resolution_date.year) in commitment.resolution_reference
            if commitment.start_date:
                assert commitment.resolution_date < commitment.start_date, commitment.slug


def test_loading_again_another_day_adds_no_session_to_the_campaign(load_day, monkeypatch):
    from wagtail_villeslumieres.models import WritingSession

    before = WritingSession.objects.count()
    later = timezone.make_aware(datetime.datetime.combine(load_day, datetime.time(11))) + (
        datetime.timedelta(days=3)
    )
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("load_demo", stdout=io.StringIO())
    assert WritingSession.objects.count() == before


def test_the_example_case_has_an_open_appeal_with_a_drawn_portrait(demo_today, client):
    page = AdoptedIndividualPage.objects.live().get(slug="nour-exemple")
    assert page.appeal_is_open
    assert page.appeal_deadline > demo_today
    assert page.public_portrait is not None
    assert page.authority_address and page.sample_letter
    html = client.get(page.get_url_parts()[2]).content.decode()
    assert "personne fictive" in html
    assert 'class="vl-kit' in html and "data-vl-copy" in html
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+" alt="Dessin', html)


def test_the_example_case_prints_a_two_sheet_letter_kit(demo_today, client):
    page = AdoptedIndividualPage.objects.live().get(slug="nour-exemple")
    kit = client.get(page.get_url_parts()[2] + "letter-kit/")
    assert kit.status_code == 200
    html = kit.content.decode()
    assert "vl-sheet--instructions" in html and "vl-sheet--letter" in html
    assert page.authority_address.splitlines()[0] in html


def test_the_hub_shows_the_example_case_among_current_ones_and_the_2016_one_as_earlier(
    demo_today, client
):
    hub = walcourt()
    html = client.get(hub.get_url_parts()[2]).content.decode()
    current, earlier = html.split("vl-individuals", 1)[1].split("<h3>", 1)
    assert "Nour Exemple" in current
    assert "Phyoe Phyoe Aung" in earlier


def test_a_teachers_report_waits_on_the_dashboard_of_the_demos_editor(load_day, client):
    from home.demo.reporting import PLACE, REPORTED
    from home.demo.site import ADMIN_PASSWORD, ADMIN_USERNAME

    report = SessionReport.objects.get(status=SessionReport.PENDING)
    assert report.link.is_usable and report.link.session.place_name == PLACE
    assert report.letters == REPORTED["letters"]
    assert report.link.session.letters == 0  # waiting: nothing counted yet
    assert client.login(username=ADMIN_USERNAME, password=ADMIN_PASSWORD)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="vl-session-reports-section"' in dashboard and PLACE in dashboard


def test_loading_again_adds_no_second_reporting_link_or_report(load_day):
    call_command("load_demo", stdout=io.StringIO())
    assert ReportingLink.objects.count() == 1
    assert SessionReport.objects.count() == 1
