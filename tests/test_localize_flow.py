"""Every page type and translatable snippet goes through wagtail-localize's translation flow.

Each test creates the original in French, extracts it with
``TranslationSource.get_or_create_from_instance``, translates every segment into
Dutch (a ``StringTranslation`` each), builds the translation with
``create_or_update_translation`` and publishes it, then reads the Dutch page as a
visitor does: Dutch content, the package's strings in Dutch, ``<html lang="nl">``,
and the synchronised facts unchanged. The tables of docs/reference/translation.md
are checked against what wagtail-localize does with each model.
"""

import datetime
import html
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import formats, translation
from wagtail.models import Locale

from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_image,
    make_individual,
    make_session,
    translate_branch_with_localize,
    translate_with_localize,
)
from wagtail_villeslumieres import models as vl_models

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not apps.is_installed("wagtail_localize"),
        reason="wagtail-localize is not in INSTALLED_APPS: the site translates without it",
    ),
]

D = datetime.date
TRANSLATION_DOC = Path(__file__).resolve().parents[1] / "docs" / "reference" / "translation.md"

#: The Dutch a translator would enter for the texts the tests look for.
DUTCH = {
    "Walcourt, Ville lumières": "Walcourt, Ville lumières (Nederlands)",
    "Walcourt s'engage pour les droits humains.": "Walcourt zet zich in voor de mensenrechten.",
    "Label remis avec 21 autres communes.": "Label uitgereikt samen met 21 andere gemeenten.",
    "Birmanie": "Myanmar (Birma)",
    "Dirigeante étudiante emprisonnée pour avoir manifesté pacifiquement.": (
        "Studentenleider, gevangengezet omdat ze vreedzaam betoogde."
    ),
    "Libérée": "Vrijgelaten",
    "Nos engagements": "Onze engagementen",
    "Mieux intégrer les demandeurs d'asile": "Asielzoekers beter integreren",
    "Tables de conversation à la bibliothèque": "Conversatietafels in de bibliotheek",
    "Intégration des demandeurs d'asile": "Integratie van asielzoekers",
    "Marathon des lettres 2016": "Schrijfmarathon 2016",
}


def in_dutch(message):
    with translation.override("nl"):
        return translation.gettext(message)


def dutch_date(value):
    with translation.override("nl"):
        return formats.date_format(value, "DATE_FORMAT")


def page_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def html_lang(text):
    return re.search(r'<html lang="([^"]+)"', text).group(1)


# --- The documented field table is what wagtail-localize does ------------------------


def documented_fields():
    """{model name: {field: how}} from the tables of docs/reference/translation.md."""
    tables, current = {}, None
    for line in TRANSLATION_DOC.read_text().splitlines():
        heading = re.match(r"### (?:`(\w+)`|Every page type)", line)
        if heading:
            current = tables.setdefault(heading.group(1) or "Page", {})
            continue
        row = re.match(r"\| `(\w+)` \| ([^|]+) \|", line)
        if row and current is not None:
            current[row.group(1)] = row.group(2).strip()
    return tables


def how_localize_treats(model):
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    kinds = {}
    for field in get_translatable_fields(model):
        if isinstance(field, TranslatableField):
            model_field = model._meta.get_field(field.field_name)
            kinds[field.field_name] = (
                "linked to its translation"
                if model_field.many_to_one and not model_field.one_to_many
                else "translated"
            )
        elif isinstance(field, SynchronizedField):
            kinds[field.field_name] = (
                "synchronised" if field.overridable else "synchronised, locked"
            )
    return kinds


def get_translatable_fields(model):
    from wagtail_localize.fields import get_translatable_fields as localize_fields

    return localize_fields(model)


@pytest.mark.parametrize(
    "model",
    [
        vl_models.HubPage,
        vl_models.LabelAward,
        vl_models.AdoptedIndividualPage,
        vl_models.CaseUpdate,
        vl_models.CommitmentIndexPage,
        vl_models.CommitmentPage,
        vl_models.CommitmentUpdate,
        vl_models.LetterCampaign,
        vl_models.CommitmentCategory,
    ],
    ids=lambda model: model.__name__,
)
def test_the_documented_table_says_what_is_translated_and_synchronised(model):
    tables = documented_fields()
    documented = dict(tables[model.__name__])
    from wagtail.models import Page

    if issubclass(model, Page):
        documented.update(tables["Page"])
    assert how_localize_treats(model) == documented


# --- Pages ------------------------------------------------------------------------------


@pytest.fixture
def hub(home):
    from tests.factories import make_hub

    hub = make_hub(home)
    hub.awards.update(note="Label remis avec 21 autres communes.")
    hub.local_group_email = "groupe.walcourt@example.org"
    hub.save_revision().publish()
    hub.refresh_from_db()
    return hub


def test_a_hub_translated_with_localize_reads_in_dutch_and_keeps_its_facts(client, hub):
    hub_nl = translate_branch_with_localize(hub, "nl", DUTCH)
    text = page_text(client, hub_nl)
    assert html_lang(text) == "nl"
    assert "Walcourt zet zich in voor de mensenrechten." in text
    assert "Label uitgereikt samen met 21 andere gemeenten." in text
    assert in_dutch("The label") in text
    with translation.override("nl"):
        assert hub_nl.get_region_display() in text
    assert dutch_date(D(2016, 12, 10)) in text
    assert (hub_nl.region, hub_nl.holder_kind) == (hub.region, hub.holder_kind)
    assert hub_nl.local_group_email == "groupe.walcourt@example.org"
    award = hub_nl.awards.get()
    assert (award.year, award.date_awarded) == (2016, D(2016, 12, 10))
    assert award.locale.language_code == "nl"


def test_an_adopted_individual_translated_with_localize_keeps_name_situation_and_portrait(
    client, hub
):
    portrait = make_image()
    individual = make_individual(
        hub,
        country="Birmanie",
        portrait=portrait,
        portrait_alt_text="Phyoe Phyoe Aung souriante",
        publication_consent=True,
        publication_cleared_on=D(2016, 1, 5),
        case_reference="ASA 16/5043/2016",
        appeal_deadline=D(2016, 12, 17),
        updates=[
            vl_models.CaseUpdate(
                date=D(2016, 4, 8), title="Libérée", situation=vl_models.Situation.RELEASED
            )
        ],
    )
    individual_nl = translate_branch_with_localize(individual, "nl", DUTCH)
    text = page_text(client, individual_nl)
    assert html_lang(text) == "nl"
    assert "Studentenleider, gevangengezet omdat ze vreedzaam betoogde." in text
    assert "Myanmar (Birma)" in text
    assert "Vrijgelaten" in text
    assert in_dutch("What happened") in text
    assert dutch_date(D(2016, 4, 8)) in text
    assert individual_nl.full_name == "Phyoe Phyoe Aung"
    assert (individual_nl.situation, individual_nl.situation_since) == ("released", D(2016, 4, 8))
    assert (individual_nl.portrait_id, individual_nl.publication_consent) == (portrait.pk, True)
    assert individual_nl.case_reference == "ASA 16/5043/2016"
    assert individual_nl.appeal_deadline == D(2016, 12, 17)
    assert individual_nl.portrait_alt_text == "[nl] Phyoe Phyoe Aung souriante"


def test_withdrawn_consent_hides_the_portrait_in_the_translation_too(client, hub):
    individual = make_individual(
        hub,
        portrait=make_image(),
        portrait_alt_text="Phyoe Phyoe Aung souriante",
        publication_consent=True,
        publication_cleared_on=D(2016, 1, 5),
    )
    individual_nl = translate_branch_with_localize(individual, "nl", DUTCH)
    assert "vl-portrait" in page_text(client, individual_nl)
    individual.publication_consent = False
    individual.publication_cleared_on = None
    individual.save_revision().publish()
    from wagtail_localize.models import TranslationSource

    # "Sync translated pages": the source is extracted again, then the translation updated.
    TranslationSource.update_or_create_from_instance(individual)
    individual_nl = translate_with_localize(individual, "nl", DUTCH)
    assert individual_nl.publication_consent is False
    assert "vl-portrait" not in page_text(client, individual_nl)


@pytest.fixture
def category_nl(locale_fr):
    category = make_commitment_category()
    return translate_with_localize(category, "nl", DUTCH)


def test_a_commitment_category_translated_with_localize_keeps_its_slug(category_nl):
    category = vl_models.CommitmentCategory.objects.get(
        translation_key=category_nl.translation_key, locale__language_code="fr"
    )
    assert category_nl.name == "Integratie van asielzoekers"
    assert category_nl.slug == category.slug == "asylum-seekers"
    assert category_nl.locale.language_code == "nl"


def test_a_commitment_index_translated_with_localize_lists_the_dutch_commitments(
    client, hub, category_nl
):
    commitment_index = make_commitment_index(hub)
    commitment = make_commitment(
        commitment_index,
        category=make_commitment_category(),
        updates=[make_commitment_update(D(2017, 4, 20), status="in-progress", progress=35)],
    )
    index_nl = translate_branch_with_localize(commitment_index, "nl", DUTCH)
    commitment_nl = translate_with_localize(commitment, "nl", DUTCH)
    text = page_text(client, index_nl)
    assert html_lang(text) == "nl"
    assert "Onze engagementen" in text
    assert in_dutch("At a glance") in text
    assert f'href="{commitment_nl.url}"' in text
    assert "Asielzoekers beter integreren" in text
    # The category filter and summary name the category in Dutch, with the same slug.
    assert "Integratie van asielzoekers" in text
    assert "?category=asylum-seekers" in text
    assert "Intégration des demandeurs d'asile" not in text


def test_a_commitment_translated_with_localize_keeps_status_progress_dates_and_links(
    client, hub, category_nl
):
    individual = make_individual(hub)
    commitment_index = make_commitment_index(hub)
    commitment = make_commitment(
        commitment_index,
        category=make_commitment_category(),
        resolution_date=D(2016, 11, 24),
        resolution_reference="CC/2016/112",
        target_date=D(2018, 12, 31),
        adopted_individual=individual,
        updates=[
            make_commitment_update(
                D(2017, 4, 20),
                title="Tables de conversation à la bibliothèque",
                status="in-progress",
                progress=35,
            )
        ],
    )
    individual_nl = translate_branch_with_localize(individual, "nl", DUTCH)
    translate_branch_with_localize(commitment_index, "nl", DUTCH)
    commitment_nl = translate_with_localize(commitment, "nl", DUTCH)
    text = page_text(client, commitment_nl)
    assert html_lang(text) == "nl"
    assert "Asielzoekers beter integreren" in text
    assert "Conversatietafels in de bibliotheek" in text
    assert "Integratie van asielzoekers" in text
    assert in_dutch("The commitment in brief") in text
    assert dutch_date(D(2018, 12, 31)) in text
    assert (commitment_nl.status, commitment_nl.progress) == ("in-progress", 35)
    assert commitment_nl.last_update_date == D(2017, 4, 20)
    assert commitment_nl.resolution_reference == "CC/2016/112"
    assert commitment_nl.category == category_nl
    # The link stays the original page, and the Dutch page shows its Dutch translation.
    assert commitment_nl.adopted_individual_id == individual.pk
    assert f'href="{individual_nl.url}"' in text


def test_a_commitment_cannot_be_translated_before_its_category(hub):
    from wagtail_localize.models import MissingRelatedObjectError

    commitment_index = make_commitment_index(hub)
    commitment = make_commitment(commitment_index, category=make_commitment_category())
    translate_branch_with_localize(commitment_index, "nl", DUTCH)
    with pytest.raises(MissingRelatedObjectError):
        translate_with_localize(commitment, "nl", DUTCH)


# --- Snippets -------------------------------------------------------------------------


def test_a_campaign_translated_with_localize_keeps_dates_goal_and_slug(locale_fr):
    campaign = make_campaign(locale=locale_fr)
    campaign_nl = translate_with_localize(campaign, "nl", DUTCH)
    assert campaign_nl.name == "Schrijfmarathon 2016"
    assert campaign_nl.locale.language_code == "nl"
    kept = ("year", "slug", "starts_on", "ends_on", "goal", "is_active", "display_threshold")
    assert [getattr(campaign_nl, name) for name in kept] == [
        getattr(campaign, name) for name in kept
    ]


def test_the_dutch_hub_names_the_dutch_campaign_and_shows_the_same_total(client, hub):
    campaign = make_campaign(locale=hub.locale)
    make_session(campaign, hub, letters=2540, drawings=1160)
    translate_with_localize(campaign, "nl", DUTCH)
    hub_nl = translate_branch_with_localize(hub, "nl", DUTCH)
    french, dutch = page_text(client, hub), page_text(client, hub_nl)
    assert "Marathon des lettres 2016" in french
    assert "Schrijfmarathon 2016" in dutch
    assert "Marathon des lettres 2016" not in dutch
    assert counter_number(french) == counter_number(dutch) == 3700


# --- Totals across languages ------------------------------------------------------------


def counter_number(text):
    """The counter's number as an integer, whatever the language's grouping."""
    number = re.search(r'class="vl-counter__number">([^<]+)<', text).group(1)
    return int(re.sub(r"\D", "", number))


def test_a_french_hub_and_its_dutch_translation_show_one_total(client, hub):
    campaign = make_campaign(locale=hub.locale)
    campaign_nl = translate_with_localize(campaign, "nl", DUTCH)
    hub_nl = translate_branch_with_localize(hub, "nl", DUTCH)
    # Sessions recorded against either language count for the one hub and campaign.
    make_session(campaign, hub, letters=120, drawings=30)
    make_session(campaign_nl, hub_nl, day=12, letters=45, messages=5)
    french, dutch = page_text(client, hub), page_text(client, hub_nl)
    assert counter_number(french) == counter_number(dutch) == 200


def test_a_french_campaign_and_its_dutch_translation_show_one_total(client, hub):
    from wagtail_villeslumieres.counter import totals

    campaign = make_campaign(locale=hub.locale)
    campaign_nl = translate_with_localize(campaign, "nl", DUTCH)
    make_session(campaign, hub, letters=70)
    make_session(campaign_nl, hub, day=12, letters=30)
    assert totals.for_campaign(campaign).total == totals.for_campaign(campaign_nl).total == 100
    with translation.override("nl"):
        assert totals.current_campaign() == campaign_nl
    hub_nl = translate_branch_with_localize(hub, "nl", DUTCH)
    assert counter_number(page_text(client, hub_nl)) == 100


# --- Through wagtail-localize's admin views ---------------------------------------------


def test_a_hub_submitted_for_translation_in_the_admin_is_a_dutch_draft_until_published(
    admin_client, hub, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, Translation

    nl = Locale.objects.get_or_create(language_code="nl")[0]
    url = reverse("wagtail_localize:submit_page_translation", args=[hub.pk])
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"locales": [nl.pk]})
    assert response.status_code == 302
    hub_nl = vl_models.HubPage.objects.get(translation_key=hub.translation_key, locale=nl)
    assert not hub_nl.live
    assert client_status(admin_client, hub_nl) == 404

    # The translator fills in every string in wagtail-localize's editor, then publishes.
    translation_record = Translation.objects.get(source__object_id=hub.translation_key)
    for segment in StringSegment.objects.filter(source=translation_record.source).select_related(
        "string"
    ):
        text = segment.string.data
        response = admin_client.put(
            reverse(
                "wagtail_localize:edit_string_translation",
                args=[translation_record.pk, segment.pk],
            ),
            urlencode({"value": DUTCH.get(text, f"[nl] {text}")}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201)
    assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[hub_nl.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[hub_nl.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    hub_nl.refresh_from_db()
    assert hub_nl.live
    text = page_text(admin_client, hub_nl)
    assert html_lang(text) == "nl"
    assert "Walcourt zet zich in voor de mensenrechten." in text
    assert in_dutch("The label") in text


def client_status(client, page):
    return client.get(page.url).status_code if page.url else 404
