"""The example site's demo content: a real-looking commune, loaded by one idempotent command."""

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Site

from wagtail_villeslumieres.models import HubPage

pytestmark = pytest.mark.django_db

COUNTED_APPS = ["wagtail_villeslumieres", "home", "wagtailcore", "wagtailimages", "auth"]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_makes_walcourt_the_site_with_its_2016_label():
    load_demo()
    site = Site.objects.get(is_default_site=True)
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    assert hub.get_parent().pk == site.root_page_id
    assert hub.holder_name == "Walcourt"
    assert [award.year for award in hub.awards.all()] == [2016]


def test_running_the_demo_twice_changes_nothing():
    load_demo()
    before = row_counts()
    load_demo()
    assert row_counts() == before


def test_demo_home_and_hub_are_served(client):
    load_demo()
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    home = client.get("/", follow=True)
    assert home.status_code == 200
    assert hub.title in home.content.decode()
    response = client.get(hub.url)
    assert response.status_code == 200
    assert "Groupe Amnesty de Walcourt" in response.content.decode()


def test_demo_admin_login_works(client):
    from home.demo.site import ADMIN_PASSWORD, ADMIN_USERNAME

    load_demo()
    assert client.login(username=ADMIN_USERNAME, password=ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_the_walcourt_hub_gives_its_town_halls_address(client):
    load_demo()
    hub = HubPage.objects.live().get(holder_name="Walcourt")
    assert hub.address == "Place de l'Hôtel de Ville 3-5, 5650 Walcourt"
    assert hub.country == "BE"
    response = client.get(hub.url, HTTP_HOST="127.0.0.1")
    assert "<address>" in response.content.decode()
