"""Dutch and German renderings in a real browser: accessible, and in the page's language."""

import datetime

import pytest
from django.apps import apps

from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_home,
    make_hub,
    make_individual,
    make_session,
    translate_branch_with_localize,
    translate_with_localize,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not apps.is_installed("wagtail_localize"),
        reason="wagtail-localize is not in INSTALLED_APPS: the site translates without it",
    ),
]

D = datetime.date
LANGUAGES = ["nl", "de"]
PAGE_KINDS = ["hub", "individual", "commitment_index", "commitment"]


@pytest.fixture
def translated_pages(db):
    """{language: {kind: page}}: Walcourt's pages translated with wagtail-localize."""
    hub = make_hub(make_home())
    campaign = make_campaign(locale=hub.locale)
    make_session(campaign, hub, letters=2540, drawings=1160)
    individual = make_individual(hub, appeal_deadline=D(2016, 12, 17))
    category = make_commitment_category()
    commitment_index = make_commitment_index(
        hub, intro="Ce que Walcourt a promis, et où en est chaque promesse."
    )
    commitment = make_commitment(
        commitment_index,
        category=category,
        target_date=D(2018, 12, 31),
        adopted_individual=individual,
        updates=[make_commitment_update(D(2017, 4, 20), status="in-progress", progress=45)],
    )
    pages = {}
    for language in LANGUAGES:
        translate_with_localize(campaign, language)
        translate_with_localize(category, language)
        pages[language] = {
            "hub": translate_branch_with_localize(hub, language),
            "individual": translate_branch_with_localize(individual, language),
            "commitment_index": translate_branch_with_localize(commitment_index, language),
            "commitment": translate_branch_with_localize(commitment, language),
        }
    return pages


@pytest.mark.parametrize("kind", PAGE_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translated_page_has_its_language_and_no_axe_violations(
    page, live_server, translated_pages, language, kind
):
    translated = translated_pages[language][kind]
    page.goto(live_server.url + translated.url)
    assert page.evaluate("() => document.documentElement.lang") == language
    # The switcher names each other language in that language, marked as such.
    assert page.locator(".vl-translations a[lang='fr']").count() == 1
    assert_no_axe_violations(page)
