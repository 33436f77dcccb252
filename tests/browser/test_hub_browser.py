"""The hub page in a real browser: accessible, readable on a phone, no JavaScript needed."""

import pytest

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_hub_page_has_no_axe_violations(page, live_server, hub):
    page.goto(live_server.url + hub.url)
    assert page.locator("h1").inner_text() == hub.title
    assert_no_axe_violations(page)


def test_hub_page_is_usable_at_320px(phone_page, live_server, hub):
    phone_page.goto(live_server.url + hub.url)
    assert_fits_width(phone_page)
    assert phone_page.locator("h1").is_visible()


def test_hub_page_reads_without_javascript(browser, live_server, hub):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + hub.url)
    assert "Walcourt" in page.locator("main").inner_text()
    context.close()


@pytest.fixture
def hub_with_address(home):
    from tests.factories import make_hub

    return make_hub(home, address="Place de l'Hôtel de Ville 3-5, 5650 Walcourt")


def test_hub_address_has_no_axe_violations_and_fits_320px(
    page, phone_page, live_server, hub_with_address
):
    for browser_page in (page, phone_page):
        browser_page.goto(live_server.url + hub_with_address.url)
        address = browser_page.locator("main address")
        assert "5650 Walcourt" in address.inner_text()
        assert address.is_visible()
    assert_no_axe_violations(page)
    assert_fits_width(phone_page)
