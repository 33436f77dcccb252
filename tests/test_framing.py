"""Framing policy: only the embed views can be framed; every other view keeps the site's.

All requests go through the example site's full middleware stack
(``XFrameOptionsMiddleware`` and ``LocaleMiddleware`` included).
"""

import pytest
from django.urls import reverse

from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


def embed_url(slug="marathon-2016"):
    return reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": slug})


def frame_ancestors(response):
    policy = response.get("Content-Security-Policy", "")
    for directive in policy.split(";"):
        name, _space, value = directive.strip().partition(" ")
        if name == "frame-ancestors":
            return value
    return None


def test_embed_can_be_framed_by_any_site_by_default(client, campaign):
    response = client.get(embed_url())
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "*"


def test_embed_can_be_framed_only_by_the_origins_in_the_settings(client, campaign, settings):
    settings.WAGTAIL_VILLESLUMIERES = {
        **settings.WAGTAIL_VILLESLUMIERES,
        "EMBED_FRAME_ANCESTORS": ["https://www.amnesty.be"],
    }
    response = client.get(embed_url())
    assert frame_ancestors(response) == "https://www.amnesty.be"
    assert "X-Frame-Options" not in response


def test_embed_of_an_unknown_campaign_is_a_framable_404_not_a_redirect(client, campaign):
    response = client.get(embed_url("marathon-1999"))
    assert response.status_code == 404
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "*"


def test_hub_page_keeps_the_sites_framing_policy(client, hub, campaign):
    response = client.get(hub.url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) is None


def test_counter_json_cannot_be_framed(client, campaign):
    response = client.get(reverse("wagtail_villeslumieres:counter_json", args=["marathon-2016"]))
    assert response["X-Frame-Options"] == "DENY"


def test_oembed_endpoint_cannot_be_framed(client, campaign):
    response = client.get(reverse("wagtail_villeslumieres:oembed"), {"url": "http://x/"})
    assert response["X-Frame-Options"] == "DENY"


def test_admin_cannot_be_framed(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) is None
