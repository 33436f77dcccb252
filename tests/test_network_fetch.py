"""Pulling another site's counter cannot reach anything else: the rules of ``counter.fetch``.

No test here sends a packet anywhere but loopback: refused addresses are refused
before any connection, and name resolution is replaced where a test needs a
name to resolve to a private address.
"""

import ipaddress
import socket

import pytest
from django.test import override_settings

from tests.factories import counter_body
from tests.network_server import LOOPBACK, CounterServer, Route
from wagtail_villeslumieres.counter import fetch

BASE = {"BASE_TEMPLATE": "base.html"}


def network_settings(**extra):
    return override_settings(WAGTAIL_VILLESLUMIERES={**BASE, **LOOPBACK, **extra})


@pytest.fixture
def server():
    with CounterServer() as running, network_settings():
        yield running


REAL_GETADDRINFO = socket.getaddrinfo


def is_literal(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def answers(*addresses):
    """A stand-in for ``socket.getaddrinfo`` answering ``addresses`` for every name.

    An address literal (what the client connects to) resolves to itself, as the
    real resolver does, without asking any server.
    """

    def getaddrinfo(host, port, *args, **kwargs):
        if is_literal(host):
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        found = []
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            found.append((family, socket.SOCK_STREAM, 6, "", (address, port)))
        return found

    return getaddrinfo


@pytest.fixture
def no_connection(monkeypatch):
    """Fails the test if any connection is opened."""

    def refuse(*args, **kwargs):
        raise AssertionError("a connection was opened")

    monkeypatch.setattr(fetch.urllib3.HTTPSConnectionPool, "urlopen", refuse)
    monkeypatch.setattr(fetch.urllib3.HTTPConnectionPool, "urlopen", refuse)


# The shape of the address


def test_plain_http_is_refused_unless_the_settings_allow_it():
    with (
        override_settings(WAGTAIL_VILLESLUMIERES=BASE),
        pytest.raises(fetch.UnsafeAddress, match="Only https"),
    ):
        fetch.check_url_shape("http://counter.example/counter/marathon-2016.json")


def test_an_address_with_a_password_is_refused():
    with pytest.raises(fetch.UnsafeAddress, match="user name or password"):
        fetch.check_url_shape("https://user:secret@counter.example/x.json")


def test_another_scheme_is_refused_whatever_the_settings():
    with network_settings(), pytest.raises(fetch.UnsafeAddress):
        fetch.check_url_shape("file:///etc/passwd")


# Where the address leads


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - the address refused, not one bound
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "2002:0a00:0001::1",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    with override_settings(WAGTAIL_VILLESLUMIERES=BASE):
        assert not fetch.is_allowed_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "185.15.59.224", "2a00:1450:4001::1"])
def test_global_addresses_are_allowed(address):
    with override_settings(WAGTAIL_VILLESLUMIERES=BASE):
        assert fetch.is_allowed_address(address)


def test_loopback_is_allowed_only_when_listed_in_the_settings():
    with network_settings():
        assert fetch.is_allowed_address("127.0.0.1")
        assert not fetch.is_allowed_address("10.0.0.1")


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(
    monkeypatch, no_connection
):
    monkeypatch.setattr(fetch.socket, "getaddrinfo", answers("10.1.2.3"))
    with (
        override_settings(WAGTAIL_VILLESLUMIERES=BASE),
        pytest.raises(fetch.UnsafeAddress, match="10.1.2.3"),
    ):
        fetch.fetch("https://counter.example/counter/marathon-2016.json")


def test_a_name_with_one_public_and_one_private_answer_is_refused(monkeypatch, no_connection):
    monkeypatch.setattr(fetch.socket, "getaddrinfo", answers("8.8.8.8", "192.168.0.10"))
    with (
        override_settings(WAGTAIL_VILLESLUMIERES=BASE),
        pytest.raises(fetch.UnsafeAddress, match="192.168.0.10"),
    ):
        fetch.fetch("https://counter.example/counter/marathon-2016.json")


def test_an_unresolvable_name_is_an_error(monkeypatch, no_connection):
    def fail(*args, **kwargs):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(fetch.socket, "getaddrinfo", fail)
    with pytest.raises(fetch.FetchError, match="could not be resolved"):
        fetch.fetch("https://counter.example/x.json")


def test_the_connection_goes_to_the_address_checked_not_to_a_second_answer(server, monkeypatch):
    """DNS rebinding: the name is resolved once, and that address is the one connected to."""
    calls = []
    # A second resolution would answer another loopback address, where nothing listens.
    answered = iter([answers("127.0.0.1"), answers("127.0.0.3")])

    def getaddrinfo(host, port, *args, **kwargs):
        if is_literal(host):
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        calls.append(host)
        return next(answered)(host, port)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    server.routes["/counter.json"] = Route(counter_body())
    port = server.httpd.server_address[1]
    fetched = fetch.fetch(f"http://rebind.test:{port}/counter.json")
    assert fetched.status == 200
    assert calls == ["rebind.test"]
    assert server.requests[0][1]["Host"] == f"rebind.test:{port}"


# Redirects


def test_a_redirect_to_a_private_address_is_refused(server):
    server.routes["/moved.json"] = Route(status=302, headers={"Location": "http://10.0.0.1/x.json"})
    with pytest.raises(fetch.UnsafeAddress, match="10.0.0.1"):
        fetch.fetch(server.url("/moved.json"))


def test_a_redirect_to_a_name_resolving_privately_is_refused(server, monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        if host == "inside.test":
            return answers("192.168.1.20")(host, port)
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    server.routes["/moved.json"] = Route(
        status=301, headers={"Location": "http://inside.test/counter.json"}
    )
    with pytest.raises(fetch.UnsafeAddress, match="192.168.1.20"):
        fetch.fetch(server.url("/moved.json"))


def test_a_redirect_on_loopback_is_followed(server):
    server.routes["/old.json"] = Route(status=308, headers={"Location": "/new.json"})
    server.routes["/new.json"] = Route(counter_body(letters=5))
    fetched = fetch.fetch(server.url("/old.json"))
    assert fetched.url == server.url("/new.json")
    assert b'"letters": 5' in fetched.body


def test_a_redirect_loop_is_refused(server):
    server.routes["/a.json"] = Route(status=302, headers={"Location": "/b.json"})
    server.routes["/b.json"] = Route(status=302, headers={"Location": "/a.json"})
    with pytest.raises(fetch.FetchError, match="loop"):
        fetch.fetch(server.url("/a.json"))


def test_too_many_redirects_are_refused(server):
    for step in range(6):
        server.routes[f"/{step}.json"] = Route(
            status=302, headers={"Location": f"/{step + 1}.json"}
        )
    with pytest.raises(fetch.FetchError, match="too many redirects"):
        fetch.fetch(server.url("/0.json"))


# Size, time, encoding


def test_a_body_over_the_limit_is_refused_from_its_declared_length(server):
    server.routes["/big.json"] = Route(b"x" * (10 * 1024 * 1024))
    with pytest.raises(fetch.FetchError, match="larger than"):
        fetch.fetch(server.url("/big.json"))


def test_a_body_over_the_limit_without_a_declared_length_is_cut_while_streaming(server):
    server.routes["/big.json"] = Route(b"x" * (10 * 1024 * 1024), declare_length=False)
    with pytest.raises(fetch.FetchError, match="larger than"):
        fetch.fetch(server.url("/big.json"))


def test_a_site_that_does_not_answer_in_time_is_an_error(server):
    server.routes["/slow.json"] = Route(counter_body(), delay=2)
    with (
        network_settings(NETWORK_PULL_TIMEOUT=0.3),
        pytest.raises(fetch.FetchError, match="in time"),
    ):
        fetch.fetch(server.url("/slow.json"))


def test_a_compressed_answer_is_refused(server):
    server.routes["/gz.json"] = Route(b"\x1f\x8b...", headers={"Content-Encoding": "gzip"})
    with pytest.raises(fetch.FetchError, match="compressed"):
        fetch.fetch(server.url("/gz.json"))


def test_an_error_status_is_an_error(server):
    server.routes["/gone.json"] = Route(b"{}", status=500)
    with pytest.raises(fetch.FetchError, match="500"):
        fetch.fetch(server.url("/gone.json"))


def test_an_unchanged_counter_answers_304_to_its_etag(server):
    server.routes["/counter.json"] = Route(counter_body(), etag='"v1"')
    fetched = fetch.fetch(server.url("/counter.json"), etag='"v1"')
    assert (fetched.status, fetched.body) == (304, b"")
    assert server.requests[0][1]["If-None-Match"] == '"v1"'


def test_no_compression_is_asked_for(server):
    server.routes["/counter.json"] = Route(counter_body())
    fetch.fetch(server.url("/counter.json"))
    assert server.requests[0][1].get("Accept-Encoding", "identity") == "identity"


def test_a_closed_port_is_an_unreachable_site_not_a_timeout(server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(fetch.FetchError, match="could not be reached"):
        fetch.fetch(f"http://127.0.0.1:{port}/counter.json")
