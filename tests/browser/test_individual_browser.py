"""The adopted individual's page in a real browser: accessible, usable on a phone,
readable without JavaScript, and a copy button that works where JavaScript runs."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations
from tests.factories import make_image, make_individual
from wagtail_villeslumieres.models import CaseUpdate, Situation

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = (
    "Monsieur le Président,\n\n"
    "Je vous demande de libérer Phyoe Phyoe Aung immédiatement et sans condition.\n\n"
    "Veuillez agréer, Monsieur le Président, l'expression de ma haute considération."
)


@pytest.fixture
def individual(hub):
    """A detained person whose appeal is open, with a consented portrait and a full kit."""
    return make_individual(
        hub,
        portrait=make_image("Portrait"),
        portrait_alt_text="Phyoe Phyoe Aung sourit, un bouquet de fleurs à la main",
        portrait_credit="© Amnesty International",
        publication_consent=True,
        publication_cleared_on=timezone.localdate() - datetime.timedelta(days=10),
        authority_name="Président de la République de l'Union du Myanmar",
        authority_address="Bureau du Président\nNay Pyi Taw\nMyanmar",
        salutation="Monsieur le Président,",
        letter_language="anglais ou français",
        copies_to="Ambassade du Myanmar\nBoulevard Général Wahis 9\n1030 Bruxelles",
        appeal_deadline=timezone.localdate() + datetime.timedelta(days=30),
        sample_letter=LETTER,
        solidarity_address="Amnesty International Belgique francophone\nRue Berckmans 9",
        suggested_message="Libérez Phyoe Phyoe Aung ! #MarathonDesLettres",
        case_reference="ASA 16/0000/2016",
        amnesty_case_url="https://www.amnesty.org/fr/",
        story=[("quote", {"quote": "Chaque lettre compte.", "attribution": "Amnesty"})],
        updates=[
            CaseUpdate(
                date=datetime.date(2015, 3, 10),
                title="Arrêtée après une manifestation pacifique",
                text="Elle est placée en détention.",
                situation=Situation.DETAINED,
                source_url="https://www.amnesty.org/fr/",
            ),
            CaseUpdate(date=datetime.date(2015, 12, 10), title="Marathon des lettres"),
        ],
    )


def test_individual_page_has_no_axe_violations(page, live_server, individual):
    page.goto(live_server.url + individual.url)
    assert page.locator("h1").inner_text() == "Phyoe Phyoe Aung"
    assert_no_axe_violations(page)


def test_hub_listing_individuals_has_no_axe_violations(page, live_server, hub, individual):
    make_individual(
        hub,
        slug="albert-woodfox",
        full_name="Albert Woodfox",
        country="États-Unis",
        adopted_since=datetime.date(2014, 12, 10),
        adoption_ended_on=datetime.date(2015, 12, 10),
    )
    page.goto(live_server.url + hub.url)
    assert page.locator(".vl-individual-card").count() == 2
    assert_no_axe_violations(page)


def test_individual_page_is_usable_at_320px(phone_page, live_server, individual):
    phone_page.goto(live_server.url + individual.url)
    assert_fits_width(phone_page)
    assert phone_page.locator("h1").is_visible()
    assert phone_page.locator("#vl-sample-letter").is_visible()


def test_sample_letter_reads_and_selects_without_javascript(browser, live_server, individual):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + individual.url)
    letter = page.locator("#vl-sample-letter")
    assert "Je vous demande de libérer Phyoe Phyoe Aung" in letter.inner_text()
    # No button that would do nothing.
    buttons = page.locator("[data-vl-copy-target]").all()
    assert len(buttons) == 2
    assert all(button.is_hidden() for button in buttons)
    assert "Nay Pyi Taw" in page.locator("main").inner_text()
    context.close()


def test_copy_button_copies_the_letter_and_announces_it(browser, live_server, individual):
    context = browser.new_context(locale="fr-BE")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server.url + individual.url)
    button = page.locator("[data-vl-copy-target=vl-sample-letter]")
    assert button.is_visible()
    button.click()
    status = page.locator("[data-vl-copy-target=vl-sample-letter] + [role=status]")
    status.wait_for(state="attached")
    page.wait_for_function(
        "el => el.textContent.trim() !== ''", arg=status.element_handle(), timeout=5000
    )
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Monsieur le Président,")
    assert "Je vous demande de libérer Phyoe Phyoe Aung" in copied
    context.close()
