"""A page answers only in the languages it exists in; its head names its other languages."""

import re

import pytest
from django.conf import settings
from wagtail.models import Locale

from tests.factories import make_individual
from tests.helpers import requires_i18n

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def in_language(path, code):
    """``path`` (``/fr/...``) under the prefix of ``code``."""
    return f"/{code}/" + path.split("/", 2)[2]


@pytest.fixture
def hub_nl(hub):
    locale_nl = Locale.objects.get_or_create(language_code="nl")[0]
    home_nl = hub.get_parent().copy_for_translation(locale_nl)
    home_nl.save_revision().publish()
    translation = hub.copy_for_translation(locale_nl)
    translation.title = "Walcourt, Ville lumières (NL)"
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@requires_i18n
@pytest.mark.parametrize("prefix", ["nl", "de", "en"])
def test_a_page_under_another_languages_prefix_redirects_permanently_to_its_own_url(
    client, hub, prefix
):
    response = client.get(in_language(hub.url, prefix))
    assert response.status_code == 301
    assert response["Location"] == hub.url


@requires_i18n
def test_the_redirect_keeps_the_route_and_the_query_string(client, hub):
    agenda = hub.url + hub.reverse_subpage("agenda_ical")
    response = client.get(in_language(agenda, "nl") + "?x=1")
    assert response.status_code == 301
    assert response["Location"] == agenda + "?x=1"


@requires_i18n
def test_a_head_request_is_redirected_too(client, hub):
    response = client.head(in_language(hub.url, "de"))
    assert response.status_code == 301


@requires_i18n
def test_the_redirect_is_kept_for_a_day_only_since_a_translation_may_follow(client, hub):
    response = client.get(in_language(hub.url, "de"))
    assert "max-age=86400" in response["Cache-Control"]


@requires_i18n
def test_a_letter_kit_under_another_prefix_redirects_to_the_kit_in_its_language(client, hub):
    individual = make_individual(hub)
    kit = individual.url + individual.reverse_subpage("letter_kit")
    response = client.get(in_language(kit, "en"))
    assert response.status_code == 301
    assert response["Location"] == kit


@requires_i18n
def test_a_translation_whose_parent_is_not_live_does_not_loop(client, hub, hub_nl):
    hub_nl.get_parent().unpublish()
    # /nl/ now routes through the French home to the French hub: the Dutch hub's URL
    # would answer with this same page again.
    response = client.get(hub_nl.url)
    assert response.status_code == 301
    assert response["Location"] == hub.url


@requires_i18n
def test_each_translation_is_served_in_its_own_language(client, hub, hub_nl):
    assert HTML_LANG.search(client.get(hub.url).text)[1] == "fr"
    response = client.get(hub_nl.url)
    assert response.status_code == 200
    assert HTML_LANG.search(response.text)[1] == "nl"
    assert response["Content-Language"] == "nl"


@requires_i18n
def test_a_translated_page_names_the_default_language_as_x_default(client, hub, hub_nl):
    html = client.get(hub_nl.url).text
    assert f'<link rel="alternate" hreflang="x-default" href="{hub.full_url}">' in html


@requires_i18n
def test_a_routes_alternates_and_switcher_point_to_the_same_route(client, hub, hub_nl):
    suffix = hub.reverse_subpage("agenda")
    html = client.get(hub.url + suffix).text
    assert f'hreflang="nl" href="{hub_nl.full_url}{suffix}"' in html
    assert f'<a href="{hub_nl.url}{suffix}" hreflang="nl" lang="nl">' in html


@requires_i18n
def test_a_page_in_one_language_has_no_alternates(client, hub):
    html = client.get(hub.url).text
    assert "hreflang" not in html


def test_every_page_names_its_canonical_url(client, hub):
    html = client.get(hub.url).text
    assert f'<link rel="canonical" href="{hub.full_url}">' in html


def test_a_route_names_its_own_canonical_url(client, hub):
    suffix = hub.reverse_subpage("agenda")
    html = client.get(hub.url + suffix).text
    assert f'<link rel="canonical" href="{hub.full_url}{suffix}">' in html


@pytest.mark.skipif(settings.WAGTAIL_I18N_ENABLED, reason="the site has i18n on")
def test_with_i18n_off_a_page_is_served_in_the_sites_language(client, hub):
    response = client.get(hub.url)
    assert response.status_code == 200
    assert HTML_LANG.search(response.text)[1] == settings.LANGUAGE_CODE
