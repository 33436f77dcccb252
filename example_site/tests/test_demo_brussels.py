"""The demo's bilingual Brussels commune: Ixelles / Elsene, in French and Dutch, on its own Site."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from wagtail_villeslumieres.models import (
    CommitmentPage,
    HubPage,
    LetterCampaign,
    Region,
    WritingSession,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not apps.is_installed("wagtail_localize"),
        reason="the demo translates Ixelles with wagtail-localize, which is not installed",
    ),
]

COUNTED_APPS = [
    "wagtail_villeslumieres",
    "home",
    "wagtailcore",
    "wagtail_localize",
    "auth",
]


@pytest.fixture
def load_demo(django_capture_on_commit_callbacks):
    """Run ``load_demo`` as ``manage.py`` does, callbacks run on commit included."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    return run


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def ixelles_hubs():
    french = HubPage.objects.get(holder_name="Ixelles")
    return french, french.get_translation(Locale.objects.get(language_code="nl")).specific


def text_of(client, page):
    """The page as a visitor of its own Site reads it (the host chooses the Site)."""
    url = urlsplit(page.full_url)
    response = client.get(url.path, HTTP_HOST=url.netloc)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def counter_numbers(text):
    return [
        int(re.sub(r"\D", "", number))
        for number in re.findall(r'class="vl-counter__number">([^<]+)<', text)
    ]


def test_ixelles_is_a_brussels_commune_labelled_in_2016_in_french_and_dutch(load_demo):
    load_demo()
    hub, hub_nl = ixelles_hubs()
    assert hub.locale.language_code == "fr"
    assert (hub.region, [award.year for award in hub.awards.all()]) == (Region.BRUSSELS, [2016])
    assert (hub_nl.holder_name, hub_nl.title) == ("Elsene", "Elsene, Ville lumières")
    assert hub_nl.live and hub_nl.region == Region.BRUSSELS


def test_ixelles_has_its_own_site_and_127_0_0_1_still_shows_walcourt(client, load_demo):
    load_demo()
    site = Site.objects.get(hostname="ixelles.localhost")
    assert not site.is_default_site
    assert site.root_page.specific.title == "Commune d'Ixelles"
    walcourt = client.get("/", HTTP_HOST="127.0.0.1", follow=True).content.decode()
    ixelles = client.get("/", HTTP_HOST="ixelles.localhost", follow=True).content.decode()
    assert "Walcourt, Ville lumières" in walcourt and "Ixelles" not in walcourt
    assert "Ixelles, Ville lumières" in html.unescape(ixelles)


def test_the_french_and_dutch_hubs_of_ixelles_show_the_same_letter_total(client, load_demo):
    from home.demo.brussels import SESSIONS

    load_demo()
    hub, hub_nl = ixelles_hubs()
    french, dutch = text_of(client, hub), text_of(client, hub_nl)
    expected = sum(sum(counts.values()) for *_rest, counts in SESSIONS)
    assert expected in counter_numbers(french)
    assert counter_numbers(french) == counter_numbers(dutch)
    assert "De Schrijfmarathon 2016 in Elsene" in dutch


def test_every_dutch_page_of_ixelles_is_served_at_its_dutch_address(client, load_demo):
    load_demo()
    nl = Locale.objects.get(language_code="nl")
    pages = Page.objects.filter(locale=nl).specific()
    assert pages.count() == 5  # home, hub, commitment index, 2 commitments
    for page in pages:
        assert html_lang(text_of(client, page)) == "nl"


def html_lang(text):
    return re.search(r'<html lang="([^"]+)"', text).group(1)


def test_the_2016_campaign_is_schrijfmarathon_2016_in_dutch(load_demo):
    load_demo()
    campaign = LetterCampaign.objects.get(slug="marathon-2016", locale=Locale.get_default())
    dutch = campaign.get_translation(Locale.objects.get(language_code="nl"))
    assert dutch.name == "Schrijfmarathon 2016"
    assert (dutch.goal, dutch.starts_on, dutch.ends_on) == (
        campaign.goal,
        campaign.starts_on,
        campaign.ends_on,
    )


def test_every_text_of_ixelles_is_translated_into_dutch(load_demo):
    from wagtail_localize.models import StringSegment, TranslationSource

    load_demo()
    nl = Locale.objects.get(language_code="nl")
    sources = TranslationSource.objects.filter(locale__language_code="fr")
    assert sources.count() >= 9  # home, hub, index, 2 commitments, 4 categories
    untranslated = StringSegment.objects.filter(source__in=sources).annotate_translation(nl)
    assert not untranslated.filter(translation__isnull=True).exists()
    commitments_nl = CommitmentPage.objects.filter(locale=nl)
    assert commitments_nl.count() == 2
    assert {c.category.locale_id for c in commitments_nl} == {nl.pk}


def test_ixelles_sessions_count_for_its_hub_in_2016_and_this_season(load_demo):
    load_demo()
    hub, _hub_nl = ixelles_hubs()
    sessions = WritingSession.objects.filter(hub__translation_key=hub.translation_key)
    by_campaign = {}
    for session in sessions:
        by_campaign.setdefault(session.campaign.slug, []).append(session)
    season = f"marathon-{timezone.localdate().year}"
    assert set(by_campaign) == {"marathon-2016", season}
    assert len(by_campaign["marathon-2016"]) >= 3
    # This season: counted sessions already held, and one still to come.
    assert any(session.total for session in by_campaign[season])
    assert any(session.starts_at > timezone.now() for session in by_campaign[season])


def test_the_demo_has_dutch_and_german_content_locales(load_demo):
    load_demo()
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"fr", "nl", "de"} <= codes


def test_running_the_demo_twice_changes_nothing_in_either_language(load_demo):
    load_demo()
    before = row_counts()
    load_demo()
    assert row_counts() == before
    assert Site.objects.count() == 3  # Walcourt, Ixelles and the section (network.py)


def test_the_dutch_pages_show_the_example_sites_text_in_dutch(client, load_demo):
    load_demo()
    _hub, hub_nl = ixelles_hubs()
    text = text_of(client, hub_nl)
    assert '<html lang="nl">' in text
    for english in ("Search the site", "An example site of wagtail-villeslumieres.", "Skip to"):
        assert english not in text
    assert "Een voorbeeldsite van wagtail-villeslumieres." in text
    assert "Zoeken op de site" in text


def test_the_french_hub_is_not_served_under_the_dutch_prefix(client, load_demo):
    load_demo()
    hub, hub_nl = ixelles_hubs()
    url = urlsplit(hub.full_url)
    response = client.get("/nl/" + url.path.removeprefix("/fr/"), HTTP_HOST=url.netloc)
    # Both languages exist: /nl/ routes to the Dutch translation, never the French page.
    assert response.status_code in (200, 301)
    if response.status_code == 200:
        assert '<html lang="nl">' in response.content.decode()


def test_the_dutch_hub_of_ixelles_gives_its_town_halls_address_in_dutch(client, load_demo):
    load_demo()
    hub, hub_nl = ixelles_hubs()
    assert hub.address == "Chaussée d'Ixelles 168, 1050 Ixelles"
    assert hub_nl.address == "Elsensesteenweg 168, 1050 Elsene"
    assert "Elsensesteenweg 168" in text_of(client, hub_nl)


def test_the_home_pages_of_ixelles_link_each_other_in_their_own_languages(client, load_demo):
    load_demo()
    site = Site.objects.get(hostname="ixelles.localhost")
    home = site.root_page.specific
    home_nl = home.get_translation(Locale.objects.get(language_code="nl")).specific
    dutch = text_of(client, home_nl)
    assert f'hreflang="fr" href="{home.full_url}"' in dutch
    assert 'hreflang="x-default"' in dutch
    french_path = urlsplit(home.full_url).path
    assert f'<a href="{french_path}" hreflang="fr" lang="fr">français</a>' in dutch
    assert '<span aria-current="page" lang="nl">Nederlands</span>' in dutch
    assert f'<link rel="canonical" href="{home_nl.full_url}">' in dutch


def test_a_home_page_in_one_language_offers_no_other(client, load_demo):
    load_demo()
    home = Site.objects.get(is_default_site=True).root_page.specific
    text = text_of(client, home)
    assert "vl-translations" not in text
    assert "hreflang" not in text
