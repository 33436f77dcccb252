"""Commitment pages in a real browser: accessible, readable on a phone, no JavaScript needed."""

import datetime

import pytest

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations, screenshot
from tests.factories import (
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_home,
    make_hub,
)
from tests.test_commitments import achieved_text

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


@pytest.fixture
def commitment_index(db):
    hub = make_hub(make_home())
    commitment_index = make_commitment_index(
        hub, intro="Ce que Walcourt a promis, et où en est chaque promesse."
    )
    education = make_commitment_category("human-rights-education", "Éducation aux droits humains")
    make_commitment(
        commitment_index,
        title="Mieux intégrer les demandeurs d'asile",
        slug="integration",
        start_date=D(2017, 1, 1),
        target_date=D(2018, 12, 31),
        resolution_date=D(2016, 11, 24),
        resolution_reference="CC/2016/112",
        resolution_url="https://www.walcourt.be/conseil",
        responsible_service="Plan de cohésion sociale, avec le CPAS",
        updates=[
            make_commitment_update(
                D(2017, 1, 26),
                "Rencontre avec les résidents du centre d'accueil",
                status="in-progress",
                progress=10,
                text="Une première rencontre à la maison de village.",
            ),
            make_commitment_update(
                D(2017, 10, 5),
                "Parrainages entre familles et demandeurs d'asile",
                progress=60,
                link="https://www.walcourt.be/parrainages",
            ),
        ],
    )
    make_commitment(
        commitment_index,
        title="Éduquer aux droits humains dans les écoles",
        slug="education",
        category=education,
        initial_status="achieved",
        initial_progress=100,
    )
    make_commitment(
        commitment_index,
        title="Une exposition itinérante dans les villages de l'entité",
        slug="exposition",
        category=education,
        updates=[make_commitment_update(D(2017, 9, 12), "Projet abandonné", status="abandoned")],
    )
    return commitment_index


def test_commitment_index_with_its_filter_form_has_no_axe_violations(
    page, live_server, commitment_index
):
    page.goto(live_server.url + commitment_index.url)
    assert page.locator("h1").inner_text() == commitment_index.title
    assert page.locator("form.vl-filters select").count() == 4
    assert_no_axe_violations(page)
    screenshot(page, "commitment-index")


def test_filtered_commitment_index_has_no_axe_violations(page, live_server, commitment_index):
    page.goto(live_server.url + commitment_index.url + "?status=achieved&sort=updated&page=9")
    assert page.locator(".vl-commitment-card").count() == 1
    assert_no_axe_violations(page)


def test_commitment_page_has_no_axe_violations(page, live_server, commitment_index):
    page.goto(live_server.url + commitment_index.url + "integration/")
    assert page.locator(".vl-progress__text").first.inner_text() == achieved_text(60)
    assert_no_axe_violations(page)
    screenshot(page, "commitment-page")


def test_commitment_index_is_usable_at_320px(phone_page, live_server, commitment_index):
    phone_page.goto(live_server.url + commitment_index.url)
    assert_fits_width(phone_page)
    assert phone_page.locator("form.vl-filters button").is_visible()
    screenshot(phone_page, "commitment-index-320")


def test_commitment_page_is_usable_at_320px(phone_page, live_server, commitment_index):
    phone_page.goto(live_server.url + commitment_index.url + "integration/")
    assert_fits_width(phone_page)
    assert phone_page.locator("h1").is_visible()


def test_filters_work_without_javascript(browser, live_server, commitment_index):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + commitment_index.url)
    page.select_option("#vl-filter-category", "human-rights-education")
    page.select_option("#vl-filter-status", "abandoned")
    page.click("form.vl-filters button[type=submit]")
    page.wait_for_url("**status=abandoned**")
    cards = page.locator(".vl-commitment-card h3")
    assert cards.all_inner_texts() == ["Une exposition itinérante dans les villages de l'entité"]
    # The form shows the filters it applied, and the page is kept out of search engines.
    assert page.locator("#vl-filter-status").input_value() == "abandoned"
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    context.close()


def test_status_links_of_the_summary_filter_the_list(page, live_server, commitment_index):
    page.goto(live_server.url + commitment_index.url)
    page.locator(".vl-commitment-summary .vl-status--achieved a").click()
    page.wait_for_url("**status=achieved**")
    assert page.locator(".vl-commitment-card h3").all_inner_texts() == [
        "Éduquer aux droits humains dans les écoles"
    ]
