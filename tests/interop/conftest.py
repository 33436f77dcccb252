"""Fixtures of the interoperability tests (real third-party software on loopback)."""

from tests.interop.varnish import varnish, varnishd  # noqa: F401
