"""Refresh the screenshots in docs/_static/ from the demo site: ``make screenshots``.

Builds the demo in a throw-away SQLite database, serves it with Django's
development server on a free port of 127.0.0.1, and photographs each page with
the system Chromium (``CHROMIUM_PATH``, default /usr/bin/chromium) through
Playwright. Add a page to SHOTS to document it. The embed how-to's shots have
functions of their own: the campaign's embed code in the admin, and the counter
pasted into a real WordPress post (Debian's WordPress on PHP's built-in server,
``tests/interop/wordpress.py``; skipped with the reason when it is not installed).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "_static"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# (file name, how to find the page's URL in the demo, viewport width, full page?)
SHOTS = [
    ("demo-hub.png", "HubPage", 1280, False),
    ("demo-hub-320.png", "HubPage", 320, True),
    ("individual-320.png", "AdoptedIndividualPage", 320, True),
    ("commitments.png", "CommitmentIndexPage", 1280, False),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    workdir = Path(tempfile.mkdtemp(prefix="vl-screenshots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "villeslumieres_demo.settings",
    }
    manage = [sys.executable, "manage.py"]
    cwd = ROOT / "example_site"
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=cwd, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=cwd, env=env, check=True)
    urls = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from wagtail.models import Page\n"
            # The path only: the demo holds several Sites, whose URLs carry their host.
            "for p in Page.objects.live().specific().order_by('path'):\n"
            "    parts = p.get_url_parts()\n"
            "    if parts:\n"
            "        print('URL', type(p).__name__, parts[2])",
        ],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    page_urls = {}
    for line in urls.splitlines():
        if line.startswith("URL "):
            _, kind, url = line.split(" ", 2)
            page_urls.setdefault(kind, url)

    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=cwd, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, kind, width, full_page in SHOTS:
                if kind not in page_urls:
                    print(f"skipped {name}: no {kind} in the demo")
                    continue
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(base + page_urls[kind])
                page.screenshot(path=str(OUT / name), full_page=full_page)
                context.close()
                print(f"wrote docs/_static/{name}")
            shoot_reporting(browser, base, manage, cwd, env)
            admin_embed_code_shot(browser, base)
            wordpress_shots(browser, base, page_urls)
            browser.close()
    finally:
        server.terminate()
        server.wait()


#: The reporting link of a demo session, a report sent through it, and an editor to see them.
REPORTING_SETUP = """
import datetime, secrets
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.models import SessionReport, WritingSession
session = WritingSession.objects.filter(letters__gt=0).order_by("starts_at").first()
link = reporting.create_link(hub=session.hub, campaign=session.campaign, session=session,
    expires_at=timezone.now() + datetime.timedelta(days=30), label="Groupe Amnesty")
reporting.submit(SessionReport(link=link, letters=session.letters + 12, drawings=4,
    note="Merci pour le matériel !"))
password = secrets.token_urlsafe(16)
get_user_model().objects.create_superuser("screenshots", "screenshots@example.org", password)
print("REPORTING", reporting.link_path(link), link.pk, password)
"""


def shoot_reporting(browser, base, manage, cwd, env):
    """The organiser's form on a phone, the link's admin page, the reports to confirm."""
    out = subprocess.run(
        [*manage, "shell", "-c", REPORTING_SETUP],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("REPORTING "))
    _, form_path, link_pk, password = line.split(" ")
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-BE")
    page = context.new_page()
    page.goto(base + form_path + "?lang=fr")
    page.screenshot(path=str(OUT / "reporting-form-320.png"), full_page=True)
    context.close()
    print("wrote docs/_static/reporting-form-320.png")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "screenshots")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for name, path in (
        ("reporting-link-admin.png", f"/admin/villeslumieres/reporting-links/{link_pk}/"),
        ("reporting-reports-admin.png", "/admin/villeslumieres/session-reports/"),
    ):
        page.goto(base + path)
        page.screenshot(path=str(OUT / name), full_page=False)
        print(f"wrote docs/_static/{name}")
    context.close()


# The demo's admin user (home/demo/site.py).
DEMO_ADMIN = ("admin", "villeslumieres")


def admin_embed_code_shot(browser, base):
    """The campaign's "Embed the counter on another website" panel: codes and preview."""
    # Tall enough for the whole section: the admin scrolls inside its own container,
    # which an element screenshot does not scroll.
    context = browser.new_context(viewport={"width": 1280, "height": 2400}, locale="fr-BE")
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", DEMO_ADMIN[0])
    page.fill("input[name=password]", DEMO_ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(base + "/admin/snippets/wagtail_villeslumieres/lettercampaign/")
    page.locator("main table a[href*='/edit/']").first.click()
    section = page.locator("section.w-mb-8", has=page.locator("iframe[src*='style=progress']"))
    section.frame_locator("iframe").locator("[data-vl-number]").wait_for()
    # The admin's sticky header and save bar would cover part of a tall section.
    page.evaluate(
        "() => { for (const e of document.querySelectorAll('body *')) {"
        " const p = getComputedStyle(e).position;"
        " if (p === 'fixed' || p === 'sticky') e.style.visibility = 'hidden'; } }"
    )
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(OUT / "embed-admin-panel.png"))
    context.close()
    print("wrote docs/_static/embed-admin-panel.png")


def wordpress_shots(browser, base, page_urls):
    """The hub page's address pasted into a WordPress post, on a desktop and a 360 px phone."""
    sys.path.insert(0, str(ROOT))
    from tests.interop import wordpress

    try:
        wordpress.check_available()
    except wordpress.Unavailable as error:
        print(f"skipped the WordPress screenshots: {error}")
        return
    site = wordpress.start(Path(tempfile.mkdtemp(prefix="vl-wordpress-")))
    try:
        content = (
            "Nos élèves écrivent pour les droits humains pendant le Marathon des lettres.\n\n"
            f"{base}{page_urls['HubPage']}\n\nMerci à toutes et à tous !"
        )
        post = site.create_post("Le compteur de lettres de Walcourt", content)["url"]
        for name, viewport in (
            ("embed-wordpress.png", {"width": 1280, "height": 800}),
            ("embed-wordpress-360.png", {"width": 360, "height": 740}),
        ):
            context = browser.new_context(viewport=viewport, locale="fr-BE")
            page = context.new_page()
            page.goto(post, wait_until="load")
            # wp-embed.js shows the frame (drops its clip style) once it has its height.
            page.wait_for_function(
                "() => { const f = document.querySelector('iframe.wp-embedded-content');"
                " return f && !f.hasAttribute('style'); }"
            )
            page.locator("iframe.wp-embedded-content").scroll_into_view_if_needed()
            page.evaluate("() => window.scrollBy(0, -160)")
            page.screenshot(path=str(OUT / name))
            context.close()
            print(f"wrote docs/_static/{name}")
    finally:
        wordpress.stop(site)


if __name__ == "__main__":
    main()
