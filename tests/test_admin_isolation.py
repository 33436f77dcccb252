"""Every admin URL of writing sessions and of the reports keeps each commune to its own.

The URL names are read from the registered URL patterns (the sessions' viewset and
chooser, the package's admin namespace, Wagtail's reports) and from the bulk actions
registered for sessions, so a view added later (by the package or by a Wagtail
upgrade) fails ``test_every_admin_url_has_an_expectation`` until it gets a row in
``EXPECTATIONS``, and that row is then checked like the others.

The limited editor is set up as docs/reference/letter-counter.md says: a group with
page permissions on its own site's root and the writing-session model permissions.
Walcourt and Ixelles are two sites of one install; the editor is Walcourt's.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import GroupPagePermission

from tests.factories import make_campaign, make_home, make_hub, make_network, make_session
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.admin.permissions import session_permissions
from wagtail_villeslumieres.models import (
    NetworkPage,
    SessionReport,
    WritingSession,
    WritingSessionLogEntry,
)

pytestmark = pytest.mark.django_db

SESSIONS = "wagtailsnippets_wagtail_villeslumieres_writingsession"
CHOOSER = "wagtailsnippetchoosers_wagtail_villeslumieres_writingsession"
PACKAGE = "wagtail_villeslumieres_admin"
REPORTS = "wagtailadmin_reports"
NAMESPACES = (SESSIONS, CHOOSER, PACKAGE, REPORTS)

OWN_PLACE = "Walcourt school library"
FOREIGN_PLACE = "Ixelles closed school class"
# Anything of Ixelles's that would show a leak: its session's place, its hub's title.
FOREIGN_MARKERS = (FOREIGN_PLACE, "Ixelles, Ville lumi")


def _walk(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespaces:
            yield namespaces[-1], pattern.name


def registered_url_keys():
    """``namespace:name`` of every admin URL to check, and ``bulk:<action>`` per bulk action."""
    keys = {f"{ns}:{name}" for ns, name in _walk(get_resolver().url_patterns) if ns in NAMESPACES}
    actions = bulk_action_registry.get_bulk_actions_for_model(
        WritingSession._meta.app_label, WritingSession._meta.model_name
    )
    keys |= {f"bulk:{action.action_type}" for action in actions}
    return keys


@dataclass(frozen=True)
class Expect:
    """What the limited editor gets from one admin URL.

    ``kind``: ``object`` (a URL of one session: their own opens, Ixelles's is
    refused), ``listing`` (a page listing sessions or figures: it opens and shows
    only their own), ``refused`` (not offered to them at all), ``bulk`` (a bulk
    action: Ixelles's session is refused on GET and POST, their own goes through).
    ``query`` is added to the URL; ``own_text`` must appear in the successful page.
    ``known_leak``: a leak outside the package's reach, expected to fail (strictly,
    so the row is updated the day it stops leaking).
    """

    kind: str
    query: str = ""
    own_text: str | None = OWN_PLACE
    args: str = "pk"
    known_leak: str | None = None
    #: Each commune's session gets a reporting link and a pending report first
    #: (``args`` "link" or "report" then names one of those instead of the session;
    #: "network": a network page beside the session's hub).
    reporting: bool = False


PAGE_TYPES_LEAK = (
    "Wagtail's page types report names the last edited page of each type on every "
    "site, whatever the editor's page permissions (a Wagtail core report)"
)


#: One row per URL name. A new admin URL fails the completeness test until it has one.
EXPECTATIONS = {
    # The sessions' viewset.
    f"{SESSIONS}:list": Expect("listing"),
    f"{SESSIONS}:list_results": Expect("listing", query="?q=school"),
    f"{SESSIONS}:add": Expect("listing", own_text="Walcourt, Ville lumi"),
    f"{SESSIONS}:edit": Expect("object"),
    f"{SESSIONS}:delete": Expect("object"),
    f"{SESSIONS}:usage": Expect("object"),
    f"{SESSIONS}:history": Expect("object", own_text="History"),
    f"{SESSIONS}:history_results": Expect("object", own_text=None),
    # Its chooser: list, search, chosen; creating from the chooser is not offered.
    f"{CHOOSER}:choose": Expect("listing"),
    f"{CHOOSER}:choose_results": Expect("listing", query="?q=school"),
    f"{CHOOSER}:chosen": Expect("object", args="str"),
    f"{CHOOSER}:chosen_multiple": Expect("object", args="ids"),
    f"{CHOOSER}:create": Expect("refused"),
    # The package's reports.
    f"{PACKAGE}:letter_totals": Expect("listing", own_text="Walcourt, Ville lumi"),
    f"{PACKAGE}:letter_totals_results": Expect("listing", own_text="Walcourt, Ville lumi"),
    f"{PACKAGE}:consent_review": Expect("listing", own_text=None),
    f"{PACKAGE}:consent_review_results": Expect("listing", own_text=None),
    # Several sessions at once: the table, the import, the import's template file.
    f"{PACKAGE}:record_sessions": Expect("listing", own_text="Walcourt, Ville lumi"),
    f"{PACKAGE}:import_sessions": Expect("listing", own_text="Walcourt, Ville lumi"),
    f"{PACKAGE}:sessions_template": Expect("listing", query="?export=csv", own_text=None),
    # Wagtail's reports: the site history lists session log entries.
    f"{REPORTS}:site_history": Expect("listing"),
    f"{REPORTS}:site_history_results": Expect("listing"),
    f"{REPORTS}:locked_pages": Expect("refused"),
    f"{REPORTS}:locked_pages_results": Expect("refused"),
    f"{REPORTS}:workflow": Expect("listing", own_text=None),
    f"{REPORTS}:workflow_results": Expect("listing", own_text=None),
    f"{REPORTS}:workflow_tasks": Expect("listing", own_text=None),
    f"{REPORTS}:workflow_tasks_results": Expect("listing", own_text=None),
    f"{REPORTS}:aging_pages": Expect("listing", own_text=None),
    f"{REPORTS}:aging_pages_results": Expect("listing", own_text=None),
    f"{REPORTS}:page_types_usage": Expect("listing", own_text=None, known_leak=PAGE_TYPES_LEAK),
    f"{REPORTS}:page_types_usage_results": Expect(
        "listing", own_text=None, known_leak=PAGE_TYPES_LEAK
    ),
    # Bulk actions on sessions.
    "bulk:delete": Expect("bulk"),
    # Reporting links and the reports sent through them (the titles name the session).
    f"{PACKAGE}:reporting_links": Expect("listing", reporting=True),
    f"{PACKAGE}:reporting_link_add": Expect("listing", own_text="Walcourt, Ville lumi"),
    f"{PACKAGE}:reporting_link_add_for_session": Expect("object"),
    f"{PACKAGE}:reporting_link": Expect("object", args="link", reporting=True),
    f"{PACKAGE}:reporting_link_qr": Expect("object", args="link", own_text=None, reporting=True),
    f"{PACKAGE}:reporting_link_sheet": Expect("object", args="link", reporting=True),
    f"{PACKAGE}:reporting_link_email": Expect("object", args="link", reporting=True),
    f"{PACKAGE}:reporting_link_revoke": Expect("object", args="link", reporting=True),
    f"{PACKAGE}:session_reports": Expect("listing", reporting=True),
    f"{PACKAGE}:session_report_decide": Expect("object", args="report", reporting=True),
    # A network's "Pull now" (a network page below each commune's home).
    f"{PACKAGE}:network_pull": Expect("object", args="network", own_text="Pull now"),
}


def _add_reporting(communes):
    """A reporting link and a pending report for each commune's session."""
    for session in (communes["own"], communes["foreign"]):
        link = reporting.create_link(
            hub=session.hub,
            campaign=session.campaign,
            session=session,
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )
        reporting.submit(SessionReport(link=link, letters=3), client="")


@pytest.fixture
def communes(locale_fr):
    """Walcourt (the default site) and Ixelles (a second site), a session each."""
    walcourt_home = make_home()
    walcourt = make_hub(walcourt_home)
    ixelles_home = make_home(hostname="ixelles")
    ixelles = make_hub(
        ixelles_home, title="Ixelles, Ville lumières", slug="ixelles", holder_name="Ixelles"
    )
    campaign = make_campaign()
    own = make_session(campaign, walcourt, place_name=OWN_PLACE, letters=12)
    foreign = make_session(
        campaign, ixelles, place_name=FOREIGN_PLACE, is_public=False, letters=700
    )
    # A change of counts, so both have history beyond their creation.
    for session in (own, foreign):
        session.letters += 1
        session.save()
    return {"home": walcourt_home, "campaign": campaign, "own": own, "foreign": foreign}


@pytest.fixture
def walcourt_editor(communes, django_user_model):
    """Walcourt's editor: page permissions on Walcourt's site root, every session permission."""
    group = Group.objects.create(name="Walcourt editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in ("add", "change", "delete", "view"):
        group.permissions.add(Permission.objects.get(codename=f"{action}_writingsession"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=communes["home"], permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(username="walcourt", password="password")
    user.groups.add(group)
    return user


def _network_of(session):
    """A network page beside the session's hub (made the first time it is asked for)."""
    home = session.hub.get_parent()
    found = NetworkPage.objects.child_of(home).first()
    return found or make_network(home, session.campaign)


def _url(key, session=None, expect=None):
    if key.startswith("bulk:"):
        url = reverse(
            "wagtail_bulk_action",
            args=[WritingSession._meta.app_label, WritingSession._meta.model_name, key[5:]],
        )
        return f"{url}?id={session.pk}"
    if expect and expect.kind == "object" and expect.args in ("link", "report"):
        found = session.reporting_links if expect.args == "link" else session.reports
        return reverse(key, args=[found.get().pk])
    if expect and expect.kind == "object" and expect.args == "network":
        return reverse(key, args=[_network_of(session).pk])
    if expect and expect.kind == "object" and expect.args == "ids":
        return f"{reverse(key)}?id={session.pk}"
    if expect and expect.kind == "object":
        return reverse(key, args=[session.pk])
    return reverse(key) + (expect.query if expect else "")


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_no_foreign_data(response):
    body = _body(response)
    for marker in FOREIGN_MARKERS:
        assert marker not in body, f"{marker!r} leaked into {response.request['PATH_INFO']}"


def assert_refused(client, response):
    """403, or a redirect carrying a message: never a success, never a server error."""
    if response.status_code == 302:
        assert [str(m) for m in get_messages(response.wsgi_request)], "redirect without a message"
    else:
        assert response.status_code == 403, response.status_code
    assert_no_foreign_data(response)


def test_every_admin_url_has_an_expectation():
    registered = registered_url_keys()
    assert not registered - EXPECTATIONS.keys(), "admin URLs without a case in EXPECTATIONS"
    assert not EXPECTATIONS.keys() - registered, "cases in EXPECTATIONS for URLs that are gone"


def _cases():
    for key in sorted(registered_url_keys()):
        leak = EXPECTATIONS[key].known_leak if key in EXPECTATIONS else None
        marks = [pytest.mark.xfail(strict=True, reason=leak)] if leak else []
        yield pytest.param(key, marks=marks, id=key)


@pytest.mark.parametrize("key", list(_cases()))
def test_limited_editor_gets_their_own_commune_only(key, client, communes, walcourt_editor):
    assert key in EXPECTATIONS, f"{key} has no case in EXPECTATIONS: add one"
    expect = EXPECTATIONS[key]
    own, foreign = communes["own"], communes["foreign"]
    client.force_login(walcourt_editor)
    if expect.reporting:
        _add_reporting(communes)

    if expect.kind == "refused":
        assert_refused(client, client.get(_url(key, expect=expect)))
        return

    if expect.kind == "listing":
        response = client.get(_url(key, expect=expect))
        assert response.status_code == 200
        assert_no_foreign_data(response)
        if expect.own_text:
            assert expect.own_text in _body(response)
        return

    # A session URL (a view of one session, or a bulk action): Ixelles's is refused.
    assert_refused(client, client.get(_url(key, foreign, expect)))
    if key.startswith("bulk:") or key.endswith((":delete", ":edit")):
        assert_refused(client, client.post(_url(key, foreign, expect)))
    assert WritingSession.objects.get(pk=foreign.pk).letters == 701

    response = client.get(_url(key, own, expect))
    assert response.status_code == 200
    if expect.own_text:
        assert expect.own_text in _body(response)
    if key.startswith("bulk:") or key.endswith(":delete"):
        response = client.post(_url(key, own, expect))
        assert response.status_code == 302
        assert not WritingSession.objects.filter(pk=own.pk).exists()


# The reproductions of issue 12, one behaviour each.


def test_bulk_delete_of_another_communes_session_is_refused_and_deletes_nothing(
    client, communes, walcourt_editor
):
    client.force_login(walcourt_editor)
    url = _url("bulk:delete", communes["foreign"])
    assert_refused(client, client.get(url))
    assert_refused(client, client.post(url))
    assert WritingSession.objects.filter(pk=communes["foreign"].pk).exists()


def test_bulk_delete_mixing_own_and_foreign_sessions_deletes_nothing(
    client, communes, walcourt_editor
):
    client.force_login(walcourt_editor)
    url = f"{_url('bulk:delete', communes['own'])}&id={communes['foreign'].pk}"
    assert_refused(client, client.post(url))
    assert WritingSession.objects.count() == 2


def test_bulk_delete_of_all_deletes_only_the_editors_own_sessions(
    client, communes, walcourt_editor
):
    client.force_login(walcourt_editor)
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_villeslumieres", "writingsession", "delete"]
    )
    assert client.post(f"{url}?id=all").status_code == 302
    assert list(WritingSession.objects.all()) == [communes["foreign"]]


def test_bulk_action_with_a_malformed_id_is_not_found(client, communes, walcourt_editor):
    client.force_login(walcourt_editor)
    url = reverse(
        "wagtail_bulk_action", args=["wagtail_villeslumieres", "writingsession", "delete"]
    )
    response = client.post(f"{url}?id=abc")
    # Not found (which the site's LocaleMiddleware answers with a redirect), not a 500.
    assert response.status_code in (302, 404)
    assert WritingSession.objects.count() == 2


def test_creating_a_session_from_the_chooser_is_refused_even_to_a_superuser(admin_client, communes):
    response = admin_client.post(reverse(f"{CHOOSER}:create"), {"place_name": "x"})
    assert response.status_code in (302, 403)
    assert WritingSession.objects.count() == 2


def test_site_history_csv_export_has_only_the_editors_own_sessions(
    client, communes, walcourt_editor
):
    client.force_login(walcourt_editor)
    response = client.get(reverse(f"{REPORTS}:site_history"), {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(_body(response))))
    text = "\n".join(",".join(row) for row in rows)
    assert OWN_PLACE in text
    assert FOREIGN_PLACE not in text


def test_log_entries_of_a_deleted_session_stay_with_its_commune(client, communes, walcourt_editor):
    foreign_pk = communes["foreign"].pk
    communes["foreign"].delete()
    entries = WritingSessionLogEntry.objects.filter(object_id=str(foreign_pk))
    assert entries.filter(action="wagtail_villeslumieres.session_counts", deleted=True).exists()
    assert not entries.exclude(hub_id=communes["foreign"].hub_id).exists()
    client.force_login(walcourt_editor)
    html = _body(client.get(reverse(f"{REPORTS}:site_history")))
    assert FOREIGN_PLACE not in html


def test_superuser_site_history_shows_every_commune(admin_client, communes):
    html = _body(admin_client.get(reverse(f"{REPORTS}:site_history")))
    assert OWN_PLACE in html
    assert FOREIGN_PLACE in html


# The policy itself (what every path above asks).


def test_policy_allows_an_action_on_a_session_of_the_editors_hub_only(communes, walcourt_editor):
    assert session_permissions.user_has_permission_for_instance(
        walcourt_editor, "change", communes["own"]
    )
    assert not session_permissions.user_has_permission_for_instance(
        walcourt_editor, "change", communes["foreign"]
    )


def test_policy_needs_the_model_permission_too(communes, walcourt_editor):
    walcourt_editor.groups.get().permissions.remove(
        Permission.objects.get(codename="delete_writingsession")
    )
    walcourt_editor = type(walcourt_editor).objects.get(pk=walcourt_editor.pk)
    assert not session_permissions.user_has_permission_for_instance(
        walcourt_editor, "delete", communes["own"]
    )


def test_policy_lists_the_editors_hub_sessions(communes, walcourt_editor):
    sessions = session_permissions.instances_user_has_permission_for(walcourt_editor, "view")
    assert list(sessions) == [communes["own"]]


def test_policy_names_the_users_who_may_change_a_session(communes, walcourt_editor, superuser):
    users = session_permissions.users_with_permission_for_instance("change", communes["own"])
    assert set(users) == {walcourt_editor, superuser}
    users = session_permissions.users_with_permission_for_instance("change", communes["foreign"])
    assert set(users) == {superuser}


def test_sessions_viewset_uses_the_policy(communes):
    assert WritingSession.snippet_viewset.permission_policy is session_permissions


def test_session_entries_do_not_depend_on_which_log_model_is_read_first(communes, walcourt_editor):
    # Wagtail caches a user's allowed content types on the user for the first log model.
    from wagtail.models import ModelLogEntry, PageLogEntry

    list(PageLogEntry.objects.viewable_by_user(walcourt_editor))
    list(ModelLogEntry.objects.viewable_by_user(walcourt_editor))
    entries = WritingSessionLogEntry.objects.viewable_by_user(walcourt_editor)
    assert {entry.object_id for entry in entries} == {str(communes["own"].pk)}
