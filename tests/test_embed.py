"""The embeddable counter: a tiny standalone document, strict, cacheable, readable without JS."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import translation

from tests.factories import make_campaign, make_hub, make_session
from tests.helpers import assert_form_error
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.counter.languages import base_language, unit_label

pytestmark = pytest.mark.django_db

STATIC_FILES = [
    "wagtail_villeslumieres/embed/counter.css",
    "wagtail_villeslumieres/embed/counter.js",
]


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


def embed_url(slug="marathon-2016", **query):
    url = reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


class Document(HTMLParser):
    """The tags of an HTML document, with their attributes, and its text by element."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.text = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    def first(self, tag):
        return self.all(tag)[0]

    def with_attribute(self, attribute):
        return [(name, attrs) for name, attrs in self.tags if attribute in attrs]


def get_document(client, url):
    response = client.get(url)
    return response, Document(response.content.decode())


def visible_text(html):
    """The document's text, leaving out elements marked ``hidden``."""
    html = re.sub(r"<(\w+)[^>]*\shidden[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_embed_is_a_standalone_document_with_lang_title_and_main(client, campaign):
    response, document = get_document(client, embed_url(lang="nl"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert document.first("html")["lang"] == "nl"
    assert document.all("title") and document.all("main")
    assert document.all("h1")


@pytest.mark.parametrize(
    ("lang", "written"),
    [("fr", "3\xa0712"), ("nl", "3.712"), ("de", "3.712"), ("en", "3,712")],
)
def test_number_is_in_the_html_written_the_way_the_language_writes_it(
    client, campaign, hub, lang, written
):
    make_session(campaign, hub, letters=3712)
    response = client.get(embed_url(lang=lang))
    assert f"data-vl-number>{written}</strong>" in response.content.decode()


def test_embed_loads_one_stylesheet_and_one_script_both_static_files(client, campaign):
    _response, document = get_document(client, embed_url())
    stylesheets = [attrs["href"] for attrs in document.all("link") if attrs["rel"] == "stylesheet"]
    scripts = [attrs.get("src") for attrs in document.all("script")]
    assert stylesheets == ["/static/wagtail_villeslumieres/embed/counter.css"]
    assert scripts == ["/static/wagtail_villeslumieres/embed/counter.js"]


@pytest.mark.parametrize("style", ["number", "progress", "breakdown"])
def test_embed_has_no_inline_script_or_style(client, campaign, style):
    response, document = get_document(client, embed_url(style=style))
    html = response.content.decode()
    assert "<style" not in html
    assert all("src" in attrs for attrs in document.all("script"))
    assert document.with_attribute("style") == []
    assert not [attrs for _tag, attrs in document.tags if any(a.startswith("on") for a in attrs)]


@pytest.mark.parametrize("style", ["number", "progress", "breakdown"])
def test_embed_requests_nothing_from_any_other_site(client, campaign, style):
    _response, document = get_document(client, embed_url(style=style))
    addresses = [
        attrs[name]
        for _tag, attrs in document.tags
        for name in ("src", "href", "data-vl-json", "action")
        if name in attrs
    ]
    assert addresses
    own = ("/", "http://testserver/")
    assert all(a.startswith(own) and not a.startswith("//") for a in addresses), addresses


def test_embed_carries_its_oembed_discovery_link(client, campaign):
    _response, document = get_document(client, embed_url(style="progress"))
    (link,) = [a for a in document.all("link") if a["rel"] == "alternate"]
    assert link["type"] == "application/json+oembed"
    data = client.get(link["href"]).json()
    assert "style=progress" in data["html"]


def test_embed_sends_a_strict_content_security_policy(client, campaign):
    policy = client.get(embed_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["img-src"] == "'self'"
    assert directives["frame-ancestors"] == "*"


def test_frame_ancestors_come_from_the_settings(client, campaign, settings):
    settings.WAGTAIL_VILLESLUMIERES = {
        **settings.WAGTAIL_VILLESLUMIERES,
        "EMBED_FRAME_ANCESTORS": ["https://www.amnesty.be", "https://www.walcourt.be"],
    }
    policy = client.get(embed_url())["Content-Security-Policy"]
    assert "frame-ancestors https://www.amnesty.be https://www.walcourt.be" in policy


def test_embed_sets_no_cookie_and_no_vary_cookie(admin_client, campaign):
    response = admin_client.get(embed_url())
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_embed_is_cacheable_with_a_strong_etag_and_304(client, campaign):
    first = client.get(embed_url(style="progress"))
    assert first["Cache-Control"].startswith("public, max-age=")
    again = client.get(embed_url(style="progress"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_invalid_parameters_fall_back_to_the_defaults(client, campaign):
    response, document = get_document(
        client, embed_url(lang="xx", theme="neon", style="pie", hub="walcourt")
    )
    assert response.status_code == 200
    # The campaign's own language.
    assert document.first("html")["lang"] == campaign.locale.language_code
    assert "vl-embed--light" in document.first("html")["class"]
    assert "vl-embed--number" in document.first("main")["class"]


def test_dark_theme_is_a_class_of_the_document(client, campaign):
    _response, document = get_document(client, embed_url(theme="dark"))
    assert "vl-embed--dark" in document.first("html")["class"]


def test_unknown_campaign_gets_a_small_404_document_that_can_be_framed(client, campaign):
    response, document = get_document(client, embed_url("marathon-1999", lang="en"))
    assert response.status_code == 404
    assert document.first("html")["lang"] == "en"
    assert "There is no letter campaign at this address." in response.content.decode()
    assert "frame-ancestors" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_unknown_hub_gets_the_404_document_not_the_whole_campaign(client, campaign, hub):
    response = client.get(embed_url(hub=hub.pk + 1000))
    assert response.status_code == 404


def test_hub_parameter_shows_that_hub_only(client, campaign, hub, home):
    other = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    make_session(campaign, hub, letters=100)
    make_session(campaign, other, letters=7)
    response = client.get(embed_url(hub=other.pk, lang="en"))
    assert "data-vl-number>7</strong>" in response.content.decode()
    assert "Ath, Ville lumières" in response.content.decode()


def test_progress_style_shows_a_progress_bar_toward_the_goal(client, campaign, hub):
    make_session(campaign, hub, letters=370)
    _response, document = get_document(client, embed_url(style="progress", lang="en"))
    bar = document.first("progress")
    assert (bar["max"], bar["value"]) == ("3700", "370")
    assert "10% of the goal of 3,700" in "".join(document.text)


def test_breakdown_style_lists_every_kind(client, campaign, hub):
    make_session(campaign, hub, letters=5, drawings=4, messages=3, emails=2, tweets=1)
    _response, document = get_document(client, embed_url(style="breakdown", lang="en"))
    kinds = {attrs["data-vl-kind"] for _tag, attrs in document.with_attribute("data-vl-kind")}
    assert kinds == {"letters", "drawings", "messages", "emails", "tweets"}


def test_number_style_has_neither_bar_nor_breakdown(client, campaign):
    _response, document = get_document(client, embed_url(style="number"))
    assert document.all("progress") == [] and document.all("dl") == []


@pytest.mark.parametrize(
    ("count", "label"),
    [(1, "letter, drawing or message"), (2, "letters, drawings and messages")],
)
def test_label_follows_the_number(client, campaign, hub, count, label):
    make_session(campaign, hub, letters=count)
    response = client.get(embed_url(lang="en"))
    assert f"<span data-vl-unit>{label}</span>" in response.content.decode()


def test_script_receives_both_label_forms_the_locale_and_the_refresh_interval(
    client, campaign, settings
):
    settings.WAGTAIL_VILLESLUMIERES = {
        **settings.WAGTAIL_VILLESLUMIERES,
        "EMBED_REFRESH_INTERVAL": 15,
    }
    _response, document = get_document(client, embed_url(lang="de"))
    main = document.first("main")
    # In the embed's language, whatever the visitor's browser prefers.
    with translation.override("de"):
        assert main["data-vl-one"] == unit_label(1)
        assert main["data-vl-other"] == unit_label(2)
    assert main["data-vl-one"] != "letter, drawing or message"
    assert main["data-vl-locale"] == "de-BE"
    assert main["data-vl-refresh"] == "15"
    assert main["data-vl-json"] == "/villeslumieres/counter/marathon-2016.json?lang=de"


def test_status_region_announces_updates_politely(client, campaign):
    _response, document = get_document(client, embed_url())
    (status,) = [attrs for _tag, attrs in document.with_attribute("data-vl-status")]
    assert (status["role"], status["aria-live"]) == ("status", "polite")


def test_below_the_display_threshold_the_embed_invites_instead_of_counting(client, campaign, hub):
    campaign.display_threshold = 100
    campaign.save()
    make_session(campaign, hub, letters=12)
    text = visible_text(client.get(embed_url(lang="en")).content.decode())
    assert "every letter counts" in text
    assert " 12 " not in text


def test_from_the_display_threshold_on_the_number_shows(client, campaign, hub):
    campaign.display_threshold = 100
    campaign.save()
    make_session(campaign, hub, letters=150)
    text = visible_text(client.get(embed_url(lang="en")).content.decode())
    assert "every letter counts" not in text
    assert "150" in text


def test_goal_reached_message_shows_once_the_goal_is_reached(client, campaign, hub):
    campaign.goal_reached_message = "Merci : objectif atteint !"
    campaign.goal = 100
    campaign.save()
    make_session(campaign, hub, letters=99)
    assert "objectif atteint" not in visible_text(client.get(embed_url()).content.decode())
    make_session(campaign, hub, day=11, letters=1)
    totals.invalidate()
    assert "objectif atteint" in visible_text(client.get(embed_url()).content.decode())


def test_warm_embed_costs_zero_database_queries(client, campaign, hub, django_assert_num_queries):
    client.get(embed_url(style="breakdown", hub=hub.pk))
    with django_assert_num_queries(0):
        assert client.get(embed_url(style="breakdown", hub=hub.pk)).status_code == 200


def test_unreachable_database_keeps_the_last_known_number_marked_stale(client, campaign, hub):
    make_session(campaign, hub, letters=25)
    client.get(embed_url(lang="en"))
    totals.invalidate()

    def refuse(*args):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get(embed_url(lang="en"))
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "25" in text
    assert "they are the last known ones" in text


def test_embed_with_css_and_js_weighs_at_most_6_kb_gzipped(client, campaign, hub, capsys):
    make_session(campaign, hub, letters=3712, drawings=700, messages=12)
    html = client.get(embed_url(style="breakdown", hub=hub.pk)).content
    sizes = {"embed HTML (breakdown)": len(gzip.compress(html, 9))}
    for path in STATIC_FILES:
        with open(finders.find(path), "rb") as file:
            sizes[path.rsplit("/", 1)[1]] = len(gzip.compress(file.read(), 9))
    total = sum(sizes.values())
    with capsys.disabled():
        print("\nembed weight, gzipped:", sizes, f"total {total} bytes")
    assert total <= 6 * 1024


# --- The campaign's edit view: ready-to-copy code and a preview --------------------


def edit_url(campaign):
    return reverse("wagtailsnippets_wagtail_villeslumieres_lettercampaign:edit", args=[campaign.pk])


def test_campaign_edit_view_shows_code_for_each_style_with_a_preview(admin_client, campaign):
    response = admin_client.get(edit_url(campaign))
    html = response.content.decode()
    assert response.status_code == 200
    lang = campaign.locale.language_code
    for style in ("number", "progress", "breakdown"):
        query = f"?lang={lang}&amp;theme=light&amp;style={style}"
        url = "http://testserver/villeslumieres/embed/counter/marathon-2016/" + query
        # The preview frame, and the code to copy (escaped once more inside a textarea).
        assert f'src="{url}"' in html
        assert f"&lt;iframe src=&quot;{url.replace('&', '&amp;')}&quot;" in html
    assert "/static/wagtail_villeslumieres/embed/loader.js" in html
    assert "data-vl-embed" in html


def test_new_campaign_asks_to_save_before_showing_code(admin_client, locale_fr):
    url = reverse("wagtailsnippets_wagtail_villeslumieres_lettercampaign:add")
    response = admin_client.get(url)
    assert "Save the campaign first" in response.content.decode()


def test_negative_display_threshold_is_refused_by_the_admin_form(admin_client, campaign):
    data = {
        "name": campaign.name,
        "year": "2016",
        "slug": campaign.slug,
        "starts_on": "2016-11-25",
        "ends_on": "2016-12-17",
        "goal": "3700",
        "is_active": "on",
        "display_threshold": "-5",
        "goal_reached_message": "",
    }
    response = admin_client.post(edit_url(campaign), data)
    assert response.status_code == 200
    assert_form_error(response, "greater than or equal to 0")
    campaign.refresh_from_db()
    assert campaign.display_threshold is None


FOREIGN = {"fr": "en-US,en", "nl": "fr-BE,fr", "de": "nl-BE,nl", "en": "de-DE,de"}


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_embed_speaks_its_lang_whatever_the_browser_asks(client, campaign, hub, language):
    make_session(campaign, hub, letters=3712)
    html = client.get(
        embed_url(lang=language, style="breakdown"), HTTP_ACCEPT_LANGUAGE=FOREIGN[language]
    ).content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        expected = [unit_label(3712), unit_label(1), unit_label(2)]
    for text in expected:
        assert text.replace("'", "&#x27;") in html, (language, text)
    foreign = base_language(FOREIGN[language])
    with translation.override(foreign):
        other = unit_label(3712)
    if other not in expected:
        assert other not in html


def test_admin_embed_code_is_titled_in_the_counters_language(campaign):
    from wagtail_villeslumieres.counter.embed_code import embed_code, iframe_title

    with translation.override("fr"):
        french = iframe_title("Marathon")
    with translation.override("en"):
        code = embed_code("https://walcourt.be", "marathon", "number", "fr", "Marathon")
    assert f'title="{french}"' in code["iframe"] and f'title="{french}"' in code["loader"]


def test_admin_frame_alone_is_a_block_as_wide_as_the_column(campaign):
    from wagtail_villeslumieres.counter.embed_code import embed_code

    code = embed_code("https://walcourt.be", "marathon", "number", "fr", "Marathon")
    assert 'width="100%"' in code["iframe"]
    assert "display:block" in code["iframe"]
    assert code["url"].startswith("https://walcourt.be/villeslumieres/embed/counter/marathon/")
