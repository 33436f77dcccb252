"""The letter counter in a real browser: accessible in every style, readable on a phone
and without JavaScript; the session form usable at 320 px."""

import pytest
from django.utils import translation

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations, screenshot
from tests.factories import make_campaign, make_home, make_hub, make_session

pytestmark = pytest.mark.django_db(transaction=True)

STYLES = ["number", "progress", "breakdown"]


@pytest.fixture
def counter_page():
    """A hub with one counter block per style, and sessions across two hubs."""
    home = make_home()
    campaign = make_campaign(goal=600)
    hub = make_hub(home)
    make_session(campaign, hub, letters=3000, drawings=412, messages=38, emails=12, tweets=25)
    make_session(campaign, hub, day=11, letters=210)
    page = make_hub(
        home,
        title="Le Marathon des lettres à Walcourt",
        slug="marathon",
        body=[
            (
                "letter_counter",
                {"campaign": campaign, "hub": hub, "style": style, "heading": f"Compteur {style}"},
            )
            for style in STYLES
        ],
    )
    return page


@pytest.mark.parametrize("style", STYLES)
def test_counter_style_has_no_axe_violations(page, live_server, counter_page, style):
    page.goto(live_server.url + counter_page.url)
    counter = page.locator(f".vl-body .vl-counter--{style}")
    assert counter.count() == 1
    assert "3\u00a0697" in counter.inner_text() or "3 697" in counter.inner_text()
    assert_no_axe_violations(page, context=f".vl-body .vl-counter--{style}")


def test_page_with_every_counter_style_has_no_axe_violations(page, live_server, counter_page):
    page.goto(live_server.url + counter_page.url)
    assert_no_axe_violations(page)
    screenshot(page, "letter-counter-styles")


def test_counters_fit_a_320px_phone(phone_page, live_server, counter_page):
    phone_page.goto(live_server.url + counter_page.url)
    assert_fits_width(phone_page)
    assert phone_page.locator(".vl-counter__bar").first.is_visible()
    screenshot(phone_page, "letter-counter-320px")


def test_counter_reads_without_javascript(browser, live_server, counter_page):
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    nojs.goto(live_server.url + counter_page.url)
    text = nojs.locator("main").inner_text()
    assert "3\u00a0697" in text or "3 697" in text
    assert "% de l" in text or "%" in text
    context.close()


def test_hub_page_counter_has_no_axe_violations(page, live_server):
    home = make_home()
    campaign = make_campaign()
    hub = make_hub(home)
    make_session(campaign, hub, letters=120)
    page.goto(live_server.url + hub.url)
    assert page.locator(".vl-counter .vl-counter__number").inner_text() == "120"
    assert_no_axe_violations(page)


def test_session_form_is_usable_on_a_phone(browser, live_server, django_user_model):
    home = make_home()
    campaign = make_campaign()
    hub = make_hub(home)
    django_user_model.objects.create_superuser(username="admin", password="password")
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-BE")
    phone = context.new_page()
    phone.goto(live_server.url + "/admin/login/")
    phone.fill("#id_username", "admin")
    phone.fill("#id_password", "password")
    phone.click("button[type=submit]")
    phone.goto(live_server.url + "/admin/")
    screenshot(phone, "letter-counter-dashboard-320px")
    # The browser asks for fr-BE: the admin speaks French.
    with translation.override("fr"):
        record = translation.gettext("Record a writing session")
    phone.get_by_role("link", name=record).click()
    phone.wait_for_url("**/writingsession/add/")
    phone.fill("#id_place_name", "Bibliothèque communale")
    assert_fits_width(phone)
    phone.fill("#id_starts_at", "2016-12-10T14:00")
    phone.fill("#id_ends_at", "2016-12-10T16:00")
    phone.fill("#id_letters", "42")
    assert phone.locator("#id_letters").get_attribute("inputmode") == "numeric"
    screenshot(phone, "writing-session-form-320px")
    phone.locator("button.action-save").first.click()
    phone.wait_for_url("**/writingsession/")
    phone.wait_for_load_state()
    from wagtail_villeslumieres.models import WritingSession

    session = WritingSession.objects.get()
    assert (session.hub_id, session.campaign_id, session.letters) == (hub.pk, campaign.pk, 42)
    context.close()
