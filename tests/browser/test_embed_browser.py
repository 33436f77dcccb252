"""The embedded counter in Chromium, on a page of another origin, as a site owner pastes it."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings
from wagtail.models import Locale

from tests.browser.conftest import (
    SCREENSHOTS,
    assert_fits_width,
    assert_no_axe_violations,
    screenshot,
)
from tests.factories import make_campaign, make_session
from wagtail_villeslumieres.counter.embed_code import embed_code

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH_SECONDS = 1


def digits(text):
    return re.sub(r"\D", "", text)


@pytest.fixture
def campaign(home):
    return make_campaign(locale=Locale.objects.get(language_code="fr"))


@pytest.fixture
def fast_refresh(settings):
    settings.WAGTAIL_VILLESLUMIERES = {
        **django_settings.WAGTAIL_VILLESLUMIERES,
        "EMBED_REFRESH_INTERVAL": REFRESH_SECONDS,
        "COUNTER_MAX_AGE": 1,
    }


def serve_host_page(html):
    """Serve ``html`` from a second origin (127.0.0.1 on a free port); returns (url, stop)."""
    body = html.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}/", stop


def host_page(code):
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>École du Centre</title></head><body><main><h1>École du Centre</h1>"
        "<p>Nos élèves écrivent pour les droits humains.</p>"
        f"{code}</main></body></html>"
    )


@pytest.fixture
def pasted(live_server, campaign):
    """The host page of another origin, with the code the campaign's edit view gives."""
    code = embed_code(live_server.url, campaign.slug, "progress", "fr", campaign.name)
    url, stop = serve_host_page(host_page(code["loader"]))
    yield url
    stop()


def test_pasted_code_shows_the_number_fits_its_height_and_refreshes_live(
    page, live_server, campaign, hub, fast_refresh, pasted
):
    make_session(campaign, hub, letters=3712)
    page.goto(pasted)
    frame = page.frame_locator("iframe[data-vl-embed]")
    assert digits(frame.locator("[data-vl-number]").inner_text()) == "3712"

    # The loader fits the frame to its content (the pasted code says 250).
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe[data-vl-embed]');"
        " return f.height !== '250' && Number(f.height) > 100; }"
    )
    content_height = frame.locator("html").evaluate(
        "html => Math.ceil(html.getBoundingClientRect().height)"
    )
    frame_height = page.locator("iframe[data-vl-embed]").get_attribute("height")
    assert abs(int(frame_height) - content_height) <= 2

    server_rendered = frame.locator("[data-vl-number]").inner_text()
    make_session(campaign, hub, day=11, letters=88)
    frame.locator("[data-vl-number]").filter(has_text=re.compile(r"3\D?800")).wait_for(
        timeout=(REFRESH_SECONDS * 3 + 2) * 1000
    )
    # The script writes numbers as the server does (same thousands separator).
    refreshed = frame.locator("[data-vl-number]").inner_text()
    assert refreshed == server_rendered.replace("712", "800")
    # Announced politely to screen readers, without reloading the host page.
    assert digits(frame.locator("[data-vl-status]").inner_text()) == "3800"
    assert page.url == pasted
    screenshot(page, "embed-on-another-site")

    assert page.console_errors == []
    assert page.context.cookies([live_server.url, pasted]) == []


def test_pasted_code_shows_its_link_when_the_counters_site_is_unreachable(page, campaign):
    code = embed_code("http://127.0.0.1:9", campaign.slug, "progress", "fr", campaign.name)
    url, stop = serve_host_page(host_page(code["loader"]))
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        link = page.locator("a[data-vl-embed]")
        assert link.is_visible()
        assert link.get_attribute("href").startswith("http://127.0.0.1:9/villeslumieres/embed/")
        assert page.locator("iframe").count() == 0
    finally:
        stop()


def test_pasted_code_shows_the_number_without_javascript(
    browser, live_server, campaign, hub, pasted
):
    make_session(campaign, hub, letters=3712)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(pasted)
    frame = page.frame_locator("iframe[data-vl-embed]")
    assert digits(frame.locator("[data-vl-number]").inner_text()) == "3712"
    assert frame.locator("progress").get_attribute("value") == "3700"
    context.close()


def test_embed_fits_a_320px_wide_frame(phone_page, live_server, campaign, hub):
    make_session(campaign, hub, letters=3712, drawings=700, messages=12)
    phone_page.goto(
        f"{live_server.url}/villeslumieres/embed/counter/{campaign.slug}/?style=breakdown"
    )
    assert_fits_width(phone_page)


@pytest.mark.parametrize("style", ["number", "progress", "breakdown"])
def test_embed_has_no_axe_violations_in_any_language_or_theme(
    page, live_server, campaign, hub, style
):
    make_session(campaign, hub, letters=1234, drawings=56)
    for language in ("fr", "nl", "de", "en"):
        for theme in ("light", "dark"):
            page.goto(
                f"{live_server.url}/villeslumieres/embed/counter/{campaign.slug}/"
                f"?lang={language}&theme={theme}&style={style}"
            )
            assert page.locator("html").get_attribute("lang") == language
            assert_no_axe_violations(page)


def test_campaign_edit_view_shows_copyable_code_and_a_live_preview(
    browser, live_server, campaign, hub, client, django_user_model
):
    make_session(campaign, hub, letters=3712, drawings=700)
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-BE")
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(
        f"{live_server.url}/admin/snippets/wagtail_villeslumieres/lettercampaign/edit/{campaign.pk}/"
    )
    codes = page.locator("textarea[data-w-clipboard-target]")
    assert codes.first.input_value().startswith(live_server.url + "/villeslumieres/embed/")
    assert "data-vl-embed" in codes.nth(1).input_value()
    preview = page.frame_locator("iframe[src*='style=progress']").first
    assert digits(preview.locator("[data-vl-number]").inner_text()) == "4412"
    section = page.locator("section.w-mb-8", has=page.locator("iframe[src*='style=progress']"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOTS / "embed-admin-panel.png"))
    context.close()


WORDPRESS_HOST = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Blog</title></head><body><main><h1>Blog</h1>
<blockquote data-secret="Ab12Cd34Ef"><a href="{url}">Compteur</a></blockquote>
<iframe sandbox="allow-scripts" security="restricted" src="{url}#?secret=Ab12Cd34Ef"
 data-secret="Ab12Cd34Ef" title="Compteur" width="480" height="200"></iframe>
<script>
window.received = [];
window.addEventListener("message", function (event) {{
  var frame = document.querySelector("iframe[data-secret]");
  if (event.source === frame.contentWindow && event.data && event.data.secret) {{
    window.received.push(event.data);
  }}
}});
</script></main></body></html>"""


def test_embed_speaks_wordpress_height_protocol_in_a_sandboxed_frame(
    page, live_server, campaign, hub, fast_refresh
):
    make_session(campaign, hub, letters=120)
    url = f"{live_server.url}/villeslumieres/embed/counter/{campaign.slug}/?style=progress"
    host, stop = serve_host_page(WORDPRESS_HOST.format(url=url))
    try:
        page.goto(host)
        page.wait_for_function("() => window.received.length > 0")
        message = page.evaluate("() => window.received[0]")
        assert message["message"] == "height"
        assert message["secret"] == "Ab12Cd34Ef"
        assert message["value"] > 50
        # With an opaque origin, the frame still refreshes from the JSON (CORS: any origin).
        make_session(campaign, hub, day=11, letters=5)
        frame = page.frame_locator("iframe[data-secret]")
        frame.locator("[data-vl-number]").filter(has_text="125").wait_for(
            timeout=(REFRESH_SECONDS * 3 + 2) * 1000
        )
        assert page.console_errors == []
    finally:
        stop()
