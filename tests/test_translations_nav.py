"""Pages published in several languages link to each other (hreflang and a switcher)."""

import pytest
from django.conf import settings
from wagtail.models import Locale

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.WAGTAIL_I18N_ENABLED, reason="the site has i18n off"),
]


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


def test_a_translated_hub_names_its_alternates_in_the_head(client, hub, hub_nl):
    html = client.get(hub.url).content.decode()
    assert f'hreflang="fr" href="{hub.full_url}"' in html
    assert f'hreflang="nl" href="{hub_nl.full_url}"' in html


def test_the_switcher_links_each_language_in_its_own_name(client, hub, hub_nl):
    html = client.get(hub.url).content.decode()
    assert f'<a href="{hub_nl.url}" hreflang="nl" lang="nl">Nederlands</a>' in html
    assert '<span aria-current="page" lang="fr">français</span>' in html


def test_an_unpublished_translation_is_not_offered(client, hub, hub_nl):
    hub_nl.unpublish()
    html = client.get(hub.url).content.decode()
    assert 'hreflang="nl"' not in html
    assert "vl-translations" not in html


def test_a_page_in_one_language_shows_no_switcher(client, hub):
    html = client.get(hub.url).content.decode()
    assert "hreflang" not in html
    assert "vl-translations" not in html


def test_with_i18n_off_no_alternates_are_looked_up(client, hub, hub_nl, settings):
    settings.WAGTAIL_I18N_ENABLED = False  # switched off after the translation exists
    html = client.get(hub.url).content.decode()
    assert "hreflang" not in html
