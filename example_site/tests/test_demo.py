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


def account_form_data(response):
    """What the admin's account page posts back unchanged: every panel's form values."""
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            for field in panel.get_form():
                value = field.value()
                is_file = getattr(field.field.widget, "input_type", "") == "file"
                if value not in (None, "") and not is_file:
                    data[field.html_name] = value
    return data


def test_the_demo_admin_can_switch_the_admin_to_french(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    from home.demo.site import ADMIN_PASSWORD, ADMIN_USERNAME

    load_demo()
    client.login(username=ADMIN_USERNAME, password=ADMIN_PASSWORD)
    page = client.get(reverse("wagtailadmin_account"))
    data = {**account_form_data(page), "locale-preferred_language": "fr"}

    response = client.post(reverse("wagtailadmin_account"), data)

    assert response.status_code == 302
    user = get_user_model().objects.get(username=ADMIN_USERNAME)
    assert (user.first_name, user.last_name) != ("", "")
    assert UserProfile.get_for_user(user).preferred_language == "fr"


def test_the_demo_has_one_current_campaign():
    from wagtail_villeslumieres.models import LetterCampaign

    load_demo()
    current = LetterCampaign.objects.filter(is_active=True)
    assert current.values("translation_key").distinct().count() == 1
    assert not current.filter(slug="marathon-2016").exists()
