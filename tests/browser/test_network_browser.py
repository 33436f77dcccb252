"""The network page in a real browser: accessible (map and chart included), usable at 320 px."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations
from tests.factories import make_campaign, make_member, make_network
from wagtail_villeslumieres.models import NetworkMember, NetworkSnapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def national(home):
    network = make_network(home, make_campaign())
    places = [
        ("Walcourt", "wallonia", 300, 50.254, 4.433),
        ("Ixelles", "brussels", 120, 50.83, 4.37),
        ("Eupen", "german-community", 45, 50.63, 6.03),
        ("Gent", "flanders", 200, 51.05, 3.72),
    ]
    for name, region, total, latitude, longitude in places:
        member = make_member(
            network, name=name, region=region, latitude=latitude, longitude=longitude
        )
        NetworkMember.objects.filter(pk=member.pk).update(
            figures={
                "total": total,
                "by_kind": {
                    "letters": total,
                    "drawings": 0,
                    "messages": 0,
                    "emails": 0,
                    "tweets": 0,
                },
                "sessions": 1,
                "updated_at": None,
                "stale": False,
            },
            includes=[f"https://{name.lower()}.example/c.json"],
            figures_at=timezone.now(),
            error="The site could not be reached." if name == "Gent" else "",
        )
    now = timezone.now()
    for hours, total in ((3, 200), (2, 500), (1, 665)):
        NetworkSnapshot.objects.create(
            network=network, taken_at=now - datetime.timedelta(hours=hours), total=total, members=4
        )
    return network


def test_network_page_has_no_axe_violations(page, live_server, national):
    page.goto(live_server.url + national.url)
    assert page.locator("svg.vl-map circle").count() == 4
    assert page.locator("svg.vl-chart polyline").count() == 1
    page.locator("details summary").click()
    assert_no_axe_violations(page)


def test_network_page_is_usable_at_320px(phone_page, live_server, national):
    phone_page.goto(live_server.url + national.url)
    assert_fits_width(phone_page)
    assert phone_page.locator("h1").is_visible()


def test_network_members_filter_by_region_without_javascript(browser, live_server, national):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + national.url)
    page.select_option("#vl-network-region", "brussels")
    page.locator("form.vl-filters button").click()
    rows = page.locator("table.vl-table tbody th[scope=row]")
    assert rows.all_inner_texts() == ["Ixelles"]
    context.close()
