"""Refresh the screenshots in docs/_static/ from the demo site: ``make screenshots``.

Builds the demo in a throw-away SQLite database, serves it with Django's
development server on a free port of 127.0.0.1, and photographs each page with
the system Chromium (``CHROMIUM_PATH``, default /usr/bin/chromium) through
Playwright. Add a page to SHOTS to document it.
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
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
