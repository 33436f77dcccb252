"""Interoperability tests: the counter in real consumers (WordPress, micawber), viewed in Chromium.

WordPress (``tests/interop/wordpress.py``) and Chromium skip with a reason where
they are absent, except under CI (``CI`` set), where a missing one fails.
"""

import os

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.interop import wordpress as wp

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The browser resolves loopback names only: a page that asks for any other host fails
# to load it instead of reaching out.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


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


@pytest.fixture(scope="session")
def interop_browser():
    """The system Chromium, allowed to resolve loopback names only."""
    path = chromium_path()
    if path is None:
        skip_or_fail("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        skip_or_fail("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=[*CHROMIUM_ARGS, LOOPBACK_ONLY]
        )
        yield browser
        browser.close()
