"""The hub's postal address: edited in parts, shown in an <address>, given to search engines."""

import html
import json
import re

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import (
    make_announced_session,
    make_hub,
    make_upcoming_campaign,
    translate_branch_with_localize,
)
from tests.helpers import assert_form_error
from tests.test_hub import hub_form_data
from wagtail_villeslumieres.models import HolderKind, HubPage

pytestmark = pytest.mark.django_db

TOWN_HALL = "Place de l'Hôtel de Ville 3-5, 5650 Walcourt"


def json_ld(text):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return [json.loads(block) for block in blocks]


def page_html(client, page, suffix=""):
    response = client.get(page.url + suffix)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hub(home):
    return make_hub(home, address=TOWN_HALL)


def test_the_hub_page_shows_its_address_in_an_address_element(client, hub):
    text = html.unescape(page_html(client, hub))
    [address] = re.findall(r"<address>(.*?)</address>", text, re.S)
    lines = [line.strip() for line in address.split("<br>")]
    assert lines == ["Walcourt", "Place de l'Hôtel de Ville 3-5", "5650 Walcourt"]


def test_a_hub_without_address_shows_no_address_and_gives_none_to_search_engines(client, home):
    hub = make_hub(home)
    text = page_html(client, hub)
    assert "<address>" not in text
    [holder] = json_ld(text)
    assert "address" not in holder


def test_a_commune_is_a_government_organization_with_its_postal_address(client, hub):
    [holder] = json_ld(page_html(client, hub))
    assert holder["@context"] == "https://schema.org"
    assert holder["@type"] == "GovernmentOrganization"
    assert holder["name"] == "Walcourt"
    assert holder["url"] == hub.full_url
    assert holder["@id"] == hub.full_url + "#holder"
    assert holder["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Place de l'Hôtel de Ville 3-5",
        "postalCode": "5650",
        "addressLocality": "Walcourt",
        "addressCountry": "BE",
    }
    assert holder["description"] == hub.intro


def test_a_university_is_a_college_or_university(client, home):
    hub = make_hub(
        home,
        holder_name="UCLouvain",
        holder_kind=HolderKind.UNIVERSITY,
        address="Place de l'Université 1, 1348 Louvain-la-Neuve",
    )
    [holder] = json_ld(page_html(client, hub))
    assert holder["@type"] == "CollegeOrUniversity"
    assert holder["address"]["addressLocality"] == "Louvain-la-Neuve"


def test_the_holder_data_cannot_close_its_script_element(client, home):
    hub = make_hub(home, address="</script><script>alert(1)</script>, 5650 Walcourt")
    text = page_html(client, hub)
    assert "<script>alert(1)" not in text
    [holder] = json_ld(text)
    assert holder["address"]["streetAddress"] == "</script><script>alert(1)</script>"


def test_the_agenda_names_the_holder_with_its_address_as_each_sessions_organizer(client, hub):
    make_announced_session(make_upcoming_campaign(), hub)
    text = page_html(client, hub, hub.reverse_subpage("agenda"))
    [events] = json_ld(text)
    [event] = events
    assert event["organizer"]["@id"] == hub.full_url + "#holder"
    assert event["organizer"]["address"]["streetAddress"] == "Place de l'Hôtel de Ville 3-5"


def test_the_agenda_page_carries_no_hub_structured_data(client, hub):
    text = page_html(client, hub, hub.reverse_subpage("agenda"))
    assert not [block for block in json_ld(text) if isinstance(block, dict)]


# --- Admin --------------------------------------------------------------------------


def hub_add_url(home):
    return reverse("wagtailadmin_pages:add", args=("wagtail_villeslumieres", "hubpage", home.pk))


def test_an_editor_enters_the_hubs_address_in_parts(admin_client, home):
    data = hub_form_data(
        title="Ath, Ville lumières",
        slug="ath",
        holder_name="Ath",
        street_address="Rue de Pintamont 54",
        postal_code="7800",
        locality="Ath",
        country="BE",
    )
    response = admin_client.post(hub_add_url(home), data)
    assert response.status_code == 302
    hub = HubPage.objects.get(slug="ath")
    assert hub.address == "Rue de Pintamont 54, 7800 Ath"


def test_the_hub_form_has_a_postal_address_panel_in_the_contacts_tab(admin_client, hub):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(hub.pk,)))
    text = response.content.decode()
    for name in ("street_address", "postal_code", "locality", "country"):
        assert f'name="{name}"' in text
    assert "Place de l&#x27;Hôtel de Ville 3-5" in text
    assert "The town hall&#x27;s address, or the university&#x27;s main building" in text
    assert "For the public agenda" not in text


@pytest.mark.parametrize("code", ["be", "B1", "B"])
def test_a_bad_country_code_is_refused_with_a_clear_message_and_nothing_saved(
    admin_client, home, code
):
    data = hub_form_data(title="Ath", slug="ath", holder_name="Ath", country=code)
    data["action-publish"] = "action-publish"
    response = admin_client.post(hub_add_url(home), data)
    assert response.status_code == 200
    assert_form_error(response, "two-letter code")
    assert not HubPage.objects.filter(slug="ath").exists()


# --- Translations (wagtail-localize) ---------------------------------------------------

requires_localize = pytest.mark.skipif(
    not apps.is_installed("wagtail_localize"),
    reason="wagtail-localize is not in INSTALLED_APPS: the site translates without it",
)


@requires_localize
def test_a_translation_keeps_the_address_without_asking_a_translator(hub):
    from wagtail_localize.models import StringSegment, TranslationSource

    hub_nl = translate_branch_with_localize(hub, "nl")
    assert hub_nl.address == hub.address
    assert hub_nl.country == "BE"
    source = TranslationSource.objects.get_for_instance(hub)
    texts = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert not texts & {"Place de l'Hôtel de Ville 3-5", "5650", "BE"}


@requires_localize
def test_a_translator_may_give_the_street_and_town_their_dutch_names(client, home):
    from django.test import TestCase
    from wagtail_localize.models import OverridableSegment, SegmentOverride, TranslationSource

    hub = make_hub(home, holder_name="Ixelles", address="Chaussée d'Ixelles 168, 1050 Ixelles")
    hub_nl = translate_branch_with_localize(hub, "nl")
    source = TranslationSource.objects.get_for_instance(hub)
    dutch = {"street_address": "Elsensesteenweg 168", "locality": "Elsene"}
    overridable = OverridableSegment.objects.filter(source=source).select_related("context")
    for segment in overridable:
        if segment.context.path in dutch:
            SegmentOverride.objects.create(
                locale=hub_nl.locale,
                context=segment.context,
                data_json=json.dumps(dutch[segment.context.path]),
            )
    with TestCase.captureOnCommitCallbacks(execute=True):
        source.create_or_update_translation(hub_nl.locale, publish=True)
    hub_nl = HubPage.objects.get(pk=hub_nl.pk)
    assert hub_nl.address == "Elsensesteenweg 168, 1050 Elsene"
    assert HubPage.objects.get(pk=hub.pk).address == "Chaussée d'Ixelles 168, 1050 Ixelles"
    [holder] = json_ld(page_html(client, hub_nl))
    assert holder["address"]["addressLocality"] == "Elsene"
