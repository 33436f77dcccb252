"""Shared fixtures: the page tree a commune's site has, users with roles, the browser."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from wagtail.models import Locale, Page, Site

from tests.factories import make_home, make_hub


@pytest.fixture(autouse=True)
def _clear_caches():
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: LocaleMiddleware leaves the language
    of the last request served by the test client active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def _live_server_requests(live_server):
    """The live server's requests being served (``tests.live_server_requests``)."""
    from tests.live_server_requests import InFlight

    server = live_server.thread.httpd
    counted = InFlight(server.get_app())
    server.set_app(counted)
    return counted


@pytest.fixture(autouse=True)
def _live_server_settles(request):
    """A test served by the live server ends once the server has finished its requests,
    before the database is emptied (see ``tests.live_server_requests``)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if request.node.get_closest_marker("django_db"):
        # Torn down after this fixture: the database is emptied after the wait.
        request.getfixturevalue("_django_db_helper")
    counted = request.getfixturevalue("_live_server_requests")
    yield
    assert counted.wait_until_idle(), "the live server was still serving a request"


@pytest.fixture
def locale_fr(db):
    return Locale.objects.get_or_create(language_code="fr")[0]


@pytest.fixture
def home(locale_fr):
    """The site root: a home page set as the default site's root."""
    return make_home()


@pytest.fixture
def hub(home):
    """A published hub (Walcourt, labelled in 2016) below the home page."""
    return make_hub(home)


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="password"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session")
def browser():
    """The system Chromium through Playwright, shared by tests/browser and tests/interop
    (Playwright's sync API allows one instance per thread)."""
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        reason = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the browser tests: {reason}")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        if os.environ.get("CI"):
            pytest.fail("CI requires the browser tests: playwright is not installed")
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_sessionfinish(session, exitstatus):
    """A run must end with its tests: a thread a test left running (a server, a pool)
    keeps the interpreter alive after the summary, so name it and fail the run."""
    import sys
    import threading
    import traceback

    left = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread() and not thread.daemon and thread.is_alive()
    ]
    for thread in left:
        thread.join(timeout=5)
    left = [thread for thread in left if thread.is_alive()]
    if not left:
        return
    frames = sys._current_frames()
    report = [f"{len(left)} thread(s) still running after the tests:"]
    for thread in left:
        report.append(f"- {thread.name}")
        report.extend(
            traceback.format_stack(frames.get(thread.ident)) if thread.ident in frames else []
        )
    session.config.get_terminal_writer().line("\n".join(report), red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
