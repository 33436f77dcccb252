"""The counter's JSON and embed behind a real Varnish (the stand-in for a CDN).

Varnish honours the responses' ``Cache-Control`` (see tests/interop/varnish/test.vcl):
the JSON and the embed must be served from its cache, once per address whatever
the visitor's language, and a saved session must reach readers through it at
once when Wagtail's frontend cache is configured to purge it.
"""

import json
import re
import time
import urllib.request

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.models import Site

from tests.factories import make_campaign, make_home, make_hub, make_session
from wagtail_villeslumieres.conf import vl_settings

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]

#: How soon a saved session must show through Varnish (issue 13).
PURGE_DEADLINE = 1.0


@pytest.fixture
def counter(varnish):
    """A campaign with 120 letters at one hub, on a site whose public address is Varnish's."""
    home = make_home()
    Site.objects.filter(root_page=home).update(hostname="127.0.0.1", port=varnish.port)
    campaign = make_campaign()
    hub = make_hub(home)
    make_session(campaign, hub, letters=120)
    return campaign, hub


def json_path(campaign, hub=None):
    if hub is None:
        return reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": campaign.slug})
    return reverse(
        "wagtail_villeslumieres:counter_hub_json", kwargs={"slug": campaign.slug, "hub": hub.pk}
    )


def embed_path(campaign):
    return reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": campaign.slug})


def counter_path(kind, campaign, hub):
    """The path of the campaign's ``json``, its ``hub json`` or its ``embed``."""
    if kind == "embed":
        return embed_path(campaign)
    return json_path(campaign, hub if kind == "hub json" else None)


def total_of(response):
    """The total a JSON or embed response shows."""
    assert response.status == 200, response.body[:500]
    if response.header("Content-Type", "").startswith("application/json"):
        return json.loads(response.body)["total"]
    found = re.search(rb'data-vl-total="(\d+)"', response.body)
    assert found, response.body[:500]
    return int(found.group(1))


def straight_from_the_live_server(live_server, path):
    """The total the site itself gives now, bypassing Varnish."""
    with urllib.request.urlopen(live_server.url + path, timeout=10) as response:  # noqa: S310
        body = response.read()
    if path.endswith(".json"):
        return json.loads(body)["total"]
    return int(re.search(rb'data-vl-total="(\d+)"', body).group(1))


@pytest.mark.parametrize("kind", ["json", "hub json", "embed"])
def test_second_request_is_served_from_varnish(varnish, counter, kind):
    campaign, hub = counter
    path = counter_path(kind, campaign, hub)
    first = varnish.get(path)
    assert first.cache == "MISS", first.headers
    assert len(first.varnish_ids) == 1
    time.sleep(1.1)  # so that Age, counted in whole seconds, moves
    second = varnish.get(path)
    assert second.cache == "HIT", second.headers
    # A hit names this request and the backend fetch that filled the cache.
    assert len(second.varnish_ids) == 2
    assert second.age >= 1
    assert second.body == first.body
    assert total_of(second) == 120
    # The validators and CORS survive the cache.
    assert second.header("ETag") == first.header("ETag")
    assert second.header("Access-Control-Allow-Origin") == "*"
    assert "Set-Cookie" not in second.headers


def test_varnish_takes_ttl_and_grace_from_cache_control(varnish, counter):
    campaign, _ = counter
    response = varnish.get(json_path(campaign))
    assert response.header("Cache-Control") == (
        f"public, max-age={vl_settings.COUNTER_MAX_AGE}, "
        f"stale-while-revalidate={vl_settings.COUNTER_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={vl_settings.COUNTER_STALE_IF_ERROR}"
    )
    # max-age is the TTL (varnishd's default_ttl is 0), stale-while-revalidate the grace.
    assert 0 < float(response.header("X-Cache-TTL")) <= vl_settings.COUNTER_MAX_AGE
    assert float(response.header("X-Cache-Grace")) == vl_settings.COUNTER_STALE_WHILE_REVALIDATE


def test_a_304_comes_from_varnish(varnish, counter):
    campaign, _ = counter
    path = json_path(campaign)
    etag = varnish.get(path).header("ETag")
    revalidated = varnish.get(path, headers={"If-None-Match": etag})
    assert revalidated.status == 304
    assert revalidated.cache == "HIT"
    assert revalidated.body == b""


# LocaleMiddleware adds ``Vary: Accept-Language`` to every response of an i18n site;
# these, whose language comes from ``?lang=``, drop it (``counter.http.language_from_url``).
@pytest.mark.parametrize("kind", ["json", "embed"])
def test_responses_do_not_vary_on_accept_language(varnish, counter, kind):
    campaign, _ = counter
    path = json_path(campaign) if kind == "json" else embed_path(campaign)
    varnish.get(path, headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    dutch = varnish.get(path, headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    vary = dutch.header("Vary", "")
    assert dutch.cache == "HIT", f"a second Accept-Language missed Varnish's cache (Vary: {vary})"
    assert "accept-language" not in vary.lower(), f"Vary: {vary}"


def test_wagtail_http_backend_purges_from_varnish(varnish, counter):
    """The harness itself: what Wagtail's HTTPBackend sends is what test.vcl purges."""
    campaign, _ = counter
    path = json_path(campaign)
    varnish.get(path)
    assert varnish.get(path).cache == "HIT"
    # PURGE <LOCATION><path> with ``Host`` taken from the URL (its port included).
    HTTPBackend({"LOCATION": varnish.url}).purge(f"http://127.0.0.1:{varnish.port}{path}")
    assert varnish.get(path).cache == "MISS"


FRONTEND_CACHE = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend"}


@pytest.mark.parametrize("kind", ["json", "hub json", "embed"])
def test_a_saved_session_shows_through_varnish_within_a_second(varnish, live_server, counter, kind):
    campaign, hub = counter
    path = counter_path(kind, campaign, hub)
    assert total_of(varnish.get(path)) == 120
    assert varnish.get(path).cache == "HIT"
    settings = {
        "WAGTAILFRONTENDCACHE": {"varnish": {**FRONTEND_CACHE, "LOCATION": varnish.url}},
        "WAGTAILADMIN_BASE_URL": varnish.url,
    }
    with override_settings(**settings):
        make_session(campaign, hub, day=11, letters=30)
        saved = time.monotonic()
        # The site itself has the new figure at once (its own cache is dropped on commit).
        assert straight_from_the_live_server(live_server, path) == 150
        seen = total_of(varnish.get(path))
        while seen != 150 and time.monotonic() - saved < PURGE_DEADLINE:
            time.sleep(0.05)
            seen = total_of(varnish.get(path))
    assert seen == 150, f"{PURGE_DEADLINE} s after the save, Varnish still serves {seen}"
