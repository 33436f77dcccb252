"""oEmbed provider: the spec's parameters and answers, WordPress's shape, Wagtail's finder."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import make_campaign, make_individual, make_session

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
