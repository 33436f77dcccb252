"""The demo on any host and port: ``make demo HOST=… PORT=…``.

The settings read ``DEMO_HOST`` and ``DEMO_PORT``; the admin's base URL, the
trusted origins and the Sites ``load_demo`` makes follow them, so no page links to
an address the demo is not served on.
"""

import importlib
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db

PORT = 8123
BASE_URL = f"http://127.0.0.1:{PORT}"
#: Any address of this machine with its port (none for the default port 80).
LOCAL_ADDRESS = re.compile(r"https?://(?:127\.0\.0\.1|localhost|[a-z0-9-]+\.localhost)(:\d+)?")
#: Pages crawled at most: the demo has a few dozen.
MAX_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)


def links_of(html):
    parser = Links()
    parser.feed(html)
    return parser.found


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def crawl(client, start_urls):
    """``{url: html}`` of every page reachable from ``start_urls`` on this machine's Sites."""
    hosts = {f"{site.hostname}:{site.port}" for site in Site.objects.all()}
    seen, queue, pages = set(), list(start_urls), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        if url in seen or parts.netloc not in hosts:
            continue
        seen.add(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, HTTP_HOST=parts.netloc)
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        for link in links_of(html):
            target = urljoin(url, link).split("#")[0]
            if target.startswith("http") and "/admin/" not in target:
                queue.append(target)
    return pages


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_no_demo_page_links_to_another_port_than_the_one_it_is_served_on(client):
    load_demo()
    starts = [site.root_url + "/" for site in Site.objects.all()]
    pages = crawl(client, starts)
    assert len(pages) > 20
    wrong = sorted(
        {
            (url, match.group(0))
            for url, html in pages.items()
            for match in LOCAL_ADDRESS.finditer(html)
            if match.group(1) != f":{PORT}"
        }
    )
    assert wrong == []


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_every_demo_site_is_served_on_the_demo_port():
    load_demo()
    assert {site.port for site in Site.objects.all()} == {PORT}


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_the_hub_links_to_its_agenda_relatively(client):
    from wagtail_villeslumieres.models import HubPage

    load_demo()
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    html = client.get(hub.get_url_parts()[2], HTTP_HOST=f"127.0.0.1:{PORT}").content.decode()
    relative = hub.get_url_parts()[2] + hub.reverse_subpage("agenda")
    assert f'href="{relative}"' in html


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_load_demo_prints_the_hub_the_admin_and_the_embed_where_they_answer(client):
    output = load_demo()
    urls = dict(re.findall(r"^(Hub|Admin|Embed):\s+(\S+)", output, re.MULTILINE))
    assert set(urls) == {"Hub", "Admin", "Embed"}
    assert urls["Admin"] == f"{BASE_URL}/admin/"
    for url in (urls["Hub"], urls["Embed"]):
        parts = urlsplit(url)
        assert parts.port == PORT
        response = client.get(f"{parts.path}?{parts.query}", HTTP_HOST=parts.netloc)
        assert response.status_code == 200, url


def test_the_demo_settings_follow_the_host_and_port_make_demo_passes(monkeypatch):
    import villeslumieres_demo.settings as demo

    monkeypatch.setenv("DEMO_HOST", "192.0.2.7")
    monkeypatch.setenv("DEMO_PORT", str(PORT))
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    monkeypatch.delenv("DJANGO_ALLOWED_HOSTS", raising=False)
    try:
        reloaded = importlib.reload(demo)
        origin = f"http://192.0.2.7:{PORT}"
        base_url = reloaded.WAGTAILADMIN_BASE_URL
        assert base_url == origin
        assert origin in reloaded.CSRF_TRUSTED_ORIGINS
        assert f"http://ixelles.localhost:{PORT}" in reloaded.CSRF_TRUSTED_ORIGINS
        assert all(origin.endswith(f":{PORT}") for origin in reloaded.CSRF_TRUSTED_ORIGINS)
        assert "192.0.2.7" in reloaded.ALLOWED_HOSTS
    finally:
        monkeypatch.undo()
        importlib.reload(demo)
