"""Networks of counters: what a member may answer, pulling, counting each counter once, nesting."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    counter_body,
    make_campaign,
    make_hub,
    make_member,
    make_network,
    make_session,
)
from tests.helpers import requires_i18n
from tests.network_server import LOOPBACK, CounterServer, Route
from wagtail_villeslumieres.counter import identity, network
from wagtail_villeslumieres.models import NetworkMember, NetworkSnapshot

pytestmark = pytest.mark.django_db

BASE = {"BASE_TEMPLATE": "base.html"}
SLUG = "marathon-2016"


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def national(home, campaign):
    return make_network(home, campaign)


@pytest.fixture
def server():
    with (
        CounterServer() as running,
        override_settings(WAGTAIL_VILLESLUMIERES={**BASE, **LOOPBACK}),
    ):
        yield running


def at(name):
    """The path of a member's counter JSON on the stand-in server."""
    return f"/{name}/counter/{SLUG}.json"


def serve(server, path, body, etag=None):
    server.routes[path] = Route(body, etag=etag or f'"{hash(body)}"')
    return server.url(path)


def network_json(client, national, **query):
    url = reverse(
        "wagtail_villeslumieres:counter_hub_json", kwargs={"slug": SLUG, "hub": national.pk}
    )
    return client.get(url, query).json()


def members_json(client, national):
    url = reverse(
        "wagtail_villeslumieres:network_members_json", kwargs={"slug": SLUG, "hub": national.pk}
    )
    return client.get(url).json()


# What a member may answer (the schema)


def test_a_valid_counter_gives_its_figures_and_includes():
    figures, includes = network.read_payload(counter_body(letters=12, includes=["x"]), SLUG)
    assert figures["total"] == 12
    assert figures["by_kind"]["letters"] == 12
    assert figures["updated_at"] == "2016-12-10T14:00:00+00:00"
    assert includes == ["x"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>not json</html>", "not JSON"),
        (b"[1, 2]", "no JSON object"),
        (b'{"total": 1}', "no campaign"),
        (counter_body(slug="marathon-2017"), "another campaign"),
        (counter_body(letters=-1, total=-1), "whole number"),
        (counter_body(letters=True, total=1), "whole number"),
        (counter_body(letters=1.5, total=1.5), "whole number"),
        (counter_body(letters=10**12, total=10**12), "whole number"),
        (counter_body(letters=10, total=11), "not the sum"),
        (counter_body(by_kind={"letters": 1}), "counts by kind"),
        (counter_body(updated_at="yesterday"), "updated_at"),
        (counter_body(updated_at="2016-12-10T14:00:00"), "updated_at"),
        (counter_body(includes="https://a.example/x.json"), "includes"),
        (counter_body(includes=["x" * 600]), "includes"),
        (counter_body(includes=[3]), "includes"),
    ],
)
def test_a_malformed_counter_is_refused_with_a_reason(body, message):
    with pytest.raises(network.InvalidPayload, match=message):
        network.read_payload(body, SLUG)


def test_the_json_address_is_found_from_an_embed_address_without_a_request():
    assert (
        network.known_json_url("https://w.example/vl/embed/counter/marathon-2016/?lang=fr&hub=12")
        == "https://w.example/vl/counter/marathon-2016/12.json"
    )
    assert (
        network.known_json_url("https://w.example/vl/counter/marathon-2016/12.json?lang=nl")
        == "https://w.example/vl/counter/marathon-2016/12.json"
    )


# Members: the form's rules


def test_a_member_needs_either_an_address_or_a_local_hub(national, hub):
    member = NetworkMember(network=national, name="X", region="wallonia")
    with pytest.raises(ValidationError, match="either"):
        member.full_clean()
    member.url, member.local_hub = "https://x.example/counter/a.json", hub
    with pytest.raises(ValidationError, match="either"):
        member.full_clean()


def test_a_member_at_a_plain_http_address_is_refused_by_default(national):
    member = NetworkMember(
        network=national, name="X", region="wallonia", url="http://x.example/c/a.json"
    )
    with pytest.raises(ValidationError, match="Only https"):
        member.full_clean()


# Pulling


def test_pulling_a_local_hub_reads_its_running_totals_without_http(national, campaign, hub, server):
    make_session(campaign, hub, letters=42)
    make_member(national, local_hub=hub)
    report = network.pull(national)
    assert (report.changed, report.failed) == (1, 0)
    assert server.requests == []
    assert network.network_figures(national).total == 42


def test_a_pull_sums_remote_members_and_the_network_json_shows_them(client, national, server):
    make_member(national, name="Walcourt", url=serve(server, at("w"), counter_body(letters=30)))
    make_member(
        national,
        name="Ixelles",
        region="brussels",
        url=serve(server, at("i"), counter_body(letters=12, drawings=0)),
    )
    network.pull(national)
    data = network_json(client, national)
    assert data["total"] == 42
    assert data["hub"] == {"id": national.pk, "title": national.title}
    assert data["members"]["by_region"]["brussels"] == 12
    assert data["members"]["by_region"]["wallonia"] == 30
    assert data["members"]["by_kind"]["commune"] == 42
    assert [item["name"] for item in members_json(client, national)["items"]] == [
        "Ixelles",
        "Walcourt",
    ]
    assert data["includes"][0] == identity.page_counter_id(SLUG, national)
    assert server.url(at("w")) in data["includes"]


def test_an_unchanged_pull_answers_304_and_writes_nothing(national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    with CaptureQueriesContext(connection) as queries:
        report = network.pull(national)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert report.unchanged == 1
    assert server.requests[-1][1]["If-None-Match"]


def test_a_changed_member_is_read_again_and_a_snapshot_recorded(national, server):
    url = serve(server, at("w"), counter_body(letters=30), etag='"1"')
    make_member(national, url=url)
    network.pull(national)
    serve(server, at("w"), counter_body(letters=35), etag='"2"')
    network.pull(national)
    assert [s.total for s in NetworkSnapshot.objects.all()] == [30, 35]


def test_a_member_that_stops_answering_keeps_its_figures_marked_stale(client, national, server):
    member = make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    server.routes[at("w")] = Route(b"", status=503)
    report = network.pull(national)
    member.refresh_from_db()
    assert report.failed == 1
    assert "503" in member.error
    assert member.is_stale
    data = network_json(client, national)
    assert data["total"] == 30
    assert data["members"]["stale"] == 1
    assert members_json(client, national)["items"][0]["stale"] is True


def test_the_network_json_links_to_its_members_list_instead_of_carrying_it(
    client, national, server
):
    make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    data = network_json(client, national)
    assert "items" not in data["members"]
    own = identity.page_counter_id(SLUG, national)
    assert data["members"]["items_url"] == own.removesuffix(".json") + "/members.json"
    members = client.get(data["members"]["items_url"].split("localhost", 1)[-1]).json()
    assert members["hub"] == {"id": national.pk, "title": national.title}
    assert [(item["name"], item["total"]) for item in members["items"]] == [("Walcourt", 30)]


def test_the_members_list_changes_at_once_after_a_pull(client, national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=30), etag='"1"'))
    network.pull(national)
    assert members_json(client, national)["items"][0]["total"] == 30
    serve(server, at("w"), counter_body(letters=35), etag='"2"')
    network.pull(national)
    assert members_json(client, national)["items"][0]["total"] == 35


def test_a_hub_has_no_members_list(client, national, hub):
    url = reverse(
        "wagtail_villeslumieres:network_members_json", kwargs={"slug": SLUG, "hub": hub.pk}
    )
    assert client.get(url).status_code == 404


def test_a_malformed_answer_is_recorded_and_changes_nothing(national, server):
    member = make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    server.routes[at("w")] = Route(b'{"total": "lots"}', etag='"bad"')
    network.pull(national)
    member.refresh_from_db()
    assert member.figures["total"] == 30
    assert "no campaign" in member.error
    assert network.network_figures(national).total == 30


def test_a_member_answering_again_clears_its_error(national, server):
    member = make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    server.routes[at("w")] = Route(b"", status=500)
    network.pull(national)
    serve(server, at("w"), counter_body(letters=31))
    network.pull(national)
    member.refresh_from_db()
    assert (member.error, member.figures["total"]) == ("", 31)


def test_paused_and_pending_members_are_neither_pulled_nor_counted(national, server):
    make_member(national, status="paused", url=serve(server, at("p"), counter_body()))
    make_member(national, status="pending", url=serve(server, at("q"), counter_body()))
    assert network.pull(national).members == 0
    assert server.requests == []


def test_a_hub_page_address_is_resolved_through_its_oembed_discovery_link(national, server):
    embed = server.url("/vl/embed/counter/marathon-2016/?lang=fr&style=progress&hub=7")
    page = (
        '<html><head><link rel="alternate" type="application/json+oembed" '
        f'href="/vl/oembed/?format=json&amp;url={embed.replace("&", "%26").replace("?", "%3F")}">'
        "</head><body>Walcourt</body></html>"
    ).encode()
    server.routes["/fr/walcourt/"] = Route(page, content_type="text/html")
    serve(server, "/vl/counter/marathon-2016/7.json", counter_body(letters=8))
    member = make_member(national, url=server.url("/fr/walcourt/"))
    network.pull(national)
    member.refresh_from_db()
    assert member.json_url == server.url("/vl/counter/marathon-2016/7.json")
    assert member.figures["total"] == 8


# Counting each counter once; nesting


def test_a_member_that_includes_this_network_is_refused(national, server):
    own = identity.page_counter_id(SLUG, national)
    body = counter_body(letters=99, includes=["https://other.example/n.json", own])
    member = make_member(national, url=serve(server, at("loop"), body))
    network.pull(national)
    member.refresh_from_db()
    assert "already includes this network" in member.error
    assert member.figures is None
    assert network.network_figures(national).total == 0


def test_the_same_hub_reached_by_two_addresses_counts_once(national, server):
    same = ["https://walcourt.example/vl/counter/marathon-2016/3.json"]
    make_member(
        national, name="A", url=serve(server, at("a"), counter_body(letters=5, includes=same))
    )
    make_member(
        national, name="B", url=serve(server, at("b"), counter_body(letters=5, includes=same))
    )
    network.pull(national)
    figures = network.network_figures(national)
    assert figures.total == 5
    assert sorted(member.counted for member in figures.members) == ["counted", "duplicate"]


PROVINCE = "/n/counter/marathon-2016/7.json"


def serve_linked_counter(server, listed, count=3):
    """A province's counter linking its ``includes`` (``count`` of them) to ``listed``;
    ``listed=None`` serves no list. Returns the counter's address."""
    if listed is not None:
        serve(server, "/n/7/includes.json", json.dumps({"includes": listed}).encode())
    body = counter_body(
        letters=50,
        includes=[server.url(PROVINCE)],
        includes_count=count,
        includes_url=server.url("/n/7/includes.json"),
    )
    return serve(server, PROVINCE, body)


@pytest.mark.parametrize("linked", [False, True], ids=["listed", "linked"])
def test_a_hub_also_counted_inside_a_nested_network_counts_once(national, server, linked):
    hub_id = "https://walcourt.example/vl/counter/marathon-2016/3.json"
    if linked:  # the nested network links its includes (it sums many counters)
        whole = [server.url(PROVINCE), "https://ath.example/vl/counter/marathon-2016/4.json"]
        province = serve_linked_counter(server, [*whole, hub_id])
    else:
        whole = ["https://province.example/n.json"]
        province = serve(server, at("n"), counter_body(letters=50, includes=[*whole, hub_id]))
    make_member(national, name="Province", kind="section", url=province)
    make_member(
        national,
        name="Walcourt",
        url=serve(server, at("w"), counter_body(letters=20, includes=[hub_id])),
    )
    network.pull(national)
    figures = network.network_figures(national)
    assert NetworkMember.objects.get(name="Province").includes == [*whole, hub_id]
    assert figures.total == 50
    walcourt = next(member for member in figures.members if member.name == "Walcourt")
    assert (walcourt.counted, walcourt.counted_through) == ("duplicate", "Province")

    # Unchanged: the counter answers 304 and no list is asked for again.
    server.requests.clear()
    network.pull(national)
    assert not any(path.endswith("/includes.json") for path, _headers in server.requests)


@pytest.mark.parametrize(
    "listed",
    [
        ["https://other.example/n.json", "a", "b"],  # not the counter's own list
        [PROVINCE, "b"],  # two where the counter says three (a list cached before a change)
    ],
)
def test_a_linked_includes_list_that_does_not_match_its_counter_is_refused(
    national, server, listed
):
    listed = [server.url(value) if value == PROVINCE else value for value in listed]
    member = make_member(
        national, name="Province", kind="section", url=serve_linked_counter(server, listed)
    )
    network.pull(national)
    member.refresh_from_db()
    assert "does not match its counter" in member.error
    assert member.figures is None


def test_a_linked_includes_list_that_cannot_be_read_is_an_error_of_the_member(national, server):
    member = make_member(
        national, name="Province", kind="section", url=serve_linked_counter(server, None)
    )
    network.pull(national)
    member.refresh_from_db()
    assert "could not be read" in member.error and "404" in member.error


def test_a_member_sharing_part_of_its_counters_with_another_is_not_added(national, server):
    a = counter_body(letters=50, includes=["https://a.example/n.json", "https://h.example/1.json"])
    b = counter_body(letters=30, includes=["https://b.example/n.json", "https://h.example/1.json"])
    make_member(national, name="A", url=serve(server, at("a"), a))
    make_member(national, name="B", url=serve(server, at("b"), b))
    network.pull(national)
    figures = network.network_figures(national)
    assert figures.total == 50
    assert {member.name: member.counted for member in figures.members} == {
        "A": "counted",
        "B": "overlap",
    }


def test_a_network_is_a_member_of_another_network(client, home, campaign, national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    served = client.get(
        reverse(
            "wagtail_villeslumieres:counter_hub_json", kwargs={"slug": SLUG, "hub": national.pk}
        )
    ).content
    world = make_network(home, campaign, title="World", slug="world")
    make_member(world, name="Belgium", kind="section", url=serve(server, at("be"), served))
    network.pull(world)
    data = network_json(client, world)
    assert data["total"] == 30
    assert identity.page_counter_id(SLUG, national) in data["includes"]
    assert server.url(at("w")) in data["includes"]


def test_nesting_a_network_into_its_own_member_is_refused(client, home, campaign, national, server):
    world = make_network(home, campaign, title="World", slug="world")
    # The world counts Belgium; Belgium then tries to count the world.
    make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    belgium_json = client.get(
        reverse(
            "wagtail_villeslumieres:counter_hub_json", kwargs={"slug": SLUG, "hub": national.pk}
        )
    ).content
    make_member(world, name="Belgium", url=serve(server, at("be"), belgium_json))
    network.pull(world)
    world_json = client.get(
        reverse("wagtail_villeslumieres:counter_hub_json", kwargs={"slug": SLUG, "hub": world.pk})
    ).content
    loop = make_member(national, name="World", url=serve(server, at("world"), world_json))
    network.pull(national)
    loop.refresh_from_db()
    assert "already includes this network" in loop.error
    assert network.network_figures(national).total == 30


# Publishing


def test_a_hub_payload_includes_its_own_identity(client, campaign, hub):
    url = reverse("wagtail_villeslumieres:counter_hub_json", kwargs={"slug": SLUG, "hub": hub.pk})
    data = client.get(url).json()
    assert data["includes"] == [f"http://localhost{url}"]
    assert "members" not in data


def test_the_campaign_payload_includes_every_hub_with_sessions(client, campaign, hub):
    make_session(campaign, hub, letters=3)
    data = client.get(reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": SLUG})).json()
    assert identity.page_counter_id(SLUG, hub) in data["includes"]


def test_a_counter_summing_many_links_its_includes_and_serves_them_whole(
    client, campaign, hub, home, monkeypatch
):
    from wagtail_villeslumieres.counter import payload

    monkeypatch.setattr(payload, "INLINE_INCLUDES", 2)
    second = make_hub(home, title="Ath, Ville lumières", slug="ath")
    make_session(campaign, hub, letters=3)
    make_session(campaign, second, letters=4)
    data = client.get(reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": SLUG})).json()
    own = identity.campaign_counter_id(SLUG)
    assert data["includes"] == [own]
    assert data["includes_count"] == 3
    assert data["includes_url"] == own.removesuffix(".json") + "/includes.json"

    listed = client.get(data["includes_url"].removeprefix("http://localhost"))
    assert listed.status_code == 200 and listed["ETag"]
    whole = listed.json()["includes"]
    assert whole[0] == own and len(whole) == 3
    assert identity.page_counter_id(SLUG, hub) in whole
    assert identity.page_counter_id(SLUG, second) in whole
    # What a network pulling this counter reads from both.
    body = client.get(reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": SLUG})).content
    assert network.linked_includes(body) == (data["includes_url"], 3)
    assert network.read_includes(listed.content, own, 3) == whole


def test_a_network_summing_many_links_its_includes(client, national, server, monkeypatch):
    from wagtail_villeslumieres.counter import payload

    monkeypatch.setattr(payload, "INLINE_INCLUDES", 2)
    for name, letters in (("a", 5), ("b", 6), ("c", 7)):
        make_member(
            national, name=name.upper(), url=serve(server, at(name), counter_body(letters=letters))
        )
    network.pull(national)
    data = network_json(client, national)
    own = identity.page_counter_id(SLUG, national)
    assert data["includes"] == [own], data
    assert data["includes_count"] == 4
    whole = client.get(data["includes_url"].removeprefix("http://localhost")).json()["includes"]
    assert whole[0] == own
    assert sorted(whole[1:]) == sorted(server.url(at(name)) for name in "abc")


def test_the_includes_list_of_an_unknown_counter_is_not_found(client, campaign):
    url = reverse(
        "wagtail_villeslumieres:counter_hub_includes_json", kwargs={"slug": SLUG, "hub": 999999}
    )
    assert client.get(url).status_code == 404
    url = reverse("wagtail_villeslumieres:counter_includes_json", kwargs={"slug": "nothing"})
    assert client.get(url).status_code == 404


def test_the_network_json_is_cached_and_dropped_by_a_pull_that_changes_it(
    client, national, server, django_assert_num_queries
):
    make_member(national, url=serve(server, at("w"), counter_body(letters=30), etag='"1"'))
    network.pull(national)
    assert network_json(client, national)["total"] == 30
    with django_assert_num_queries(0):
        assert network_json(client, national)["total"] == 30
    serve(server, at("w"), counter_body(letters=40), etag='"2"')
    network.pull(national)
    assert network_json(client, national)["total"] == 40


def test_pausing_a_member_drops_it_from_the_total_after_commit(
    client, national, server, django_capture_on_commit_callbacks
):
    member = make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    network.pull(national)
    assert network_json(client, national)["total"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        member.status = "paused"
        member.save()
    assert network_json(client, national)["total"] == 0


def test_the_network_embed_shows_its_total_in_every_style(client, national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=1234)))
    network.pull(national)
    for style in ("number", "progress", "breakdown"):
        url = reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": SLUG})
        response = client.get(url, {"hub": national.pk, "style": style, "lang": "fr"})
        assert response.status_code == 200
        assert 'data-vl-total="1234"' in response.content.decode()
        assert national.title in response.content.decode()


def test_oembed_of_the_network_page_embeds_the_network_counter(client, national, server):
    response = client.get(
        reverse("wagtail_villeslumieres:oembed"),
        {"url": f"http://localhost{national.url}", "format": "json"},
    )
    assert response.status_code == 200
    assert f"hub={national.pk}" in json.loads(response.content)["html"]


def test_the_network_counter_of_another_campaign_is_not_found(client, national):
    make_campaign(name="Marathon 2017", year=2017, slug="marathon-2017")
    url = reverse(
        "wagtail_villeslumieres:counter_hub_json",
        kwargs={"slug": "marathon-2017", "hub": national.pk},
    )
    assert client.get(url).status_code == 404


# The command


def test_the_pull_network_command_pulls_every_network(national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    output = io.StringIO()
    call_command("pull_network", stdout=output)
    assert "1 changed" in output.getvalue()
    assert network.network_figures(national).total == 30


def test_the_pull_task_pulls_every_network(national, server):
    from wagtail_villeslumieres.counter.tasks import pull_networks

    make_member(national, url=serve(server, at("w"), counter_body(letters=30)))
    result = pull_networks.enqueue()
    assert "1 changed" in result.return_value[str(national.pk)]
    assert network.network_figures(national).total == 30


# Hubs of another install are not touched


def test_a_local_member_of_another_hub_is_isolated(national, campaign, home, server):
    other = make_hub(home, title="Ath", slug="ath", holder_name="Ath")
    make_session(campaign, other, letters=7)
    make_member(national, local_hub=other)
    network.pull(national)
    assert network.network_figures(national).total == 7


# A hub shows a network's total beside its own


@requires_i18n
def test_a_hub_shows_the_total_of_the_network_it_names(client, campaign, hub, server):
    url = serve(server, "/vl/counter/marathon-2016/9.json", counter_body(letters=3712))
    hub.network_url = url
    hub.network_name = "la Belgique"
    hub.save_revision().publish()
    network.pull_all()
    html = client.get(hub.url).content.decode()
    assert "Ensemble, la Belgique a écrit 3\xa0712 lettres" in html


def test_a_hub_network_pull_that_changes_nothing_writes_nothing(campaign, hub, server):
    hub.network_url = serve(server, "/vl/counter/marathon-2016/9.json", counter_body(letters=5))
    hub.save_revision().publish()
    network.pull_followed()
    with CaptureQueriesContext(connection) as queries:
        network.pull_followed()
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_a_hub_whose_network_cannot_be_read_shows_no_network_line(client, campaign, hub, server):
    server.routes["/vl/counter/marathon-2016/9.json"] = Route(b"nope", status=500)
    hub.network_url = server.url("/vl/counter/marathon-2016/9.json")
    hub.save_revision().publish()
    network.pull_all()
    assert "vl-network-together" not in client.get(hub.url).content.decode()


# The network page reads its members through the page-section cache


def member_row(client, national):
    html = client.get(national.url).content.decode()
    return re.search(r'<th scope="row">Walcourt</th>(.*?)</tr>', html, re.S).group(1)


def test_a_warm_network_page_reads_no_member(client, national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=17)))
    network.pull(national)
    client.get(national.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(national.url).status_code == 200
    assert not [q for q in queries if "networkmember" in q["sql"]]
    assert not [q for q in queries if "networksnapshot" in q["sql"]]


def test_a_pull_changes_what_the_network_page_shows_at_once(client, national, server):
    make_member(national, url=serve(server, at("w"), counter_body(letters=17), etag='"1"'))
    network.pull(national)
    assert ">17<" in member_row(client, national)
    serve(server, at("w"), counter_body(letters=23), etag='"2"')
    network.pull(national)
    assert ">23<" in member_row(client, national)


def test_a_paused_member_leaves_the_network_page_at_once(
    client, national, server, django_capture_on_commit_callbacks
):
    walcourt = make_member(national, url=serve(server, at("w"), counter_body(letters=17)))
    network.pull(national)
    assert "Walcourt" in client.get(national.url).content.decode()
    walcourt.status = "paused"
    with django_capture_on_commit_callbacks(execute=True):
        walcourt.save()
    assert "Walcourt" not in client.get(national.url).content.decode()
