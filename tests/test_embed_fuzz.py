"""Fuzzed query parameters on the counter's JSON, embed and oEmbed: never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Any text a URL can carry, the values the views know, and numbers of every size.
values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["fr", "nl", "de", "en", "fr-BE", "light", "dark", "number", "progress"]),
    st.sampled_from(["breakdown", "json", "xml", "", "0", "-1", "NaN", "9" * 30]),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)
params = st.dictionaries(
    st.sampled_from(["lang", "theme", "style", "hub", "format", "maxwidth", "maxheight", "url"]),
    values,
    max_size=6,
)
slugs = st.one_of(st.just("marathon-2016"), st.from_regex(r"[-a-zA-Z0-9_]{1,120}", fullmatch=True))


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@FUZZ
@given(slug=slugs, query=params)
def test_counter_json_never_answers_a_server_error(client, campaign, slug, query):
    response = client.get(f"/villeslumieres/counter/{slug}.json", query)
    assert response.status_code in (200, 404)


@FUZZ
@given(slug=slugs, hub=st.integers(min_value=0, max_value=10**20), query=params)
def test_hub_json_never_answers_a_server_error(client, campaign, slug, hub, query):
    response = client.get(f"/villeslumieres/counter/{slug}/{hub}.json", query)
    assert response.status_code in (200, 404)


@FUZZ
@given(slug=slugs, query=params)
def test_embed_never_answers_a_server_error(client, campaign, slug, query):
    response = client.get(f"/villeslumieres/embed/counter/{slug}/", query)
    assert response.status_code in (200, 404)


embed_urls = st.builds(
    lambda host, slug, query: f"http://{host}/villeslumieres/embed/counter/{slug}/?{query}",
    st.sampled_from(["testserver", "testserver:8000", "[::1]", "xn--", "a" * 300]),
    slugs,
    st.text(max_size=60),
)


@FUZZ
@given(url=st.one_of(st.text(max_size=80), embed_urls), query=params)
def test_oembed_never_answers_a_server_error(client, campaign, url, query):
    response = client.get("/villeslumieres/oembed/", {**query, "url": url})
    assert response.status_code in (200, 404, 501)
