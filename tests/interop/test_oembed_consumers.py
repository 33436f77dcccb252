"""The counter in oEmbed consumers other than WordPress: Wagtail's finder, and micawber.

``tests/test_oembed.py`` already has Wagtail's ``OEmbedFinder`` embed the embed
address; here it is given the page addresses issue 14 wants embeddable too. micawber
is a consumer that runs no script: it puts the provider's ``html`` in the page as it
is, which Chromium then shows with JavaScript off.
"""

import re

import pytest
from wagtail.models import Locale

from tests.browser.test_embed_browser import host_page, serve_host_page
from tests.factories import (
    counter_block,
    make_campaign,
    make_content_page,
    make_individual,
    make_session,
)

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]

TOTAL = 3712
OEMBED = "/villeslumieres/oembed/"


@pytest.fixture
def counter_urls(live_server, home, hub):
    campaign = make_campaign(locale=Locale.objects.get(language_code="fr"))
    make_session(campaign, hub, letters=TOTAL)
    individual = make_individual(hub)
    page = make_content_page(home, [("letter_counter", counter_block(campaign, hub))])
    base = live_server.url
    return {
        "embed": f"{base}/villeslumieres/embed/counter/{campaign.slug}/?lang=fr",
        "hub": base + hub.get_url(),
        "individual": base + individual.get_url(),
        "page": base + page.get_url(),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "hub",
        "individual",
        "page",
    ],
)
def test_wagtails_oembed_finder_embeds_a_page_address(live_server, settings, counter_urls, kind):
    from wagtail.embeds import embeds
    from wagtail.embeds.finders import get_finders

    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": live_server.url + OEMBED,
                    "urls": [re.escape(live_server.url) + r"/.+"],
                }
            ],
        }
    ]
    from wagtail.embeds.exceptions import EmbedException

    get_finders.cache_clear()
    failure = None
    try:
        embed = embeds.get_embed(counter_urls[kind], max_width=400)
    except EmbedException as error:
        # Only the message leaves the except block: the error's traceback would keep the
        # finder's HTTP connection, and the test server's thread, open after the test.
        failure = str(error)
    finally:
        get_finders.cache_clear()
    if failure:
        pytest.fail(f"Wagtail's OEmbedFinder found no embed: {failure}")
    assert embed.type == "rich"
    assert "/embed/counter/" in embed.html


def micawber_html(live_server, url):
    """What micawber puts in a page for ``url`` alone on its line."""
    import micawber

    providers = micawber.ProviderRegistry()
    providers.register(
        re.escape(live_server.url) + r"/.+", micawber.Provider(live_server.url + OEMBED)
    )
    return micawber.parse_text(f"<p>Nos élèves écrivent.</p>\n{url}\n<p>Merci !</p>", providers)


@pytest.fixture
def no_script_page(interop_browser):
    context = interop_browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-BE", java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def view_in_host_page(page, html):
    url, stop = serve_host_page(host_page(html))
    try:
        page.goto(url)
        page.frame_locator("iframe").locator("[data-vl-number]").wait_for()
    except BaseException:
        stop()
        raise
    return stop


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["embed", "page"])
def test_consumer_without_scripts_shows_the_counter(
    live_server, counter_urls, no_script_page, kind
):
    html = micawber_html(live_server, counter_urls[kind])
    assert "<iframe" in html
    stop = view_in_host_page(no_script_page, html)
    try:
        number = no_script_page.frame_locator("iframe").locator("[data-vl-number]")
        assert re.sub(r"\D", "", number.inner_text()) == str(TOTAL)
        assert no_script_page.locator("iframe").is_visible()
    finally:
        stop()


@pytest.mark.browser
def test_consumer_without_scripts_shows_no_fallback_link_above_the_frame(
    live_server, counter_urls, no_script_page
):
    stop = view_in_host_page(no_script_page, micawber_html(live_server, counter_urls["embed"]))
    try:
        links = no_script_page.locator("a[href*='/embed/counter/']")
        frame_top = no_script_page.locator("iframe").bounding_box()["y"]
        stacked = [
            links.nth(i).inner_text()
            for i in range(links.count())
            if links.nth(i).is_visible() and links.nth(i).bounding_box()["y"] < frame_top
        ]
        assert stacked == [], f"fallback link shown above the counter's frame: {stacked}"
    finally:
        stop()
