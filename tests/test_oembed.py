"""oEmbed provider: the spec's parameters and answers, WordPress's shape, Wagtail's finder."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import (
    counter_block,
    make_campaign,
    make_content_page,
    make_individual,
    make_session,
)

OEMBED = "/villeslumieres/oembed/"
EMBED = "http://testserver/villeslumieres/embed/counter/marathon-2016/"


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


def oembed(client, url=EMBED, **params):
    return client.get(OEMBED, {"url": url, **params})


def iframe_attributes(html):
    tag = re.search(r"<iframe[^>]*>", html).group(0)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


@pytest.mark.django_db
class TestProvider:
    def test_answers_a_rich_oembed_1_0_document(self, client, campaign):
        data = oembed(client, format="json").json()
        assert data["version"] == "1.0"
        assert data["type"] == "rich"
        assert isinstance(data["width"], int) and isinstance(data["height"], int)
        assert data["cache_age"] >= 3600
        assert data["title"] == "Letter counter: Marathon des lettres 2016"

    def test_html_is_a_blockquote_with_a_link_then_the_iframe(self, client, campaign):
        html = oembed(client).json()["html"]
        assert re.fullmatch(
            r'<blockquote hidden><a href="[^"]+">[^<]+</a></blockquote><iframe [^>]+></iframe>',
            html,
        )
        link = re.search(r'<a href="([^"]+)"', html).group(1)
        assert link == iframe_attributes(html)["src"]
        assert link.startswith(EMBED)

    def test_iframe_keeps_the_embeds_parameters(self, client, campaign):
        html = oembed(client, url=EMBED + "?style=breakdown&theme=dark&lang=nl").json()["html"]
        query = parse_qs(urlsplit(iframe_attributes(html)["src"].replace("&amp;", "&")).query)
        assert query == {"lang": ["nl"], "theme": ["dark"], "style": ["breakdown"]}

    def test_iframe_honours_maxwidth_and_maxheight(self, client, campaign):
        data = oembed(client, maxwidth="300", maxheight="120").json()
        assert (data["width"], data["height"]) == (300, 120)
        attributes = iframe_attributes(data["html"])
        assert (attributes["width"], attributes["height"]) == ("100%", "120")

    def test_iframe_is_as_wide_as_the_column(self, client, campaign):
        assert iframe_attributes(oembed(client).json()["html"])["width"] == "100%"

    def test_larger_or_invalid_limits_keep_the_natural_size(self, client, campaign):
        natural = oembed(client).json()
        larger = oembed(client, maxwidth="5000", maxheight="nope").json()
        assert (larger["width"], larger["height"]) == (natural["width"], natural["height"])

    def test_html_never_holds_the_live_number(self, client, campaign, hub):
        make_session(campaign, hub, letters=3712)
        html = oembed(client).json()["html"]
        for written in ("3712", "3\xa0712", "3 712", "3.712", "3,712"):
            assert written not in html

    def test_provider_name_comes_from_the_settings(self, client, campaign, settings):
        settings.WAGTAIL_VILLESLUMIERES = {
            **settings.WAGTAIL_VILLESLUMIERES,
            "PROVIDER_NAME": "Amnesty Walcourt",
        }
        assert oembed(client).json()["provider_name"] == "Amnesty Walcourt"

    def test_provider_name_defaults_to_the_site_name(self, client, campaign, site):
        site.site_name = "Walcourt, Ville lumières"
        site.save()
        assert oembed(client).json()["provider_name"] == "Walcourt, Ville lumières"

    def test_hub_embed_is_titled_with_the_hub(self, client, campaign, hub):
        data = oembed(client, url=f"{EMBED}?hub={hub.pk}").json()
        assert data["title"] == f"Letter counter: Marathon des lettres 2016, {hub.title}"

    def test_format_other_than_json_is_501(self, client, campaign):
        assert oembed(client, format="xml").status_code == 501

    @pytest.mark.parametrize(
        "url",
        [
            "http://testserver/villeslumieres/embed/counter/marathon-1999/",
            "http://testserver/villeslumieres/counter/marathon-2016.json",
            "http://testserver/admin/",
            "ftp://testserver/villeslumieres/embed/counter/marathon-2016/",
            "not a url",
            "http://[::1/",
            "",
        ],
    )
    def test_url_that_is_not_one_of_our_counters_is_404(self, client, campaign, url):
        response = oembed(client, url=url)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

    def test_host_this_site_does_not_serve_is_404(self, client, campaign, settings):
        settings.ALLOWED_HOSTS = ["testserver"]
        url = "https://evil.example/villeslumieres/embed/counter/marathon-2016/"
        assert oembed(client, url=url).status_code == 404

    def test_only_get_and_head(self, client, campaign):
        assert client.post(OEMBED, {"url": EMBED}).status_code == 405

    def test_hub_page_carries_the_discovery_link_to_its_counter(self, client, campaign, hub):
        html = client.get(hub.url).content.decode()
        link = re.search(
            r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html
        )
        assert link
        href = link.group(1).replace("&amp;", "&")
        assert href.startswith("http://testserver" + reverse("wagtail_villeslumieres:oembed"))
        data = client.get(href).json()
        assert data["type"] == "rich"
        assert f"hub={hub.pk}" in data["html"]

    def test_adopted_individual_page_carries_the_discovery_link_to_its_hubs_counter(
        self, client, campaign, hub
    ):
        individual = make_individual(hub)
        html = client.get(individual.url).content.decode()
        link = re.search(
            r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html
        )
        assert link
        assert client.get(link.group(1).replace("&amp;", "&")).json()["type"] == "rich"
        assert f"hub%3D{hub.pk}" in link.group(1)


@pytest.mark.django_db(transaction=True)
def test_wagtails_own_oembed_finder_creates_the_embed(live_server, settings, home):
    from wagtail.embeds import embeds
    from wagtail.embeds.finders import get_finders
    from wagtail.embeds.models import Embed
    from wagtail.models import Locale

    make_campaign(locale=Locale.objects.get(language_code="fr"))
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": live_server.url + OEMBED,
                    "urls": [re.escape(live_server.url) + r"/villeslumieres/embed/counter/.+"],
                }
            ],
        }
    ]
    get_finders.cache_clear()
    url = live_server.url + "/villeslumieres/embed/counter/marathon-2016/?style=progress"
    try:
        embed = embeds.get_embed(url, max_width=400)
    finally:
        get_finders.cache_clear()
    assert Embed.objects.filter(url=url).exists()
    assert embed.type == "rich"
    assert embed.width == 400
    assert "<iframe" in embed.html and "style=progress" in embed.html


@pytest.mark.django_db
class TestPageAddresses:
    """WordPress replaces the discovery link's url= with the pasted page's address."""

    def test_hub_page_address_embeds_the_hubs_counter_of_the_current_campaign(
        self, client, campaign, hub
    ):
        response = oembed(client, url="http://testserver" + hub.url)
        assert response.status_code == 200, response.content
        src = iframe_attributes(response.json()["html"])["src"].replace("&amp;", "&")
        query = parse_qs(urlsplit(src).query)
        assert urlsplit(src).path == "/villeslumieres/embed/counter/marathon-2016/"
        assert query["hub"] == [str(hub.pk)]
        assert query["style"] == ["progress"]

    def test_adopted_individual_page_address_embeds_its_hubs_counter(self, client, campaign, hub):
        individual = make_individual(hub)
        data = oembed(client, url="http://testserver" + individual.url).json()
        assert f"hub={hub.pk}" in data["html"]

    def test_page_address_keeps_the_discovery_links_style(self, client, campaign, hub):
        data = oembed(client, url="http://testserver" + hub.url, style="number").json()
        assert "style=number" in data["html"]

    def test_page_outside_every_hub_is_404(self, client, campaign, home):
        assert oembed(client, url="http://testserver" + home.url).status_code == 404

    def test_draft_hub_page_is_404(self, client, campaign, hub):
        url = "http://testserver" + hub.url
        hub.unpublish()
        assert oembed(client, url=url).status_code == 404

    def test_private_hub_page_is_404(self, client, campaign, hub):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=hub, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        assert oembed(client, url="http://testserver" + hub.url).status_code == 404

    def test_page_address_on_a_host_this_site_does_not_serve_is_404(
        self, client, campaign, hub, settings
    ):
        settings.ALLOWED_HOSTS = ["testserver"]
        assert oembed(client, url="https://evil.example" + hub.url).status_code == 404

    def test_page_address_without_a_current_campaign_is_404(self, client, hub):
        assert oembed(client, url="http://testserver" + hub.url).status_code == 404


def discovery_href(client, url):
    """The href of the page's oEmbed discovery link (``None`` when it has none)."""
    html = client.get(url).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html)
    return link and link.group(1).replace("&amp;", "&")


def page_language(page):
    """The language a page is served in: its URL's prefix (``/fr/``), else the site's."""
    from django.utils import translation

    from wagtail_villeslumieres.counter.languages import default_language

    return translation.get_language_from_path(page.url) or default_language()


def embedded_src(response):
    """``(path, query)`` of the frame an oEmbed answer holds."""
    assert response.status_code == 200, response.content
    src = iframe_attributes(response.json()["html"])["src"].replace("&amp;", "&")
    return urlsplit(src).path, parse_qs(urlsplit(src).query)


@pytest.mark.django_db
class TestPagesWithACounterBlock:
    """Any page whose StreamField carries the letter counter block embeds that counter."""

    @pytest.fixture
    def other_campaign(self, campaign):
        return make_campaign(name="Marathon des lettres 2017", slug="marathon-2017", year=2017)

    def test_page_carries_the_discovery_link_to_its_blocks_counter(
        self, client, campaign, home, hub
    ):
        page = make_content_page(home, [("letter_counter", counter_block(campaign, hub))])
        href = discovery_href(client, page.url)
        assert href.startswith("http://testserver" + reverse("wagtail_villeslumieres:oembed"))
        query = parse_qs(urlsplit(href).query)
        assert (query["style"], query["hub"]) == (["number"], [str(hub.pk)])
        assert query["lang"] == [page_language(page)]
        embedded = urlsplit(query["url"][0])
        assert embedded.path == "/villeslumieres/embed/counter/marathon-2016/"

    def test_discovery_link_answers_the_blocks_counter(self, client, campaign, home, hub):
        page = make_content_page(home, [("letter_counter", counter_block(campaign, hub))])
        path, query = embedded_src(client.get(discovery_href(client, page.url)))
        assert path == "/villeslumieres/embed/counter/marathon-2016/"
        assert (query["style"], query["hub"]) == (["number"], [str(hub.pk)])

    def test_page_address_embeds_the_blocks_campaign_style_language_and_hub(
        self, client, other_campaign, home, hub
    ):
        block = counter_block(other_campaign, hub, style="breakdown")
        page = make_content_page(
            home, [("paragraph", "<p>Écrivez !</p>"), ("letter_counter", block)]
        )
        path, query = embedded_src(oembed(client, url="http://testserver" + page.url))
        assert path == "/villeslumieres/embed/counter/marathon-2017/"
        assert query == {
            "lang": [page_language(page)],
            "theme": ["light"],
            "style": ["breakdown"],
            "hub": [str(hub.pk)],
        }

    def test_blocks_style_wins_over_the_requests(self, client, campaign, home):
        page = make_content_page(
            home, [("letter_counter", counter_block(campaign, style="number"))]
        )
        _path, query = embedded_src(
            oembed(client, url="http://testserver" + page.url, style="progress", hub="9")
        )
        assert query["style"] == ["number"]

    def test_block_without_a_hub_embeds_the_whole_campaign(self, client, campaign, home):
        page = make_content_page(home, [("letter_counter", counter_block(campaign))])
        _path, query = embedded_src(oembed(client, url="http://testserver" + page.url, hub="9"))
        assert "hub" not in query

    def test_first_counter_block_of_several_is_embedded(
        self, client, campaign, other_campaign, home
    ):
        page = make_content_page(
            home,
            [
                ("letter_counter", counter_block(other_campaign)),
                ("letter_counter", counter_block(campaign)),
            ],
        )
        path, _query = embedded_src(oembed(client, url="http://testserver" + page.url))
        assert path == "/villeslumieres/embed/counter/marathon-2017/"

    def test_counter_block_nested_in_another_block_is_found(self, client, campaign, home):
        aside = {"heading": "Nos lettres", "counter": counter_block(campaign, style="progress")}
        page = make_content_page(home, [("paragraph", "<p>Écrivez !</p>"), ("aside", aside)])
        _path, query = embedded_src(oembed(client, url="http://testserver" + page.url))
        assert query["style"] == ["progress"]
        assert discovery_href(client, page.url)

    def test_hub_page_embeds_its_current_counter_before_a_counter_block(
        self, client, campaign, other_campaign, hub
    ):
        hub.body = [("letter_counter", counter_block(other_campaign, hub))]
        hub.save_revision().publish()
        path, _query = embedded_src(oembed(client, url="http://testserver" + hub.url))
        assert path == "/villeslumieres/embed/counter/marathon-2016/"

    def test_hub_page_without_an_active_campaign_embeds_its_counter_block(
        self, client, campaign, other_campaign, hub
    ):
        type(campaign).objects.update(is_active=False)
        hub.body = [("letter_counter", counter_block(other_campaign, hub, style="breakdown"))]
        hub.save_revision().publish()
        path, query = embedded_src(oembed(client, url="http://testserver" + hub.url))
        assert path == "/villeslumieres/embed/counter/marathon-2017/"
        assert query["style"] == ["breakdown"]

    def test_page_without_a_counter_block_is_404_and_has_no_discovery_link(
        self, client, campaign, home
    ):
        page = make_content_page(home, [("paragraph", "<p>Pas de compteur ici.</p>")])
        assert oembed(client, url="http://testserver" + page.url).status_code == 404
        assert discovery_href(client, page.url) is None

    def test_unpublished_page_embeds_nothing(self, client, campaign, home):
        page = make_content_page(home, [("letter_counter", counter_block(campaign))])
        url = "http://testserver" + page.url
        assert oembed(client, url=url).status_code == 200
        page.unpublish()
        assert oembed(client, url=url).status_code == 404

    def test_private_page_embeds_nothing(self, client, campaign, home):
        from wagtail.models import PageViewRestriction

        page = make_content_page(home, [("letter_counter", counter_block(campaign))])
        url = "http://testserver" + page.url
        assert oembed(client, url=url).status_code == 200
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        assert oembed(client, url=url).status_code == 404

    def test_page_whose_counter_block_is_removed_embeds_nothing(self, client, campaign, home):
        page = make_content_page(home, [("letter_counter", counter_block(campaign))])
        url = "http://testserver" + page.url
        assert oembed(client, url=url).status_code == 200
        page.body = [("paragraph", "<p>Plus de compteur.</p>")]
        page.save_revision().publish()
        assert oembed(client, url=url).status_code == 404

    def test_page_of_another_site_is_refused(self, client, campaign, home, settings):
        from wagtail.models import Site

        from tests.testapp.models import HomePage

        other_home = home.get_parent().add_child(instance=HomePage(title="Autre", slug="autre"))
        Site.objects.create(hostname="other.example", port=80, root_page=other_home)
        page = make_content_page(other_home, [("letter_counter", counter_block(campaign))])
        settings.ALLOWED_HOSTS = ["testserver", "other.example"]
        path = page.get_url_parts()[2]
        # Its own Site's endpoint embeds it; the endpoint of another Site does not.
        url = "http://other.example" + path
        assert client.get(OEMBED, {"url": url}, HTTP_HOST="other.example").status_code == 200
        assert oembed(client, url=url).status_code == 404
        # Nor is its path found below this Site's root.
        assert oembed(client, url="http://testserver" + path).status_code == 404

    def test_warm_page_address_costs_no_query(
        self, client, campaign, home, hub, django_assert_num_queries
    ):
        page = make_content_page(home, [("letter_counter", counter_block(campaign, hub))])
        url = "http://testserver" + page.url
        assert oembed(client, url=url).status_code == 200
        with django_assert_num_queries(0):
            assert oembed(client, url=url).status_code == 200

    def test_page_address_costs_the_same_queries_however_many_blocks_it_has(
        self, client, campaign, home, hub
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def cold_queries(slug, blocks):
            page = make_content_page(home, blocks, slug=slug)
            from django.core.cache import caches

            for cache in caches.all():
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert oembed(client, url="http://testserver" + page.url).status_code == 200
            return len(queries)

        one = cold_queries("one", [("letter_counter", counter_block(campaign, hub))])
        many = cold_queries(
            "many",
            [("paragraph", f"<p>{n}</p>") for n in range(20)]
            + [("letter_counter", counter_block(campaign, hub))] * 5,
        )
        assert many == one

    def test_commitment_page_embeds_its_own_counter_block_not_its_hubs(
        self, client, campaign, other_campaign, hub
    ):
        from tests.factories import make_commitment, make_commitment_index

        commitment = make_commitment(
            make_commitment_index(hub),
            description=[("letter_counter", counter_block(other_campaign, style="breakdown"))],
        )
        assert discovery_href(client, commitment.url)
        path, query = embedded_src(oembed(client, url="http://testserver" + commitment.url))
        assert path == "/villeslumieres/embed/counter/marathon-2017/"
        assert query["style"] == ["breakdown"]

    def test_commitment_page_without_a_counter_block_embeds_nothing(self, client, campaign, hub):
        from tests.factories import make_commitment, make_commitment_index

        commitment = make_commitment(make_commitment_index(hub))
        assert discovery_href(client, commitment.url) is None
        assert oembed(client, url="http://testserver" + commitment.url).status_code == 404
