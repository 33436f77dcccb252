"""The demo's own pages: the home page, its 404 and 500 pages in four languages, its
favicon, and DEBUG off unless asked for."""

import importlib
import io
import os

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from wagtail_villeslumieres.models import HubPage

pytestmark = pytest.mark.django_db

NOT_FOUND = {
    "en": "Page not found",
    "fr": "Page introuvable",
    "nl": "Pagina niet gevonden",
    "de": "Seite nicht gefunden",
}
SERVER_ERROR = {
    "en": "Server error",
    "fr": "Erreur du serveur",
    "nl": "Serverfout",
    "de": "Serverfehler",
}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("language", NOT_FOUND)
def test_an_unknown_address_answers_the_demos_404_page_in_its_language(client, demo, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{NOT_FOUND[language]}</h1>" in html
    assert 'class="demo-header"' in html
    assert "Traceback" not in html


@pytest.mark.parametrize("language", SERVER_ERROR)
def test_the_500_page_is_the_demos_in_the_language_of_the_request(language):
    with translation.override(language):
        response = server_error(RequestFactory().get(f"/{language}/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{SERVER_ERROR[language]}</h1>" in html
    assert "demo.css" in html


def test_favicon_ico_leads_to_the_demos_icon_which_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.svg")


def test_every_demo_page_links_its_icon(client, demo):
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    html = client.get(hub.get_url_parts()[2]).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_the_home_page_leads_to_the_hub_its_agenda_and_shows_the_counter(client, demo):
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    html = client.get("/", follow=True).content.decode()
    path = hub.get_url_parts()[2]
    assert f'href="{path}"' in html
    assert f'href="{path}agenda/"' in html
    assert "vl-counter" in html
    assert "province de Namur" in html


def test_the_demo_runs_without_debug_unless_asked(monkeypatch):
    import villeslumieres_demo.settings as demo_settings

    try:
        monkeypatch.delenv("DJANGO_DEBUG", raising=False)
        assert importlib.reload(demo_settings).DEBUG is False
        monkeypatch.setenv("DJANGO_DEBUG", "1")
        assert importlib.reload(demo_settings).DEBUG is True
    finally:
        monkeypatch.undo()
        importlib.reload(demo_settings)


def test_the_demo_serves_its_uploaded_images_without_debug(client, settings):
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    # Named after this process: another run of the suite may share the folder.
    served = media / f"served-without-debug-{os.getpid()}.png"
    served.write_bytes(b"\x89PNG\r\n\x1a\n")
    try:
        assert not settings.DEBUG
        assert client.get(f"/media/{served.name}").status_code == 200
    finally:
        served.unlink()
