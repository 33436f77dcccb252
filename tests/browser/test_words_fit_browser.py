"""Words fit where they are shown, in every language the package speaks: the sort
options of a commitment index on a 320 px phone, and the counter's tiles, whose
one-word labels ("Kindertekeningen", "Kinderzeichnungen") never break mid-word.

The pages are French; each language's strings are put in place in the browser, so
the measure is the real CSS with the real translations.
"""

import pytest
from django.utils import translation

from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_index,
    make_home,
    make_hub,
    make_session,
)
from wagtail_villeslumieres.listings.commitments import SORT_CHOICES
from wagtail_villeslumieres.models.letters import KIND_LABELS

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fr", "nl", "de", "en"]
WIDTHS = [320, 480, 768, 1280]

#: The widest text of each option that a select can show, against its inner width.
OPTIONS_TOO_WIDE = """(texts) => {
    const select = document.querySelector('#vl-filter-sort');
    texts.forEach((text, i) => { select.options[i].textContent = text; });
    const style = getComputedStyle(select);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = style.font;
    // The arrow takes about 1.5em of the select's width.
    const inner = select.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight) - 1.5 * parseFloat(style.fontSize);
    return texts.filter(text => ctx.measureText(text).width > inner);
}"""

#: One-word labels that take more than one line.
BROKEN_WORDS = """([language, labels]) => {
    document.documentElement.lang = language;
    const terms = [...document.querySelectorAll('.vl-counter__kind dt')];
    terms.forEach((dt, i) => { dt.textContent = labels[i]; });
    return terms.filter(dt => !dt.textContent.includes(' ')).filter(dt => {
        const range = document.createRange();
        range.selectNodeContents(dt);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        return lines.size > 1;
    }).map(dt => dt.textContent);
}"""


def in_language(language, texts):
    with translation.override(language):
        return [str(text) for text in texts]


@pytest.fixture
def commitment_index():
    hub = make_hub(make_home())
    index = make_commitment_index(hub)
    make_commitment(index)
    return index


@pytest.fixture
def breakdown_page():
    home = make_home()
    campaign = make_campaign()
    hub = make_hub(home)
    make_session(campaign, hub, letters=3000, drawings=412, messages=38, emails=12, tweets=25)
    return make_hub(
        home,
        title="Compteur",
        slug="compteur",
        body=[("letter_counter", {"campaign": campaign, "hub": hub, "style": "breakdown"})],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sort_option_shows_whole_on_a_320px_phone(
    phone_page, live_server, commitment_index, language
):
    phone_page.goto(live_server.url + commitment_index.url)
    texts = in_language(language, [label for _value, label in SORT_CHOICES])
    assert phone_page.evaluate(OPTIONS_TOO_WIDE, texts) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_counter_tile_label_breaks_mid_word(
    browser, live_server, breakdown_page, language, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + breakdown_page.url)
    kinds = page.locator(".vl-counter__kind dt").count()
    assert kinds == 5
    labels = in_language(language, KIND_LABELS.values())
    assert page.evaluate(BROKEN_WORDS, [language, labels]) == []
    context.close()
