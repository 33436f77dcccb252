"""Translation guidance in the admin: a hub translated without the pages below it says
so, with a link to translate each; a page's edit view links to its translations."""

import pytest
from django.urls import reverse

from tests.factories import (
    make_commitment_index,
    make_hub_translation,
    make_individual,
    translate_branch_with_localize,
)
from tests.helpers import requires_i18n, requires_localize
from wagtail_villeslumieres.admin.translations import untranslated_below

pytestmark = [pytest.mark.django_db, requires_i18n]


@pytest.fixture
def branch(hub):
    """Walcourt's hub with an adopted individual and a commitment index."""
    return {
        "individual": make_individual(hub),
        "commitments": make_commitment_index(hub),
    }


def test_a_hub_translated_alone_lacks_the_pages_below_the_original(hub, branch):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    missing = untranslated_below(dutch)
    assert {page.pk for page in missing} == {branch["individual"].pk, branch["commitments"].pk}


def test_the_original_hub_lacks_nothing(hub, branch):
    make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    assert untranslated_below(hub) == []


def test_a_translated_page_is_no_longer_missing(hub, branch):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    # Wagtail's own copy, as with or without wagtail-localize.
    branch["individual"].copy_for_translation(dutch.locale)
    assert [page.pk for page in untranslated_below(dutch)] == [branch["commitments"].pk]


@requires_localize
def test_opening_a_hub_translation_warns_of_missing_pages_with_links_to_translate_them(
    admin_client, hub, branch
):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[dutch.pk]))

    html = response.content.decode()
    assert "2 pages below this hub have no" in html
    for page in branch.values():
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        assert f'href="{url}"' in html


@requires_localize
def test_a_hub_translated_with_localize_warns_in_its_translation_editor_too(
    admin_client, hub, branch
):
    dutch = translate_branch_with_localize(hub, "nl")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[dutch.pk]))
    assert response.status_code == 200
    assert "2 pages below this hub have no" in response.content.decode()


def test_the_listing_shows_the_hub_translation_has_pages_to_translate(admin_client, hub, branch):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    listing = reverse("wagtailadmin_explore", args=[dutch.get_parent().pk])
    html = admin_client.get(listing).content.decode()
    assert "2 pages to translate" in html


def test_the_listing_shows_nothing_for_a_complete_translation(admin_client, hub):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    listing = reverse("wagtailadmin_explore", args=[dutch.get_parent().pk])
    assert "to translate" not in admin_client.get(listing).content.decode()


def test_the_edit_view_links_to_the_pages_translations(admin_client, hub):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[hub.pk])).content.decode()
    assert "This page in other languages:" in html
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[dutch.pk])}"' in html
