"""A network's "Pull now" in the admin: offered to its editors, refused to others, logged."""

import importlib.util

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import counter_body, make_campaign, make_home, make_member, make_network
from tests.network_server import LOOPBACK, CounterServer, Route
from wagtail_villeslumieres.admin.networks import PULL_ACTION
from wagtail_villeslumieres.counter import network

pytestmark = pytest.mark.django_db

PATH = "/walcourt/counter/marathon-2016.json"
DUMMY_BACKEND = (
    "django.tasks.backends.dummy.DummyBackend"
    if importlib.util.find_spec("django.tasks")
    else "django_tasks.backends.dummy.DummyBackend"
)


@pytest.fixture
def member_server():
    with (
        CounterServer() as running,
        override_settings(WAGTAIL_VILLESLUMIERES={"BASE_TEMPLATE": "base.html", **LOOPBACK}),
    ):
        running.routes[PATH] = Route(counter_body(letters=40), etag='"40"')
        yield running


@pytest.fixture
def national(home, member_server):
    national = make_network(home, make_campaign())
    make_member(national, url=member_server.url(PATH))
    return national


def pull_url(national):
    return reverse("wagtail_villeslumieres_admin:network_pull", args=[national.pk])


def editor(django_user_model, page, *codenames, username="editor"):
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(username=username, password="pw")
    user.groups.add(group)
    return user


def assert_refused(response):
    """403, or (Wagtail's way) back to the dashboard with "no permission"."""
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
        assert "permission" in str(next(iter(get_messages(response.wsgi_request))))
    else:
        assert response.status_code == 403


def pull_log(national):
    return PageLogEntry.objects.filter(page=national, action=PULL_ACTION)


def test_the_network_page_header_offers_pull_now_to_its_editors(admin_client, national):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[national.pk])).content
    assert pull_url(national).encode() in html


def test_pull_now_asks_before_pulling(admin_client, national):
    response = admin_client.get(pull_url(national))
    assert response.status_code == 200
    assert "1 active member" in response.content.decode()
    assert network.network_figures(national).total == 0


def test_pull_now_pulls_the_members_at_once_under_the_immediate_backend(admin_client, national):
    response = admin_client.post(pull_url(national))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[national.pk])
    assert network.network_figures(national).total == 40
    [message] = get_messages(response.wsgi_request)
    assert "1 changed" in str(message)


def test_pull_now_is_in_the_network_pages_history(admin_client, admin_user, national):
    admin_client.post(pull_url(national))
    [entry] = pull_log(national)
    assert entry.user == admin_user
    assert entry.data["finished"] is True
    history = reverse("wagtailadmin_pages:history", args=[national.pk])
    assert "Members&#x27; counters pulled" in admin_client.get(history).content.decode()


def test_pull_now_under_a_worker_backend_queues_the_pull(admin_client, national):
    tasks = {"default": {"BACKEND": DUMMY_BACKEND}}
    with override_settings(TASKS=tasks):
        response = admin_client.post(pull_url(national))
    assert response.status_code == 302
    assert network.network_figures(national).total == 0
    assert "queued" in str(next(iter(get_messages(response.wsgi_request))))
    assert pull_log(national).get().data["finished"] is False


def test_an_editor_of_another_site_is_refused_and_nothing_is_pulled(
    client, national, django_user_model
):
    other_home = make_home(hostname="ixelles")
    client.force_login(editor(django_user_model, other_home, "add_page", "change_page"))
    assert_refused(client.get(pull_url(national)))
    assert_refused(client.post(pull_url(national)))
    assert network.network_figures(national).total == 0
    assert not pull_log(national).exists()


def test_an_editor_without_edit_permission_on_the_network_is_refused(
    client, home, national, django_user_model
):
    client.force_login(editor(django_user_model, home, "lock_page"))
    assert_refused(client.post(pull_url(national)))
    assert network.network_figures(national).total == 0
    assert not pull_log(national).exists()


def test_an_editor_without_edit_permission_is_not_offered_the_button(
    client, home, national, django_user_model
):
    client.force_login(editor(django_user_model, home, "lock_page"))
    explorer = client.get(reverse("wagtailadmin_explore", args=[national.pk]))
    assert explorer.status_code == 200
    assert pull_url(national).encode() not in explorer.content


def test_an_editor_of_the_network_may_pull_it(client, home, national, django_user_model):
    client.force_login(editor(django_user_model, home, "change_page"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[national.pk])).content
    assert pull_url(national).encode() in html
    assert client.post(pull_url(national)).status_code == 302
    assert network.network_figures(national).total == 40
