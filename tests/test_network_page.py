"""The network's page (total, members' table, map, total over time) and its members' admin."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from tests.factories import make_campaign, make_home, make_member, make_network
from tests.helpers import requires_i18n
from wagtail_villeslumieres.models import NetworkMember, NetworkSnapshot

pytestmark = pytest.mark.django_db

MEMBERS_URL = "wagtailsnippets_wagtail_villeslumieres_networkmember"


def figures(total):
    return {
        "total": total,
        "by_kind": {"letters": total, "drawings": 0, "messages": 0, "emails": 0, "tweets": 0},
        "sessions": 1,
        "updated_at": "2016-12-10T14:00:00+00:00",
        "stale": False,
    }


def counted_member(network, name, total, **fields):
    member = make_member(network, name=name, **fields)
    NetworkMember.objects.filter(pk=member.pk).update(
        figures=figures(total),
        includes=[f"https://{name.lower()}.example/counter/marathon-2016/1.json"],
        figures_at=timezone.now(),
    )
    return member


@pytest.fixture
def national(home, locale_fr):
    network = make_network(home, make_campaign())
    counted_member(network, "Walcourt", 300, latitude=50.254, longitude=4.433)
    counted_member(network, "Ixelles", 120, region="brussels", latitude=50.83, longitude=4.37)
    counted_member(network, "Eupen", 45, region="german-community", latitude=50.63, longitude=6.03)
    counted_member(network, "Gent", 200, kind="city", region="flanders")
    return network


def page_text(client, network, **query):
    response = client.get(network.url, query)
    assert response.status_code == 200
    return response.content.decode()


def member_rows(html):
    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def test_the_page_shows_the_total_and_the_progress_to_the_goal(client, national):
    html = page_text(client, national)
    assert "665" in html
    assert '<progress class="vl-progress" max="3700" value="665"' in html


def test_the_members_are_listed_largest_first(client, national):
    assert member_rows(page_text(client, national)) == ["Walcourt", "Gent", "Ixelles", "Eupen"]


def test_the_members_can_be_sorted_by_name_without_javascript(client, national):
    html = page_text(client, national, sort="name")
    assert member_rows(html) == ["Eupen", "Gent", "Ixelles", "Walcourt"]


def test_the_members_figure_column_is_their_total_of_every_kind(client, national):
    member = NetworkMember.objects.get(name="Eupen")
    by_kind = {"letters": 20, "drawings": 15, "messages": 10, "emails": 0, "tweets": 0}
    NetworkMember.objects.filter(pk=member.pk).update(figures={**figures(45), "by_kind": by_kind})
    html = page_text(client, national)
    header = re.search(r'<th scope="col" class="vl-number">([^<]+)</th>', html).group(1)
    assert header == "Total"  # not "Letters": drawings and messages count too
    eupen = re.search(r'<th scope="row">Eupen</th>.*?</tr>', html, re.S).group(0)
    assert re.search(r'<td class="vl-number">45</td>', eupen)


def test_the_members_can_be_filtered_by_region(client, national):
    html = page_text(client, national, region="brussels")
    assert member_rows(html) == ["Ixelles"]


def test_an_unknown_region_or_sort_shows_every_member_largest_first(client, national):
    html = page_text(client, national, region="atlantis", sort="<script>")
    assert member_rows(html) == ["Walcourt", "Gent", "Ixelles", "Eupen"]
    assert "<script>" not in html


def test_the_map_draws_a_dot_per_member_with_coordinates(client, national):
    html = page_text(client, national)
    svg = re.search(r'<svg class="vl-map".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg
    assert svg.count("<circle") == 3
    assert "<title>Walcourt: 300</title>" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_total_over_time_is_a_chart_and_a_table(client, national):
    now = timezone.now()
    for hours, total in ((3, 100), (2, 400), (1, 665)):
        NetworkSnapshot.objects.create(
            network=national, taken_at=now - datetime.timedelta(hours=hours), total=total, members=4
        )
    html = page_text(client, national)
    assert '<svg class="vl-chart"' in html
    assert "<polyline" in html
    assert html.count('<td class="vl-number">') >= 3


def test_a_member_without_figures_is_not_listed(client, national):
    make_member(national, name="Namur")
    assert "Namur" not in member_rows(page_text(client, national))


def test_member_names_are_escaped(client, national):
    counted_member(national, "<b>Evil</b>", 1)
    html = page_text(client, national)
    assert "<b>Evil</b>" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html


@requires_i18n
def test_the_page_is_served_in_french_with_translated_headings(client, national):
    html = page_text(client, national)
    assert "Membres" in html
    assert "Ensemble" in html


# The members' admin


def test_the_members_list_shows_status_error_and_age(admin_client, national):
    member = NetworkMember.objects.get(name="Gent")
    NetworkMember.objects.filter(pk=member.pk).update(error="The site could not be reached.")
    html = admin_client.get(reverse(f"{MEMBERS_URL}:list")).content.decode()
    assert "The site could not be reached. (counted with its last figures)" in html
    assert "Active" in html
    assert "ago" in html


def test_adding_a_member_with_both_an_address_and_a_hub_saves_nothing(admin_client, national, hub):
    response = admin_client.post(
        reverse(f"{MEMBERS_URL}:add"),
        {
            "network": national.pk,
            "name": "Ath",
            "kind": "commune",
            "region": "wallonia",
            "url": "https://ath.example/counter/marathon-2016.json",
            "local_hub": hub.pk,
            "status": "pending",
        },
    )
    assert response.status_code == 200
    assert "either" in response.content.decode()
    assert not NetworkMember.objects.filter(name="Ath").exists()


def test_an_editor_approves_a_pending_member(admin_client, national):
    member = make_member(national, name="Ath", status="pending", url="https://ath.example/c.json")
    data = {
        "network": national.pk,
        "name": "Ath",
        "kind": "commune",
        "region": "wallonia",
        "url": "https://ath.example/c.json",
        "status": "active",
    }
    response = admin_client.post(reverse(f"{MEMBERS_URL}:edit", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "active"


def test_an_editor_sees_only_the_members_of_networks_below_their_pages(
    client, national, django_user_model
):
    other_home = make_home(hostname="ixelles")
    group = Group.objects.create(name="Ixelles editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in ("add", "change", "delete", "view"):
        group.permissions.add(Permission.objects.get(codename=f"{action}_networkmember"))
    GroupPagePermission.objects.create(
        group=group, page=other_home, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user(username="ix", password="pw")
    user.groups.add(group)
    client.force_login(user)
    html = client.get(reverse(f"{MEMBERS_URL}:list")).content.decode()
    assert "Walcourt" not in html
    member = NetworkMember.objects.get(name="Walcourt")
    response = client.get(reverse(f"{MEMBERS_URL}:edit", args=[member.pk]))
    assert response.status_code in (302, 403)


def test_bulk_deleting_the_members_of_another_network_is_refused(
    client, national, django_user_model
):
    group = Group.objects.create(name="Members editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(Permission.objects.get(codename="delete_networkmember"))
    user = django_user_model.objects.create_user(username="other", password="pw")
    user.groups.add(group)
    client.force_login(user)
    member = NetworkMember.objects.get(name="Walcourt")
    url = reverse("wagtail_bulk_action", args=["wagtail_villeslumieres", "networkmember", "delete"])
    response = client.post(f"{url}?id={member.pk}")
    assert response.status_code in (302, 403)
    assert NetworkMember.objects.filter(pk=member.pk).exists()


def remember_pull(network, moment):
    from django.core.cache import caches

    from wagtail_villeslumieres.conf import vl_settings
    from wagtail_villeslumieres.counter.network import LAST_PULL_KEY

    key = LAST_PULL_KEY.format(key=network.translation_key)
    caches[vl_settings.CACHE_ALIAS].set(key, moment)


@requires_i18n
def test_a_pull_under_a_minute_ago_reads_checked_just_now(client, national):
    remember_pull(national, timezone.now() - datetime.timedelta(seconds=20))
    html = page_text(client, national)  # the network's page is French
    assert "vérifié à l’instant" in html
    assert "0\xa0minute" not in html


@requires_i18n
def test_an_older_pull_says_how_long_ago(client, national):
    remember_pull(national, timezone.now() - datetime.timedelta(minutes=5))
    html = page_text(client, national)
    assert "vérifié il y a 5\xa0minutes" in html
