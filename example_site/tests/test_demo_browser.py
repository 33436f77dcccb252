"""The demo content in the system Chromium (see ``tests/browser/conftest.py``)."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations, screenshot
from tests.factories import ensure_wagtail_tree
from wagtail_villeslumieres.models import AdoptedIndividualPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_individual_is_readable_at_320px(phone_page, live_server):
    ensure_wagtail_tree()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    individual = AdoptedIndividualPage.objects.live().get(slug="phyoe-phyoe-aung")
    # The path only: the demo holds two Sites, whose page URLs carry their host.
    phone_page.goto(live_server.url + individual.get_url_parts()[2])
    assert_fits_width(phone_page)
    assert phone_page.locator(".vl-banner--free").is_visible()
    assert_no_axe_violations(phone_page)
    # docs/_static/individual-320.png is drawn from the demo by `make screenshots`.
    screenshot(phone_page, "individual-320")


def test_demo_home_page_shows_its_counter_block_readably_at_320px(phone_page, live_server):
    from home.models import HomePage

    ensure_wagtail_tree()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    home = HomePage.objects.get(slug="walcourt")
    phone_page.goto(live_server.url + home.get_url_parts()[2])
    assert phone_page.locator(".vl-counter").first.is_visible()
    assert_fits_width(phone_page)
    assert_no_axe_violations(phone_page)


@pytest.mark.parametrize(
    "address",
    ["home", "example-case", "example-letter-kit", "not-found"],
)
def test_the_demos_own_pages_fit_320px_without_axe_violations(phone_page, live_server, address):
    ensure_wagtail_tree()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    example = AdoptedIndividualPage.objects.live().get(slug="nour-exemple")
    path = {
        "home": "/fr/",
        "example-case": example.get_url_parts()[2],
        "example-letter-kit": example.get_url_parts()[2] + "letter-kit/",
        "not-found": "/fr/no-such-page/",
    }[address]
    phone_page.goto(live_server.url + path)
    assert_fits_width(phone_page)
    assert_no_axe_violations(phone_page)
