"""An organiser reports a session on a 320 px phone without JavaScript, and the hub's
counter shows it once an editor confirms (or at once in the other mode)."""

import datetime
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations
from tests.browser.test_agenda_browser import pdf_page_count
from tests.factories import make_campaign, make_session
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.models import SessionReport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def link(hub):
    session = make_session(make_campaign(), hub, place_name="École du Centre", letters=5)
    return reporting.create_link(
        hub=hub,
        campaign=session.campaign,
        session=session,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )


@pytest.fixture
def group_link(hub):
    return reporting.create_link(
        hub=hub, campaign=make_campaign(), expires_at=timezone.now() + datetime.timedelta(days=30)
    )


@pytest.fixture
def phone_without_javascript(browser):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="fr-BE", java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def counter_total(page, live_server, link):
    url = reverse(
        "wagtail_villeslumieres:counter_hub_json",
        kwargs={"slug": link.campaign.slug, "hub": link.hub_id},
    )
    return json.loads(page.request.get(live_server.url + url).text())["total"]


def fill_and_send(page, letters="42", drawings="7"):
    page.get_by_label("Lettres").fill(letters)
    page.locator("input[name=drawings]").fill(drawings)
    page.get_by_role("button", name="Envoyer").click()


def test_the_report_form_has_no_axe_violations_at_320px(phone_page, live_server, link):
    phone_page.goto(live_server.url + reporting.link_path(link))
    assert_fits_width(phone_page)
    assert_no_axe_violations(phone_page)


def test_the_group_form_and_its_errors_have_no_axe_violations_at_320px(
    phone_page, live_server, group_link
):
    phone_page.goto(live_server.url + reporting.link_path(group_link))
    assert_no_axe_violations(phone_page)
    phone_page.get_by_role("button", name="Envoyer").click()
    assert phone_page.locator(".vl-report__field-errors").count() > 0
    assert_fits_width(phone_page)
    assert_no_axe_violations(phone_page)


def test_an_organiser_reports_without_javascript_and_the_editor_confirms(
    phone_without_javascript, live_server, link, superuser
):
    page = phone_without_javascript
    page.goto(live_server.url + reporting.link_path(link))
    fill_and_send(page)
    assert page.get_by_role("heading", name="Merci !").is_visible()
    assert_fits_width(page)
    assert_no_axe_violations_without_script(page)
    assert counter_total(page, live_server, link) == 5
    reporting.confirm(SessionReport.objects.get(), superuser)
    assert counter_total(page, live_server, link) == 49


@override_settings(WAGTAIL_VILLESLUMIERES={"REPORTING_MODERATION": "immediate"})
def test_in_immediate_mode_the_counter_shows_the_report_at_once(
    phone_without_javascript, live_server, link
):
    page = phone_without_javascript
    page.goto(live_server.url + reporting.link_path(link))
    fill_and_send(page)
    assert "49" in page.locator(".vl-report__total").inner_text()
    assert counter_total(page, live_server, link) == 49


def test_the_language_is_chosen_on_the_page_without_javascript(
    phone_without_javascript, live_server, link
):
    page = phone_without_javascript
    page.goto(live_server.url + reporting.link_path(link))
    page.get_by_role("link", name="Deutsch").click()
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("button", name="Senden").is_visible()


def assert_no_axe_violations_without_script(page):
    """axe needs a script: run it on the same address in a page that allows one."""
    context = page.context.browser.new_context(viewport={"width": 320, "height": 640})
    other = context.new_page()
    other.goto(page.url)
    try:
        assert_fits_width(other)
        assert_no_axe_violations(other)
    finally:
        context.close()


def test_the_session_sheet_prints_on_one_a4_page_without_axe_violations(
    page, live_server, link, client, superuser
):
    client.force_login(superuser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(
        live_server.url
        + reverse("wagtail_villeslumieres_admin:reporting_link_sheet", args=[link.pk])
    )
    assert page.locator("svg.vl-qr").is_visible()
    assert_no_axe_violations(page)
    assert pdf_page_count(page.pdf(format="A4")) == 1


@pytest.mark.parametrize(
    "url_name", ["reporting_link", "reporting_links", "session_reports"], ids=str
)
def test_the_admins_reporting_pages_have_no_axe_violations(
    page, live_server, link, client, superuser, url_name
):
    report = SessionReport(link=link, letters=12, note="Merci !")
    reporting.submit(report)
    client.force_login(superuser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    args = [link.pk] if url_name == "reporting_link" else []
    page.goto(live_server.url + reverse(f"wagtail_villeslumieres_admin:{url_name}", args=args))
    assert "École du Centre" in page.locator("main").inner_text()
    # The package's part of the page: Wagtail's own sidebar is Wagtail's to check.
    assert_no_axe_violations(page, context="main")
