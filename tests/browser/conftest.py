"""Browser tests: the system Chromium driven by Playwright's Python API.

Playwright cannot download its own browsers here, so the tests launch the system
Chromium (``CHROMIUM_PATH``, default ``/usr/bin/chromium``). Without it they skip
with a reason, except under CI (``CI`` set), where a missing browser fails.
The ``browser`` fixture itself is in ``tests/conftest.py``: one Playwright runs per
thread, so the browser and interoperability tests share one Chromium.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def chromium_path():
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page, 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-BE")
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A 320 px wide page, the narrowest phone the pages must serve."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-BE")
    page = context.new_page()
    yield page
    context.close()


def assert_no_axe_violations(page, context=None):
    """Run axe-core on the page (all rules axe runs by default) and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def assert_fits_width(page):
    """Nothing scrolls sideways: the document is no wider than the viewport."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the {page.viewport_size} viewport"


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
