"""Optimistic locking of the writing-session edit form: a stale save overwrites nothing.

The form carries the ``updated_at`` the editor opened (hidden ``version``); a save of
an older version is refused with the newer counts. The concurrent case runs on
PostgreSQL (skipped on SQLite, which has one writer at a time).
"""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_campaign, make_session
from tests.helpers import assert_form_error
from tests.test_concurrency import run_in_threads
from tests.test_counter_admin import edit_form_data
from wagtail_villeslumieres.admin.forms import WritingSessionForm
from wagtail_villeslumieres.counter.signals import COUNTS_ACTION
from wagtail_villeslumieres.models import WritingSession, WritingSessionLogEntry

EDIT_URL = "wagtailsnippets_wagtail_villeslumieres_writingsession:edit"
STALE = "Another editor saved this session while you were editing it"


@pytest.fixture
def session(hub):
    return make_session(make_campaign(), hub, letters=10)


@pytest.mark.django_db
def test_edit_form_carries_the_version_it_was_opened_at(admin_client, session):
    html = admin_client.get(reverse(EDIT_URL, args=[session.pk])).content.decode()
    assert 'name="version"' in html
    assert f'value="{session.updated_at.isoformat()}"' in html


@pytest.mark.django_db
def test_stale_save_is_refused_with_the_newer_counts_and_overwrites_nothing(admin_client, session):
    opened = edit_form_data(session, letters="99")
    # Another editor saves first.
    assert (
        admin_client.post(
            reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="60")
        ).status_code
        == 302
    )

    response = admin_client.post(reverse(EDIT_URL, args=[session.pk]), opened)

    assert response.status_code == 200
    assert_form_error(response, STALE)
    assert_form_error(response, "Letters 60, Children's drawings 22")
    session.refresh_from_db()
    assert session.letters == 60


@pytest.mark.django_db
def test_stale_save_message_is_shown_on_the_page(admin_client, session):
    opened = edit_form_data(session, letters="99")
    admin_client.post(reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="60"))
    html = admin_client.post(reverse(EDIT_URL, args=[session.pk]), opened).content.decode()
    assert STALE in html
    assert "It now counts: Letters 60" in html


@pytest.mark.django_db
def test_save_posted_without_a_version_is_refused(admin_client, session):
    data = edit_form_data(session, letters="99")
    del data["version"]
    response = admin_client.post(reverse(EDIT_URL, args=[session.pk]), data)
    assert_form_error(response, STALE)
    session.refresh_from_db()
    assert session.letters == 10


@pytest.mark.django_db
def test_save_of_the_latest_version_goes_through(admin_client, session):
    admin_client.post(reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="60"))
    response = admin_client.post(
        reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="99")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.letters == 99


@pytest.mark.django_db
def test_a_save_between_validation_and_saving_loses_the_claim(superuser, session):
    form = WritingSessionForm(
        data=edit_form_data(session, letters="99"), instance=session, for_user=superuser
    )
    assert form.is_valid(), form.errors
    WritingSession.objects.filter(pk=session.pk).update(letters=60, updated_at=timezone.now())
    assert form.claim_version() is False


@pytest.mark.django_db
def test_new_session_needs_no_version(superuser, hub):
    from tests.test_counter_admin import session_form_data

    form = WritingSessionForm(
        data=session_form_data(make_campaign(), hub), instance=WritingSession(), for_user=superuser
    )
    assert form.is_valid(), form.errors
    assert form.claim_version() is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_version_save_exactly_one(superuser, session):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    editors = 10
    opened = [edit_form_data(session, letters=str(100 + index)) for index in range(editors)]
    clients = []
    for _ in range(editors):
        client = Client()
        client.force_login(superuser)
        clients.append(client)
    statuses = []

    def editor(client, data):
        return lambda: statuses.append(
            client.post(reverse(EDIT_URL, args=[session.pk]), data).status_code
        )

    run_in_threads([editor(client, data) for client, data in zip(clients, opened, strict=True)])

    assert sorted(statuses) == [200] * (editors - 1) + [302]
    session.refresh_from_db()
    assert 100 <= session.letters < 100 + editors
    # Its creation, then one change of counts: the winner's.
    entries = WritingSessionLogEntry.objects.filter(action=COUNTS_ACTION).order_by("pk")
    assert [entry.data["new"]["letters"] for entry in entries] == [10, session.letters]
