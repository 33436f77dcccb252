"""The agenda and the printable letter kit in Chromium: accessible, narrow screens, paper."""

import re

import pytest

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations
from tests.factories import (
    make_announced_session,
    make_campaign,
    make_individual,
    make_session,
    make_upcoming_campaign,
)

pytestmark = pytest.mark.django_db(transaction=True)

#: The sample letter of the demo: a real-length appeal (about 1 700 characters).
SAMPLE_LETTER = "\n\n".join(
    [
        "Monsieur le Président,",
        "Je vous écris pour vous faire part de ma vive inquiétude au sujet de Phyoe Phyoe "
        "Aung, dirigeante étudiante, arrêtée en mars 2015 après une manifestation pacifique "
        "contre la loi sur l'éducation nationale.",
        "Phyoe Phyoe Aung n'a fait qu'exercer pacifiquement ses droits à la liberté "
        "d'expression et de réunion. Elle est une prisonnière d'opinion et doit être libérée "
        "immédiatement et sans condition, ainsi que toutes les personnes détenues pour avoir "
        "participé à ces manifestations.",
        "Je vous demande également de veiller à ce que, dans l'attente de sa libération, elle "
        "soit protégée de toute forme de torture ou d'autres mauvais traitements, qu'elle "
        "puisse consulter les avocats de son choix et recevoir la visite de sa famille, et "
        "qu'elle bénéficie de tous les soins médicaux dont elle pourrait avoir besoin.",
        "Enfin, je vous prie de modifier ou d'abroger les lois qui restreignent de manière "
        "arbitraire les droits à la liberté d'expression et de réunion pacifique, afin que "
        "plus personne ne soit poursuivi pour avoir manifesté sans violence.",
        "Je vous prie d'agréer, Monsieur le Président, l'expression de ma haute considération.",
    ]
)

KIT_FIELDS = {
    "authority_name": "President Htin Kyaw",
    "authority_address": "President's Office\nOffice No. 18\nNay Pyi Taw\nRepublic of the Union of "
    "Myanmar",
    "salutation": "Dear President,",
    "letter_language": "English, or your own language",
    "copies_to": "Embassy of the Republic of the Union of Myanmar\nAvenue de la Faisanderie 9\n"
    "1150 Brussels",
    "solidarity_address": "Amnesty International Belgique francophone\nChaussée de Wavre 139\n"
    "1050 Bruxelles",
    "case_reference": "ASA 16/5043/2016",
    "amnesty_case_url": "https://www.amnesty.org/en/documents/asa16/5043/2016/en/",
}


def pdf_page_count(pdf):
    """Pages of a PDF, counted from its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def kit_pdf(page, url):
    page.goto(url)
    return page.pdf(format="A4", prefer_css_page_size=True, print_background=True)


@pytest.fixture
def agenda_hub(hub):
    upcoming = make_upcoming_campaign()
    make_announced_session(upcoming, hub, day=5, public_note="Accessible en fauteuil roulant")
    make_announced_session(upcoming, hub, day=10, hour=14, hours=4, place_name="École du Centre")
    make_announced_session(upcoming, hub, day=12, place_name="Classe fermée", is_public=False)
    held = make_campaign()
    make_session(held, hub, letters=120, drawings=35)
    make_session(held, hub, day=15, letters=0)
    return hub


def agenda_url(live_server, hub):
    return live_server.url + hub.url + hub.reverse_subpage("agenda")


def test_agenda_has_no_axe_violations(page, live_server, agenda_hub):
    page.goto(agenda_url(live_server, agenda_hub))
    assert page.locator(".vl-session").count() == 4
    assert_no_axe_violations(page)


def test_hub_page_with_its_agenda_block_has_no_axe_violations(page, live_server, agenda_hub):
    page.goto(live_server.url + agenda_hub.url)
    assert page.locator(".vl-agenda-block .vl-session").count() == 2
    assert_no_axe_violations(page)


def test_agenda_is_usable_at_320px(phone_page, live_server, agenda_hub):
    phone_page.goto(agenda_url(live_server, agenda_hub))
    assert_fits_width(phone_page)
    assert phone_page.locator("h1").is_visible()


def test_agenda_reads_without_javascript(browser, live_server, agenda_hub):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(agenda_url(live_server, agenda_hub))
    text = page.locator("main").inner_text()
    assert "École du Centre" in text
    assert "Classe fermée" not in text
    context.close()


@pytest.fixture
def individual(hub):
    return make_individual(hub, sample_letter=SAMPLE_LETTER, **KIT_FIELDS)


def kit_url(live_server, individual):
    return live_server.url + individual.url + individual.reverse_subpage("letter_kit")


def test_letter_kit_has_no_axe_violations(page, live_server, individual):
    page.goto(kit_url(live_server, individual))
    assert_no_axe_violations(page)


def test_letter_kit_is_usable_at_320px(phone_page, live_server, individual):
    phone_page.goto(kit_url(live_server, individual))
    assert_fits_width(phone_page)


def test_letter_kit_prints_on_a4_with_the_letter_on_one_page(page, live_server, individual):
    pdf = kit_pdf(page, kit_url(live_server, individual))
    assert re.search(rb"/MediaBox\s*\[0 0 59[45]\.\d+ 84[12]\.\d+\]", pdf), "not A4"
    # Sheet 1 (the case and the instructions), sheet 2 (the letter, starting a new page).
    assert pdf_page_count(pdf) == 2


def test_the_longest_letter_the_form_accepts_still_prints_on_one_page(page, live_server, hub):
    paragraph = "Je vous demande de libérer immédiatement et sans condition Phyoe Phyoe Aung. "
    longest = "\n\n".join([paragraph * 6] * 11)[:5000]
    individual = make_individual(hub, slug="longest", sample_letter=longest, **KIT_FIELDS)
    pdf = kit_pdf(page, kit_url(live_server, individual))
    assert pdf_page_count(pdf) == 2


def test_printing_the_individual_page_hides_its_controls(page, live_server, individual):
    page.goto(live_server.url + individual.url)
    kit_link = page.locator(".vl-kit__print a")
    assert kit_link.is_visible()
    page.emulate_media(media="print")
    assert not kit_link.is_visible()
    assert page.locator(".vl-letter").is_visible()
