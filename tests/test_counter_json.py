"""The letter counter's JSON: figures, HTTP caching, CORS, no cookies, zero warm queries."""

import json

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from tests.factories import (
    make_campaign,
    make_campaign_translation,
    make_hub,
    make_hub_translation,
    make_session,
)
from wagtail_villeslumieres.counter import totals

pytestmark = pytest.mark.django_db

SETTINGS = {
    "COUNTER_MAX_AGE": 45,
    "COUNTER_STALE_WHILE_REVALIDATE": 120,
    "COUNTER_STALE_IF_ERROR": 7200,
}


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


def json_url(slug="marathon-2016", hub=None, **query):
    if hub is None:
        url = reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": slug})
    else:
        url = reverse("wagtail_villeslumieres:counter_hub_json", kwargs={"slug": slug, "hub": hub})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def refuse_queries(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_json_gives_total_goal_breakdown_sessions_and_update_time(client, campaign, hub):
    make_session(campaign, hub, letters=120, drawings=30, messages=5, emails=2, tweets=1)
    make_session(campaign, hub, day=11, letters=80)
    data = client.get(json_url()).json()
    assert data["total"] == 238
    assert data["goal"] == 3700
    assert data["percent"] == 6
    assert data["goal_reached"] is False
    assert data["by_kind"] == {
        "letters": 200,
        "drawings": 30,
        "messages": 5,
        "emails": 2,
        "tweets": 1,
    }
    assert data["sessions"] == 2
    assert data["updated_at"].startswith("20")
    assert data["stale"] is False
    assert data["campaign"]["slug"] == "marathon-2016"
    assert data["hub"] is None


def test_hub_json_counts_only_that_hub(client, campaign, hub, home):
    other = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    make_session(campaign, hub, letters=100)
    make_session(campaign, other, letters=7)
    data = client.get(json_url(hub=other.pk)).json()
    assert data["total"] == 7
    assert data["hub"] == {"id": other.pk, "title": "Ath, Ville lumières"}


def test_hub_json_accepts_the_page_id_of_any_translation_of_the_hub(client, campaign, hub):
    make_session(campaign, hub, letters=100)
    dutch = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    assert client.get(json_url(hub=dutch.pk)).json()["total"] == 100


def test_lang_picks_the_translation_of_the_campaign_and_of_the_hub(client, campaign, hub):
    make_session(campaign, hub, letters=100)
    make_campaign_translation(campaign, "nl", "Brievenmarathon 2016")
    dutch_hub = make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")
    data = client.get(json_url(hub=hub.pk, lang="nl")).json()
    assert data["campaign"]["name"] == "Brievenmarathon 2016"
    assert data["hub"] == {"id": dutch_hub.pk, "title": "Walcourt, Stad van het licht"}
    assert data["language"] == "nl"


def test_every_translation_of_a_campaign_shows_one_and_the_same_total(client, campaign, hub):
    make_session(campaign, hub, letters=321)
    make_campaign_translation(campaign, "de", "Briefmarathon 2016")
    totals_by_language = {
        lang: client.get(json_url(lang=lang)).json()["total"] for lang in ("fr", "de", "nl", "en")
    }
    assert set(totals_by_language.values()) == {321}


def test_lang_without_a_translation_keeps_the_campaign_as_found(client, campaign):
    data = client.get(json_url(lang="de")).json()
    assert data["campaign"]["name"] == "Marathon des lettres 2016"
    assert data["language"] == "de"


def test_unknown_campaign_is_a_json_404_with_a_message(client, campaign):
    response = client.get(json_url("marathon-1999"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "not_found",
        "message": "There is no letter campaign at this address.",
    }
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_hub_is_a_json_404_with_a_message(client, campaign, hub):
    response = client.get(json_url(hub=hub.pk + 1000))
    assert response.status_code == 404
    assert response.json()["message"] == "There is no Ville lumières hub with this number."


def test_a_draft_hub_is_not_public(client, campaign, home):
    draft = make_hub(home, title="Ath", slug="ath", holder_name="Ath")
    draft.unpublish()
    assert client.get(json_url(hub=draft.pk)).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_only_get_and_head_are_allowed(client, campaign, method):
    response = getattr(client, method)(json_url())
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_head_gives_the_headers_without_a_body(client, campaign):
    response = client.head(json_url())
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


def test_any_origin_may_read_it_without_credentials(client, campaign):
    response = client.get(json_url(), headers={"Origin": "https://www.ecole-du-centre.be"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_cache_control_comes_from_the_settings(client, campaign, settings):
    settings.WAGTAIL_VILLESLUMIERES = {**settings.WAGTAIL_VILLESLUMIERES, **SETTINGS}
    response = client.get(json_url())
    assert response["Cache-Control"] == (
        "public, max-age=45, stale-while-revalidate=120, stale-if-error=7200"
    )


def test_etag_is_strong_and_follows_the_body(
    client, campaign, hub, django_capture_on_commit_callbacks
):
    first = client.get(json_url())
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert client.get(json_url())["ETag"] == first["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        make_session(campaign, hub, letters=3)
    assert client.get(json_url())["ETag"] != first["ETag"]


def test_matching_if_none_match_gets_304_without_a_body(client, campaign):
    etag = client.get(json_url())["ETag"]
    response = client.get(json_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"].startswith("public")


def test_other_if_none_match_gets_the_full_body(client, campaign):
    response = client.get(json_url(), headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert json.loads(response.content)["total"] == 0


def test_no_cookie_and_no_vary_cookie_through_the_full_middleware_stack(admin_client, campaign):
    # A signed-in editor sends a session cookie: still nothing per visitor comes back.
    response = admin_client.get(json_url())
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response


def test_anonymous_request_sets_no_cookie_either(client, campaign):
    response = client.get(json_url())
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_referrer_policy_is_set(client, campaign):
    assert client.get(json_url())["Referrer-Policy"] == "no-referrer"


def test_warm_request_costs_zero_database_queries(client, campaign, hub, django_assert_num_queries):
    make_session(campaign, hub, letters=10)
    client.get(json_url(hub=hub.pk, lang="fr"))
    with django_assert_num_queries(0):
        response = client.get(json_url(hub=hub.pk, lang="fr"))
    assert response.json()["total"] == 10


def count_cold_queries(client, url):
    totals.invalidate()
    # Wagtail's own cache of the sites' root paths (read for the counter's identity in
    # ``includes``) is warm on a running site whatever the counters' caches hold.
    Site.get_site_root_paths()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_cold_request_costs_the_same_few_queries_for_1_or_60_sessions(client, campaign, hub):
    make_session(campaign, hub, letters=1)
    few = count_cold_queries(client, json_url(hub=hub.pk))
    for day in range(1, 60):
        make_session(campaign, hub, day=1 + day % 17, letters=day)
    many = count_cold_queries(client, json_url(hub=hub.pk))
    assert few == many
    assert many <= 5


def test_saving_a_session_shows_in_the_json_after_commit(
    client, campaign, hub, django_capture_on_commit_callbacks
):
    assert client.get(json_url()).json()["total"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_session(campaign, hub, letters=40)
    assert client.get(json_url()).json()["total"] == 40


def test_renaming_the_campaign_shows_at_once(client, campaign, django_capture_on_commit_callbacks):
    client.get(json_url())
    with django_capture_on_commit_callbacks(execute=True):
        campaign.name = "Marathon des lettres 2016 à Walcourt"
        campaign.save()
    assert client.get(json_url()).json()["campaign"]["name"].endswith("à Walcourt")


def test_unreachable_database_serves_the_last_known_figures_marked_stale(client, campaign, hub):
    make_session(campaign, hub, letters=25)
    assert client.get(json_url()).json()["stale"] is False
    totals.invalidate()
    with connection.execute_wrapper(refuse_queries):
        response = client.get(json_url())
    assert response.status_code == 200
    assert response.json()["stale"] is True
    assert response.json()["total"] == 25


def test_unreachable_database_without_known_figures_is_a_503_json(client, campaign):
    with connection.execute_wrapper(refuse_queries):
        response = client.get(json_url())
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert response["Cache-Control"] == "no-store"


class CountingCache:
    """The totals' cache, counting its round trips (each call of a cache method)."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.mark.parametrize("path", ["json", "embed"])
def test_warm_request_costs_one_cache_round_trip(client, campaign, hub, path, monkeypatch):
    url = (
        json_url()
        if path == "json"
        else reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": campaign.slug})
    )
    client.get(url)
    counting = CountingCache(totals._cache())
    monkeypatch.setattr(totals, "_cache", lambda: counting)
    assert client.get(url).status_code == 200
    assert counting.calls == ["get_many"]


def test_a_304_is_answered_without_building_or_hashing_the_body(client, campaign, monkeypatch):
    from wagtail_villeslumieres.counter import http, payload

    etag = client.get(json_url())["ETag"]

    def refuse(*args, **kwargs):
        raise AssertionError("built or hashed again")

    monkeypatch.setattr(payload, "build_payload", refuse)
    monkeypatch.setattr(http, "strong_etag", refuse)
    response = client.get(json_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_json_does_not_vary_on_accept_language_but_says_its_language(client, campaign):
    response = client.get(json_url(lang="nl"), HTTP_ACCEPT_LANGUAGE="de")
    assert "accept-language" not in response.get("Vary", "").lower()
    assert response["Content-Language"] == "nl"


def test_other_vary_values_are_kept(client, campaign):
    from django.http import HttpResponse
    from django.utils.cache import patch_vary_headers

    from wagtail_villeslumieres.counter import http

    response = http.language_from_url(HttpResponse(), "fr")
    patch_vary_headers(response, ("Origin", "Accept-Language"))
    assert response["Vary"] == "Origin"


def test_a_vary_on_accept_language_set_before_is_dropped_too(client, campaign):
    from django.http import HttpResponse

    from wagtail_villeslumieres.counter import http

    response = HttpResponse()
    response["Vary"] = "Accept-Language, Origin"
    response = http.language_from_url(response, "fr")
    assert response["Vary"] == "Origin"
    only_language = HttpResponse()
    only_language["Vary"] = "Accept-Language"
    assert "Vary" not in http.language_from_url(only_language, "fr")
