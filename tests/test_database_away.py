"""With the database away: the counter serves its last known copy, pages answer 503, never 500."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from tests.factories import counter_block, make_campaign, make_content_page, make_session
from wagtail_villeslumieres.counter import totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter(hub, locale_fr):
    campaign = make_campaign()
    make_session(campaign, hub, letters=120)
    return campaign, hub


@pytest.fixture
def database_away(monkeypatch):
    """From now on every query fails as when the database server is stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    def go_away():
        monkeypatch.setattr(connection, "_cursor", refuse)

    return go_away


def json_url(campaign):
    return reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": campaign.slug})


def embed_url(campaign):
    return reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": campaign.slug})


def oembed_url(campaign):
    target = "http://testserver" + embed_url(campaign)
    return reverse("wagtail_villeslumieres:oembed") + f"?format=json&url={target}"


def test_a_warm_oembed_costs_no_query(client, counter, django_assert_num_queries):
    campaign, _hub = counter
    client.get(oembed_url(campaign))
    with django_assert_num_queries(0):
        assert client.get(oembed_url(campaign)).status_code == 200


def test_json_embed_and_oembed_serve_their_last_known_copy(client, counter, database_away):
    campaign, _hub = counter
    for url in (json_url(campaign), embed_url(campaign), oembed_url(campaign)):
        assert client.get(url).status_code == 200
    database_away()
    json_response = client.get(json_url(campaign))
    assert json_response.status_code == 200
    assert json_response.json()["total"] == 120
    assert client.get(embed_url(campaign)).status_code == 200
    assert client.get(oembed_url(campaign)).json()["type"] == "rich"


def test_oembed_serves_its_last_known_copy_once_a_read_has_failed(client, counter, database_away):
    campaign, _hub = counter
    assert client.get(oembed_url(campaign)).status_code == 200
    database_away()
    totals.mark_database_unreachable()  # as when a page failed to read
    response = client.get(oembed_url(campaign))
    assert response.status_code == 200
    assert response.json()["type"] == "rich"


@pytest.fixture
def unavailable_middleware(settings):
    """The optional middleware, as the example site enables it (first)."""
    settings.MIDDLEWARE = [
        "wagtail_villeslumieres.middleware.DatabaseUnavailableMiddleware",
        *settings.MIDDLEWARE,
    ]


def test_stale_turns_true_as_soon_as_a_page_fails_to_read(
    client, counter, unavailable_middleware, database_away
):
    campaign, hub = counter
    hub_url = hub.url  # read before the database goes away
    assert client.get(json_url(campaign)).json()["stale"] is False
    database_away()
    assert client.get(hub_url).status_code == 503
    # The JSON is still fresh in the cache, but the database is known to be away.
    assert client.get(json_url(campaign)).json()["stale"] is True


@pytest.mark.parametrize("route", ["", "agenda/", "agenda/ical/"])
def test_pages_answer_503_with_retry_after_and_no_store(
    client, counter, unavailable_middleware, database_away, route
):
    _campaign, hub = counter
    url = hub.url + route
    assert client.get(url).status_code == 200
    database_away()
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("kind", ["json", "embed", "oembed"])
def test_counter_views_without_a_known_copy_answer_503(client, counter, database_away, kind):
    campaign, _hub = counter
    url = {"json": json_url, "embed": embed_url, "oembed": oembed_url}[kind](campaign)
    database_away()
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"


@pytest.fixture
def counter_page(counter, home):
    """A page of the site's own type showing the counter in a block; its oEmbed address."""
    campaign, hub = counter
    page = make_content_page(home, [("letter_counter", counter_block(campaign, hub))])
    return (
        reverse("wagtail_villeslumieres:oembed") + f"?format=json&url=http://testserver{page.url}"
    )


def test_a_warm_oembed_of_a_page_address_costs_no_query(
    client, counter_page, django_assert_num_queries
):
    client.get(counter_page)
    with django_assert_num_queries(0):
        assert client.get(counter_page).status_code == 200


def test_oembed_of_a_page_address_serves_its_last_known_copy(client, counter_page, database_away):
    from wagtail_villeslumieres.counter import totals

    assert client.get(counter_page).status_code == 200
    totals.invalidate(totals.PAGES)  # another page was edited: the address resolves anew
    database_away()
    response = client.get(counter_page)
    assert response.status_code == 200
    assert "hub=" in response.json()["html"]


def test_oembed_of_a_page_address_never_resolved_answers_503(client, counter_page, database_away):
    database_away()
    response = client.get(counter_page)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
