"""Draw every image the documentation uses, from the demo: ``make screenshots``.

Builds the demo in a throw-away SQLite database (``load_demo``, dated from today),
serves it with Django's development server on a fixed address (``HOST``:``PORT``,
so the embed code the admin shows is the same from one run to the next), and
photographs public pages and the admin with the system Chromium
(``CHROMIUM_PATH``, default /usr/bin/chromium) through Playwright.

Each image is drawn by one function taking ``(browser, demo)`` and listed in
``SHOTS``: to document a new page, add a function and its line there. ``demo``
knows the server's base URL, the path of the first page of each type, and logs a
browser page into the admin. Every image in ``docs/_static`` comes from here, and
every one is referenced by the docs (``tests/test_docs_images.py``).
"""

import contextlib
import datetime
import os
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
#: The fixed address the demo is served on while drawing.
HOST = "127.0.0.1"
PORT = 8765
ADMIN_USERNAME, ADMIN_PASSWORD = "admin", "villeslumieres"  # home/demo/site.py


class Demo:
    """The running demo: its base URL and the path of the first page of each type."""

    def __init__(self, base, paths, manage, cwd, env):
        self.base = base
        self.paths = paths
        self._command = (manage, cwd, env)

    def shell(self, code):
        """Run ``code`` with ``manage.py shell`` in the demo's database; its output."""
        manage, cwd, env = self._command
        return subprocess.run(
            [*manage, "shell", "-c", code],
            cwd=cwd,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def url(self, kind, suffix="", slug=None):
        """The full URL of the first ``kind`` page (its ``slug`` if given), plus ``suffix``."""
        key = f"{kind}:{slug}" if slug else kind
        return self.base + self.paths[key] + suffix

    def log_in(self, page):
        """Log ``page`` into the Wagtail admin as the demo's administrator."""
        page.goto(self.base + "/admin/login/")
        page.fill("input[name=username]", ADMIN_USERNAME)
        page.fill("input[name=password]", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(self.base + "/admin/")


def save(target, name, **options):
    """Screenshot ``target`` (a page or a locator) as docs/_static/``name``."""
    target.screenshot(path=str(OUT / name), **options)
    print(f"wrote docs/_static/{name}")


@contextlib.contextmanager
def new_page(browser, width, height=900, locale="fr-BE"):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    try:
        yield context.new_page()
    finally:
        context.close()


# Public pages


def hub_pages(browser, demo):
    """README and the editors' hub guide: the hub, wide and on a 320 px phone."""
    with new_page(browser, 1280) as page:
        page.goto(demo.url("HubPage"))
        save(page, "demo-hub.png")
    with new_page(browser, 320) as page:
        page.goto(demo.url("HubPage"))
        save(page, "demo-hub-320.png", full_page=True)


def individual_page(browser, demo):
    """The editors' adopted individual guide: the example case, its appeal open."""
    with new_page(browser, 320) as page:
        page.goto(demo.url("AdoptedIndividualPage", slug="nour-exemple"))
        save(page, "individual-320.png", full_page=True)


def commitments_page(browser, demo):
    """The editors' commitments guide: the commitment index."""
    with new_page(browser, 1280) as page:
        page.goto(demo.url("CommitmentIndexPage"))
        save(page, "commitments.png")


def wordpress_post(browser, demo):
    """The embedding guide: the hub page's address pasted into a real WordPress post.

    Debian's WordPress on PHP's built-in server (``tests/interop/wordpress.py``);
    skipped, with the reason, where it is not installed.
    """
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
            f"{demo.url('HubPage')}\n\nMerci à toutes et à tous !"
        )
        post = site.create_post("Le compteur de lettres de Walcourt", content)["url"]
        for name, width, height in (
            ("embed-wordpress.png", 1280, 800),
            ("embed-wordpress-360.png", 360, 740),
        ):
            with new_page(browser, width, height) as page:
                page.goto(post, wait_until="load")
                # wp-embed.js shows the frame (drops its clip style) once it has its height.
                page.wait_for_function(
                    "() => { const f = document.querySelector('iframe.wp-embedded-content');"
                    " return f && !f.hasAttribute('style'); }"
                )
                page.locator("iframe.wp-embedded-content").scroll_into_view_if_needed()
                page.evaluate("() => window.scrollBy(0, -160)")
                save(page, name)
    finally:
        wordpress.stop(site)


def network_page(browser, demo):
    """The national counter how-to: the section's network page, once pulled."""
    demo.shell("from django.core.management import call_command\ncall_command('pull_network')")
    with new_page(browser, 1280, 1400) as page:
        # The demo's third Site (home/demo/network.py); Chromium resolves *.localhost locally.
        page.goto(f"http://section.localhost:{PORT}/fr/villes-lumieres/")
        save(page, "network-page.png", full_page=True)


# The admin


def admin_embed_panel(browser, demo):
    """The embedding guide: the embed code and preview in the campaign's edit view."""
    # Tall enough that the admin's sticky header and footer stay clear of the panel.
    with new_page(browser, 1280, 3000) as page:
        demo.log_in(page)
        page.goto(demo.base + "/admin/snippets/wagtail_villeslumieres/lettercampaign/")
        campaign = f"Marathon des lettres {time.localtime().tm_year}"
        page.get_by_role("link", name=campaign).first.click()
        preview = page.locator("iframe[src*='style=progress']").first
        preview.wait_for()
        section = page.locator("section.w-mb-8", has=preview)
        save(section, "embed-admin-panel.png")


def campaign_day():
    """A day of the demo's current campaign: ``load_demo`` makes it run around today."""
    return datetime.date.today().isoformat()


def admin_session_form(browser, demo):
    """The letter counter guide: recording a writing session, on a phone."""
    # The admin in English, as the guides name its buttons.
    with new_page(browser, 390, 844, locale="en-GB") as page:
        demo.log_in(page)
        page.goto(demo.base + "/admin/snippets/wagtail_villeslumieres/writingsession/add/")
        page.select_option("#id_hub", label="Walcourt, Ville lumières")
        page.fill("#id_place_name", "Bibliothèque communale de Walcourt")
        page.fill("#id_starts_at", f"{campaign_day()}T14:00")
        page.fill("#id_ends_at", f"{campaign_day()}T16:00")
        page.fill("#id_letters", "38")
        page.fill("#id_drawings", "6")
        save(page, "admin-session-form.png", full_page=True)


def admin_record_sessions(browser, demo):
    """The letter counter guide: several sessions in one table."""
    # Wide enough for the table's columns.
    with new_page(browser, 1600, locale="en-GB") as page:
        demo.log_in(page)
        page.goto(demo.base + "/admin/villeslumieres/sessions/record/")
        page.select_option("#id_hub", label="Walcourt, Ville lumières")
        rows = [
            ("École communale de Fraire", "09:00", "10:30", "4", "35"),
            ("École communale de Laneffe", "11:00", "12:00", "2", "28"),
            ("École du Centre", "13:30", "15:00", "12", "41"),
        ]
        for number, (place, start, end, letters, drawings) in enumerate(rows):
            page.fill(f"#id_rows-{number}-place_name", place)
            page.fill(f"#id_rows-{number}-day", campaign_day())
            page.fill(f"#id_rows-{number}-start", start)
            page.fill(f"#id_rows-{number}-end", end)
            page.fill(f"#id_rows-{number}-letters", letters)
            page.fill(f"#id_rows-{number}-drawings", drawings)
        save(page, "admin-record-sessions.png", full_page=True)


def admin_import_preview(browser, demo):
    """The letter counter guide: an imported file with a mistake on one row."""
    day = campaign_day()
    lines = ["Place,Date,Starts at,Ends at,Letters,Children's drawings"]
    lines += [f"École {n},{day},09:00,10:30,{n * 3},{n}" for n in range(1, 9)]
    lines.insert(5, f"École du Centre,{day},15:00,14:00,8,2")  # ends before it starts
    with new_page(browser, 1600, locale="en-GB") as page:
        demo.log_in(page)
        page.goto(demo.base + "/admin/villeslumieres/sessions/import/")
        page.select_option("#id_hub", label="Walcourt, Ville lumières")
        upload = {
            "name": "sessions.csv",
            "mimeType": "text/csv",
            "buffer": "\n".join(lines).encode(),
        }
        page.set_input_files("#id_file", files=[upload])
        page.get_by_role("button", name="Check the rows").last.click()
        page.wait_for_load_state()
        save(page, "admin-import-preview.png", full_page=True)


def admin_dashboard(browser, demo):
    """The letter counter guide: the dashboard's letter counter panel."""
    with new_page(browser, 1280, locale="en-GB") as page:
        demo.log_in(page)
        save(page, "admin-dashboard.png")


def admin_dashboard_in_french(browser, demo):
    """The drafts guide: the admin in French (it speaks the browser's language)."""
    with new_page(browser, 1600) as page:
        demo.log_in(page)
        save(page, "admin-dashboard-fr.png")


#: The demo's reporting link (``home/demo/reporting.py``), with its report waiting.
REPORTING_LINK = """
from home.demo.reporting import LABEL
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.models import ReportingLink
link = ReportingLink.objects.get(label=LABEL)
print("REPORTING", reporting.link_path(link), link.pk)
"""


def reporting_shots(browser, demo):
    """The organisers' guide: the report form on a phone, the link's page, the reports."""
    line = next(
        line for line in demo.shell(REPORTING_LINK).splitlines() if line.startswith("REPORTING ")
    )
    _, form_path, link_pk = line.split(" ")
    with new_page(browser, 320, 640) as page:
        page.goto(demo.base + form_path + "?lang=fr")
        save(page, "reporting-form-320.png", full_page=True)
    with new_page(browser, 1280) as page:
        demo.log_in(page)
        for name, path in (
            ("reporting-link-admin.png", f"/admin/villeslumieres/reporting-links/{link_pk}/"),
            ("reporting-reports-admin.png", "/admin/villeslumieres/session-reports/"),
        ):
            page.goto(demo.base + path)
            save(page, name)


SHOTS = [
    hub_pages,
    individual_page,
    commitments_page,
    wordpress_post,
    network_page,
    admin_embed_panel,
    admin_session_form,
    admin_record_sessions,
    admin_import_preview,
    admin_dashboard,
    admin_dashboard_in_french,
    reporting_shots,
]


# The demo


def demo_paths(manage, cwd, env):
    """``{type name: path, "type name:slug": path}`` of the demo's live pages."""
    output = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from wagtail.models import Page\n"
            # The path only: the demo holds several Sites, whose URLs carry their host.
            "for p in Page.objects.live().specific().order_by('path'):\n"
            "    parts = p.get_url_parts()\n"
            "    if parts and parts[1].startswith('http://127.0.0.1'):\n"
            "        print('URL', type(p).__name__, p.slug, parts[2])",
        ],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    paths = {}
    for line in output.splitlines():
        if line.startswith("URL "):
            _, kind, slug, path = line.split(" ", 3)
            paths.setdefault(kind, path)
            paths.setdefault(f"{kind}:{slug}", path)
    return paths


@contextlib.contextmanager
def running_demo():
    workdir = Path(tempfile.mkdtemp(prefix="vl-screenshots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "CACHE_DIR": str(workdir / "cache"),
        "DJANGO_SETTINGS_MODULE": "villeslumieres_demo.settings",
        "DEMO_HOST": HOST,
        "DEMO_PORT": str(PORT),
    }
    env.pop("WAGTAILADMIN_BASE_URL", None)
    manage = [sys.executable, "manage.py"]
    cwd = ROOT / "example_site"
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=cwd, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=cwd, env=env, check=True)
    paths = demo_paths(manage, cwd, env)
    server = subprocess.Popen(
        [*manage, "runserver", "--insecure", "--noreload", f"{HOST}:{PORT}"], cwd=cwd, env=env
    )
    base = f"http://{HOST}:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 (our own server)
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"the demo could not start on {base} (is the port in use?)")
                time.sleep(0.2)
        yield Demo(base, paths, manage, cwd, env)
    finally:
        server.terminate()
        server.wait()


def main():
    with running_demo() as demo, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for shot in SHOTS:
                shot(browser, demo)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
