"""The demo's national counter: the section's Site, its network and members, pulled over HTTP."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from wagtail_villeslumieres.models import HubPage, NetworkMember, NetworkPage

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def test_the_section_has_its_own_site_with_the_national_network():
    load_demo()
    site = Site.objects.get(hostname="section.localhost")
    network = NetworkPage.objects.get()
    assert network.get_parent().pk == site.root_page_id
    assert network.live


def test_walcourt_and_ixelles_are_active_members_pulled_over_http():
    load_demo()
    active = NetworkMember.objects.filter(status="active").order_by("name")
    assert [member.name for member in active] == ["Ixelles", "Walcourt"]
    assert all(member.url.startswith("http://127.0.0.1:") for member in active)
    assert set(NetworkMember.objects.exclude(status="active").values_list("status", flat=True)) == {
        "pending",
        "paused",
    }


def test_walcourt_shows_the_national_total_beside_its_own():
    load_demo()
    walcourt = HubPage.objects.live().get(holder_name="Walcourt")
    network = NetworkPage.objects.get()
    assert walcourt.network_url.endswith(f"/{network.pk}.json")
    assert walcourt.network_name == "la Belgique"
