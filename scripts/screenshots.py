"""Refresh the screenshots in docs/_static/ from the demo site: ``make screenshots``.

Builds the demo in a throw-away SQLite database, serves it with Django's
development server on a free port of 127.0.0.1, and photographs each page with
the system Chromium (``CHROMIUM_PATH``, default /usr/bin/chromium) through
Playwright. Add a page to SHOTS to document it.
"""

import datetime
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


# The demo's admin (example_site/home/demo/site.py), for the editor guides' admin screens.
ADMIN_USERNAME, ADMIN_PASSWORD = "admin", "villeslumieres"


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
            admin_shots(browser, base)
            browser.close()
    finally:
        server.terminate()
        server.wait()


def admin_shots(browser, base):
    """The admin screens of the editor guides (docs/editors/), signed in as the demo's admin."""
    for locale, shots in (
        ("en-GB", (shot_session_form, shot_record_sessions, shot_import_preview)),
        # The admin speaks the browser's language when the account has none chosen.
        ("fr-BE", (shot_dashboard_in_french,)),
    ):
        # Wide enough for the table of sessions' columns.
        context = browser.new_context(viewport={"width": 1600, "height": 900}, locale=locale)
        page = context.new_page()
        page.goto(base + "/admin/login/")
        page.fill("#id_username", ADMIN_USERNAME)
        page.fill("#id_password", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        for shot in shots:
            name = shot(page, base)
            print(f"wrote docs/_static/{name}")
        context.close()


def _campaign_day():
    """A day of the demo's current campaign (this season's, as ``load_agenda`` makes it)."""
    today = datetime.date.today()
    year = today.year + 1 if today >= datetime.date(today.year, 12, 16) else today.year
    return f"{year}-12-09"


def shot_session_form(page, base):
    page.goto(base + "/admin/snippets/wagtail_villeslumieres/writingsession/add/")
    page.select_option("#id_hub", label="Walcourt, Ville lumières")
    page.fill("#id_place_name", "Bibliothèque communale de Walcourt")
    page.fill("#id_starts_at", f"{_campaign_day()}T14:00")
    page.fill("#id_ends_at", f"{_campaign_day()}T16:00")
    page.fill("#id_letters", "38")
    page.fill("#id_drawings", "6")
    page.screenshot(path=str(OUT / "admin-session-form.png"))
    return "admin-session-form.png"


def shot_record_sessions(page, base):
    page.goto(base + "/admin/villeslumieres/sessions/record/")
    page.select_option("#id_hub", label="Walcourt, Ville lumières")
    rows = [
        ("École communale de Fraire", "09:00", "10:30", "4", "35"),
        ("École communale de Laneffe", "11:00", "12:00", "2", "28"),
        ("École du Centre", "13:30", "15:00", "12", "41"),
    ]
    for number, (place, start, end, letters, drawings) in enumerate(rows):
        page.fill(f"#id_rows-{number}-place_name", place)
        page.fill(f"#id_rows-{number}-day", _campaign_day())
        page.fill(f"#id_rows-{number}-start", start)
        page.fill(f"#id_rows-{number}-end", end)
        page.fill(f"#id_rows-{number}-letters", letters)
        page.fill(f"#id_rows-{number}-drawings", drawings)
    page.screenshot(path=str(OUT / "admin-record-sessions.png"), full_page=True)
    return "admin-record-sessions.png"


def shot_import_preview(page, base):
    day = _campaign_day()
    lines = ["Place,Date,Starts at,Ends at,Letters,Children's drawings"]
    lines += [f"École {n},{day},09:00,10:30,{n * 3},{n}" for n in range(1, 9)]
    lines.insert(5, f"École du Centre,{day},15:00,14:00,8,2")  # ends before it starts
    page.goto(base + "/admin/villeslumieres/sessions/import/")
    page.select_option("#id_hub", label="Walcourt, Ville lumières")
    upload = {"name": "sessions.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}
    page.set_input_files("#id_file", files=[upload])
    page.get_by_role("button", name="Check the rows").last.click()
    page.wait_for_load_state()
    page.screenshot(path=str(OUT / "admin-import-preview.png"), full_page=True)
    return "admin-import-preview.png"


def shot_dashboard_in_french(page, base):
    page.goto(base + "/admin/")
    page.screenshot(path=str(OUT / "admin-dashboard-fr.png"))
    return "admin-dashboard-fr.png"


if __name__ == "__main__":
    main()
