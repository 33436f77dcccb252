"""The printable letter kit of an adopted individual, for writing-session organisers."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

import wagtail_villeslumieres
from tests.factories import make_individual
from wagtail_villeslumieres.models import CaseUpdate, Situation
from wagtail_villeslumieres.views.letter_kit import letter_density

pytestmark = pytest.mark.django_db

CSS = Path(wagtail_villeslumieres.__file__).parent / "static" / "wagtail_villeslumieres" / "css"

KIT_FIELDS = {
    "authority_name": "Président de la République de l'Union du Myanmar",
    "authority_address": "Bureau du Président\nNay Pyi Taw\nMyanmar",
    "salutation": "Monsieur le Président,",
    "letter_language": "Anglais, ou votre propre langue",
    "copies_to": "Ambassade du Myanmar\nAvenue de la Faisanderie 9\n1150 Bruxelles",
    "sample_letter": (
        "Je vous écris au sujet de Phyoe Phyoe Aung.\n\nJe vous demande de la libérer."
    ),
    "solidarity_address": "Amnesty International\nRue Berckmans 9\n1060 Bruxelles",
    "case_reference": "ASA 16/5043/2016",
}


@pytest.fixture
def individual(hub):
    return make_individual(hub, **KIT_FIELDS)


def kit_path(page):
    return page.url + page.reverse_subpage("letter_kit")


def test_kit_holds_summary_letter_addresses_salutation_and_copies(client, individual):
    response = client.get(kit_path(individual))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dirigeante étudiante emprisonnée" in html  # the case summary
    assert "Je vous demande de la libérer." in html
    assert "Bureau du Président<br>Nay Pyi Taw<br>Myanmar" in html
    assert "Monsieur le Président," in html
    assert "Ambassade du Myanmar<br>Avenue de la Faisanderie 9" in html
    assert "Amnesty International<br>Rue Berckmans 9<br>1060 Bruxelles" in html
    assert "ASA 16/5043/2016" in html


def test_kit_has_no_site_navigation_or_page_chrome(client, individual):
    response = client.get(kit_path(individual))
    templates = [template.name for template in response.templates]
    assert templates[0] == "wagtail_villeslumieres/individuals/letter_kit.html"
    assert "base.html" not in templates
    assert "wagtail_villeslumieres/page.html" not in templates
    html = response.content.decode()
    assert "<nav" not in html
    assert "site-header" not in html
    assert "villeslumieres.css" not in html
    assert "wagtail_villeslumieres/css/print-kit.css" in html


def test_kit_is_laid_out_for_a4_paper():
    css = (CSS / "print-kit.css").read_text()
    assert "size: A4" in css
    assert "break-before: page" in css


def test_individual_page_links_to_its_kit(client, individual):
    html = client.get(individual.url).content.decode()
    assert f'href="{kit_path(individual)}"' in html


def test_a_released_persons_page_offers_no_letter_kit(client, hub):
    released = make_individual(hub, updates=[released_update()], **KIT_FIELDS)
    html = client.get(released.url).content.decode()
    assert "letter-kit/" not in html


def released_update():
    return CaseUpdate(date=datetime.date(2016, 4, 8), title="Libérée", situation=Situation.RELEASED)


def test_kit_shows_nothing_beyond_the_action_kit(client, hub):
    individual = make_individual(
        hub,
        story=[("paragraph", "<p>Détenue à la prison d'Insein.</p>")],
        **KIT_FIELDS,
    )
    html = client.get(kit_path(individual)).content.decode()
    assert "Insein" not in html
    assert "<img" not in html


def test_kit_of_an_unpublished_page_is_not_found(client, individual):
    path = kit_path(individual)
    individual.unpublish()
    assert client.get(path).status_code == 404


def test_kit_of_a_draft_is_not_found(client, hub):
    draft = make_individual(hub, slug="draft", publish=False, **KIT_FIELDS)
    assert client.get(kit_path(draft)).status_code == 404


def test_kit_of_a_restricted_page_is_never_shown(client, django_user_model, individual):
    PageViewRestriction.objects.create(page=individual, restriction_type=PageViewRestriction.LOGIN)
    anonymous = client.get(kit_path(individual))
    assert anonymous.status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    signed_in = client.get(kit_path(individual))
    assert signed_in.status_code == 404
    assert b"Je vous demande" not in signed_in.content


def test_kit_of_a_released_person_asks_for_no_letter(client, hub):
    released = make_individual(hub, updates=[released_update()], **KIT_FIELDS)
    response = client.get(kit_path(released))
    html = response.content.decode()
    with translation.override(response.headers["Content-Language"]):
        no_more_letters = translation.gettext(
            "%(name)s is free: no more letters to the authorities are needed. "
            "Thank you to everyone who wrote."
        ) % {"name": released.full_name}
    assert no_more_letters in html
    assert "Je vous demande de la libérer." not in html
    assert "vl-sheet--letter" not in html


def test_long_letters_get_a_denser_layout_to_stay_on_one_page(hub):
    short = make_individual(hub, slug="short", sample_letter="Court.")
    long = make_individual(hub, slug="long", sample_letter="x" * 3000)
    longest = make_individual(hub, slug="longest", sample_letter="x" * 5000)
    assert letter_density(short) == ""
    assert letter_density(long) == "vl-print-kit--long"
    assert letter_density(longest) == "vl-print-kit--very-long"


def test_a_letter_language_given_as_a_code_is_printed_as_its_name(client, hub):
    from tests.helpers import served_language

    page = make_individual(hub, **{**KIT_FIELDS, "letter_language": "en"})
    html = client.get(kit_path(page)).content.decode()
    with translation.override(served_language()):
        name = translation.gettext("English")
    assert f"{name}</p>" in html
    assert ": en</p>" not in html
