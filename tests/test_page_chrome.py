"""What frames every page: a title that names the page once, and a way back to the hub."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Site

from tests.factories import make_individual
from tests.helpers import requires_i18n

pytestmark = pytest.mark.django_db

PACKAGE_BASE = {"BASE_TEMPLATE": "wagtail_villeslumieres/base.html"}


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)


@override_settings(WAGTAIL_VILLESLUMIERES=PACKAGE_BASE)
def test_the_hub_title_is_not_repeated_when_the_site_has_the_hubs_name(client, hub):
    Site.objects.filter(is_default_site=True).update(site_name=hub.title)
    html = client.get(hub.url).content.decode()
    assert title_of(html) == "Walcourt, Ville lumières"


@override_settings(WAGTAIL_VILLESLUMIERES=PACKAGE_BASE)
def test_a_page_title_is_followed_by_the_sites_name_when_they_differ(client, hub):
    Site.objects.filter(is_default_site=True).update(site_name="Commune de Walcourt")
    html = client.get(hub.url).content.decode()
    assert title_of(html) == "Walcourt, Ville lumières – Commune de Walcourt"


@requires_i18n
def test_the_individuals_page_has_a_breadcrumb_back_to_the_hub(client, hub):
    individual = make_individual(hub)
    html = client.get(individual.url).content.decode()
    nav = re.search(r'<nav class="vl-breadcrumb[^"]*" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert nav.group(1) == "Fil d’Ariane"
    assert f'<a href="{hub.get_url_parts()[2]}">{hub.title}</a>' in nav.group(2)
    assert '<span aria-current="page">Phyoe Phyoe Aung</span>' in nav.group(2)
