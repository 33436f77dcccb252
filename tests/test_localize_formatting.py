"""Numbers, dates and percentages are written the way each language writes them.

The same hub and commitment are read in French, Dutch, German and English: as
translations of their own when the site has i18n on (wagtail-localize or Wagtail's
own), or at the language's address when i18n is off.
"""

import datetime
import html
import re

import pytest
from django.conf import settings
from wagtail.models import Locale

from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_index,
    make_commitment_update,
    make_session,
)

pytestmark = pytest.mark.django_db

D = datetime.date

#: language: (3700 on the counter, 17 December 2016, 45 per cent)
EXPECTED = {
    "fr": ("3\xa0700", "17 décembre 2016", "45\u202f%"),
    "nl": ("3.700", "17 december 2016", "45%"),
    "de": ("3.700", "17. Dezember 2016", "45\xa0%"),
    "en": ("3,700", "Dec. 17, 2016", "45%"),
}
LANGUAGES = list(EXPECTED)


def translated(page, language):
    """``page`` in ``language``: its published translation (ancestors translated too)."""
    if page.locale.language_code == language:
        return page
    locale = Locale.objects.get_or_create(language_code=language)[0]
    for original in [*page.get_ancestors().filter(depth__gt=1), page]:
        if original.get_translation_or_none(locale) is None:
            copy = original.specific.copy_for_translation(locale)
            copy.save_revision().publish()
    return page.get_translation(locale).specific


def read_in(client, page, language):
    """The page's HTML as a visitor reading ``language`` gets it."""
    if settings.WAGTAIL_I18N_ENABLED:
        url = translated(page, language).url
    else:
        # One language per page: the address's language prefix chooses the language.
        url = re.sub(r"^/[a-z]{2}(-[a-z]+)?/", f"/{language}/", page.url)
    response = client.get(url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert re.search(r'<html lang="([^"]+)"', text).group(1) == language
    return text


@pytest.fixture
def commitment(hub):
    commitment_index = make_commitment_index(hub)
    return make_commitment(
        commitment_index,
        start_date=D(2016, 12, 10),
        target_date=D(2016, 12, 17),
        updates=[make_commitment_update(D(2016, 12, 17), status="in-progress", progress=45)],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hub_counter_groups_thousands_as_the_language_does(client, hub, language):
    campaign = make_campaign(locale=hub.locale)
    make_session(campaign, hub, letters=2540, drawings=1160)
    text = read_in(client, hub, language)
    number = re.search(r'class="vl-counter__number">([^<]+)<', text).group(1)
    assert number == EXPECTED[language][0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_commitment_dates_are_written_as_the_language_does(client, commitment, language):
    text = read_in(client, commitment, language)
    target = re.search(r'<time datetime="2016-12-17">([^<]+)</time>', text).group(1)
    assert target == EXPECTED[language][1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_commitment_progress_is_a_percentage_written_as_the_language_does(
    client, commitment, language
):
    text = read_in(client, commitment, language)
    progress = re.search(r'class="vl-progress__text">([^<]+)<', text).group(1)
    assert EXPECTED[language][2] in progress
