"""Interoperability tests: the counter behind Varnish and in real consumers (WordPress,
micawber), viewed in Chromium.

WordPress (``tests/interop/wordpress.py``) and Chromium (the ``browser`` fixture of
``tests/conftest.py``) skip with a reason where they are absent, except under CI
(``CI`` set), where a missing one fails.
"""

import os
from urllib.parse import urlsplit

import pytest

from tests.interop import wordpress as wp
from tests.interop.varnish import varnish, varnishd  # noqa: F401

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def skip_or_fail(reason):
    if os.environ.get("CI"):
        pytest.fail(f"CI requires the interoperability tests: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/interop/" in str(item.fspath):
            item.add_marker(pytest.mark.interop)


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory):
    """A running WordPress 6.1 (Debian's), installed in its own fresh database."""
    try:
        wp.check_available()
    except wp.Unavailable as error:
        skip_or_fail(str(error))
    site = wp.start(tmp_path_factory.mktemp("wordpress"))
    yield site
    wp.stop(site)


def is_loopback(url):
    return urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1")


@pytest.fixture
def interop_browser(browser):
    """The shared Chromium (tests/conftest.py), whose contexts (``new_context``) reach
    loopback only: a request for any other host is aborted."""

    class LoopbackOnly:
        def new_context(self, **options):
            context = browser.new_context(**options)
            context.route(lambda url: not is_loopback(url), lambda route: route.abort())
            return context

    return LoopbackOnly()
