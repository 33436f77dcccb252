"""Editors' tools: recording sessions, limits per hub, dashboard panel, report, audit log."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission

from tests.factories import make_campaign, make_home, make_hub, make_session
from tests.helpers import assert_form_error
from wagtail_villeslumieres.counter.signals import COUNTS_ACTION
from wagtail_villeslumieres.models import WritingSession, WritingSessionLogEntry

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_wagtail_villeslumieres_writingsession:add"
EDIT_URL = "wagtailsnippets_wagtail_villeslumieres_writingsession:edit"
DELETE_URL = "wagtailsnippets_wagtail_villeslumieres_writingsession:delete"
LIST_URL = "wagtailsnippets_wagtail_villeslumieres_writingsession:list"
REPORT_URL = "wagtail_villeslumieres_admin:letter_totals"


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def other_site_hub():
    """A hub on a second Wagtail site (another commune on the same install)."""
    other_home = make_home(hostname="ath")
    return make_hub(other_home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")


def make_editor(django_user_model, *, username="editor", session_perms=(), pages=()):
    """An admin user whose group holds ``session_perms`` and page permissions on ``pages``."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in session_perms:
        group.permissions.add(Permission.objects.get(codename=f"{codename}_writingsession"))
    for page in pages:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename="change_page")
        )
    user = django_user_model.objects.create_user(username=username, password="password")
    user.groups.add(group)
    return user


def session_form_data(campaign, hub, **overrides):
    data = {
        "hub": str(hub.pk),
        "campaign": str(campaign.pk),
        "place_name": "École du Centre",
        "starts_at": "2016-12-09T13:30",
        "ends_at": "2016-12-09T15:30",
        "letters": "48",
        "drawings": "22",
        "messages": "0",
        "emails": "0",
        "tweets": "0",
        "address": "Rue de l'École 1, 5650 Walcourt",
        "is_public": "on",
        "note": "",
    }
    data.update(overrides)
    return data


def edit_form_data(session, **overrides):
    """The edit form as posted for ``session``: its data and the version it was opened at."""
    session.refresh_from_db()
    return session_form_data(
        session.campaign, session.hub, version=session.updated_at.isoformat(), **overrides
    )


def test_editor_records_a_session_and_is_recorded_as_its_author(
    admin_client, superuser, campaign, hub
):
    response = admin_client.post(reverse(ADD_URL), session_form_data(campaign, hub))
    assert response.status_code == 302
    session = WritingSession.objects.get()
    assert (session.letters, session.drawings) == (48, 22)
    assert session.entered_by == superuser


def test_author_cannot_be_set_through_the_form(
    admin_client, superuser, campaign, hub, django_user_model
):
    someone_else = django_user_model.objects.create_user(username="other")
    data = session_form_data(campaign, hub, entered_by=str(someone_else.pk))
    admin_client.post(reverse(ADD_URL), data)
    assert WritingSession.objects.get().entered_by == superuser


def test_editing_keeps_the_original_author(client, superuser, campaign, hub, django_user_model):
    session = make_session(campaign, hub, entered_by=superuser)
    editor = make_editor(django_user_model, session_perms=["change"], pages=[hub])
    client.force_login(editor)
    response = client.post(
        reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="60")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.letters == 60
    assert session.entered_by == superuser


def test_new_session_form_defaults_to_current_campaign_own_hub_and_today(
    client, campaign, hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub])
    client.force_login(editor)
    response = client.get(reverse(ADD_URL))
    form = response.context["form"]
    assert form["campaign"].value() == campaign.pk
    assert form["hub"].value() == hub.pk
    assert form["ends_at"].value().date() == datetime.date.today()
    html = response.content.decode()
    assert 'type="datetime-local"' in html
    assert 'inputmode="numeric"' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"starts_at": "2016-11-02T14:00", "ends_at": "2016-11-02T16:00"},
            "This session is outside its campaign",
        ),
        (
            {"letters": "0", "drawings": "0"},
            "This session has ended: enter at least one count",
        ),
        ({"letters": "5001"}, "A single session cannot count more than 5,000 of one kind"),
        ({"letters": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"letters": "12.5"}, "Enter a whole number."),
        ({"ends_at": "2016-12-09T12:00"}, "The session cannot end before it starts."),
    ],
)
def test_bad_session_is_refused_with_a_clear_error_and_nothing_saved(
    admin_client, campaign, hub, overrides, message
):
    response = admin_client.post(reverse(ADD_URL), session_form_data(campaign, hub, **overrides))
    assert response.status_code == 200
    assert_form_error(response, message)
    assert not WritingSession.objects.exists()


def test_maximum_count_per_session_follows_the_setting(admin_client, campaign, hub, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"MAX_COUNT_PER_SESSION": 100}
    response = admin_client.post(reverse(ADD_URL), session_form_data(campaign, hub, letters="101"))
    assert_form_error(response, "cannot count more than 100 of one kind")
    assert not WritingSession.objects.exists()


def test_announced_future_session_may_have_no_counts_yet(admin_client, hub, locale_fr):
    today = datetime.date.today()
    campaign = make_campaign(
        starts_on=today, ends_on=today + datetime.timedelta(days=30), goal=None
    )
    day = (today + datetime.timedelta(days=10)).isoformat()
    data = session_form_data(
        campaign, hub, starts_at=f"{day}T14:00", ends_at=f"{day}T16:00", letters="0", drawings="0"
    )
    response = admin_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302
    assert WritingSession.objects.get().total == 0


def test_editor_cannot_pick_a_hub_of_another_site(
    client, campaign, hub, other_site_hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub.get_parent()])
    client.force_login(editor)
    response = client.post(reverse(ADD_URL), session_form_data(campaign, other_site_hub))
    assert response.status_code == 200
    assert_form_error(response, "Choose one of your own hubs")
    assert not WritingSession.objects.exists()


def test_hub_choices_are_the_editors_own_hubs(
    client, campaign, hub, other_site_hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub.get_parent()])
    client.force_login(editor)
    form = client.get(reverse(ADD_URL)).context["form"]
    assert list(form.fields["hub"].queryset) == [hub]


def test_editor_lists_only_the_sessions_of_their_own_hubs(
    client, campaign, hub, other_site_hub, django_user_model
):
    make_session(campaign, hub, place_name="Bibliothèque de Walcourt")
    make_session(campaign, other_site_hub, place_name="Hôtel de ville d'Ath")
    editor = make_editor(django_user_model, session_perms=["change"], pages=[hub])
    client.force_login(editor)
    html = client.get(reverse(LIST_URL)).content.decode()
    assert "Bibliothèque de Walcourt" in html
    assert "Hôtel de ville d&#x27;Ath" not in html


def test_editor_cannot_open_or_delete_a_session_of_another_site(
    client, campaign, hub, other_site_hub, django_user_model
):
    foreign = make_session(campaign, other_site_hub)
    editor = make_editor(
        django_user_model, session_perms=["change", "delete"], pages=[hub.get_parent()]
    )
    client.force_login(editor)
    assert client.get(reverse(EDIT_URL, args=[foreign.pk])).status_code in (302, 403)
    client.post(reverse(DELETE_URL, args=[foreign.pk]))
    assert WritingSession.objects.filter(pk=foreign.pk).exists()


def test_editor_without_session_permissions_cannot_add_sessions(
    client, campaign, hub, django_user_model
):
    editor = make_editor(django_user_model, pages=[hub])
    client.force_login(editor)
    response = client.post(reverse(ADD_URL), session_form_data(campaign, hub))
    assert response.status_code in (302, 403)
    assert not WritingSession.objects.exists()


def test_editor_without_change_permission_cannot_change_sessions(
    client, campaign, hub, django_user_model
):
    session = make_session(campaign, hub, letters=10)
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub])
    client.force_login(editor)
    response = client.post(
        reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="99")
    )
    assert response.status_code in (302, 403)
    session.refresh_from_db()
    assert session.letters == 10


def test_listing_filters_by_campaign_and_hub_and_searches_places(
    admin_client, campaign, hub, other_site_hub
):
    make_session(campaign, hub, place_name="Bibliothèque de Walcourt")
    make_session(campaign, other_site_hub, place_name="Hôtel de ville d'Ath")
    by_hub = admin_client.get(reverse(LIST_URL), {"hub": other_site_hub.pk}).content.decode()
    assert "Hôtel de ville" in by_hub and "Bibliothèque de Walcourt" not in by_hub
    by_campaign = admin_client.get(reverse(LIST_URL), {"campaign": campaign.pk})
    assert "Bibliothèque de Walcourt" in by_campaign.content.decode()
    searched = admin_client.get(reverse(LIST_URL), {"q": "Bibliothèque"}).content.decode()
    assert "Bibliothèque de Walcourt" in searched and "Hôtel de ville" not in searched


def test_listing_sorts_by_date(admin_client, campaign, hub):
    make_session(campaign, hub, day=12, place_name="Plus tard")
    make_session(campaign, hub, day=5, place_name="Plus tôt")
    newest_first = admin_client.get(reverse(LIST_URL)).content.decode()
    assert newest_first.index("Plus tard") < newest_first.index("Plus tôt")
    oldest_first = admin_client.get(reverse(LIST_URL), {"ordering": "starts_at"}).content.decode()
    assert oldest_first.index("Plus tôt") < oldest_first.index("Plus tard")


# Audit log


def test_creating_a_session_logs_who_and_its_counts(admin_client, superuser, campaign, hub):
    admin_client.post(reverse(ADD_URL), session_form_data(campaign, hub))
    entry = WritingSessionLogEntry.objects.get(action=COUNTS_ACTION)
    assert entry.user_id == superuser.pk
    assert entry.timestamp is not None
    assert entry.data["old"] is None
    assert entry.data["new"]["letters"] == 48
    assert WritingSessionLogEntry.objects.filter(action="wagtail.create").exists()


def test_changing_counts_logs_old_and_new_counts(client, campaign, hub, django_user_model):
    session = make_session(campaign, hub, letters=10)
    editor = make_editor(django_user_model, session_perms=["change"], pages=[hub])
    client.force_login(editor)
    client.post(reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="60"))
    entry = WritingSessionLogEntry.objects.filter(action=COUNTS_ACTION).latest("timestamp", "pk")
    assert entry.user_id == editor.pk
    assert entry.data["old"]["letters"] == 10
    assert entry.data["new"]["letters"] == 60
    assert entry.data["new"]["drawings"] == 22


def test_deleting_a_session_logs_the_counts_removed(admin_client, superuser, campaign, hub):
    session = make_session(campaign, hub, letters=10)
    admin_client.post(reverse(DELETE_URL, args=[session.pk]))
    assert not WritingSession.objects.exists()
    entry = WritingSessionLogEntry.objects.filter(action=COUNTS_ACTION).latest("timestamp", "pk")
    assert entry.user_id == superuser.pk
    assert entry.data == {"old": session.counts, "new": None}
    assert WritingSessionLogEntry.objects.filter(action="wagtail.delete").exists()


def test_history_view_shows_the_count_change(admin_client, campaign, hub):
    session = make_session(campaign, hub, letters=10)
    admin_client.post(reverse(EDIT_URL, args=[session.pk]), edit_form_data(session, letters="60"))
    url = reverse(
        "wagtailsnippets_wagtail_villeslumieres_writingsession:history", args=[session.pk]
    )
    assert "Letters 10 → 60" in admin_client.get(url).content.decode()


# Dashboard panel


def test_dashboard_shows_current_campaign_total_goal_and_latest_sessions(
    admin_client, campaign, hub
):
    make_session(campaign, hub, place_name="Bibliothèque de Walcourt", letters=1200)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Marathon des lettres 2016" in html
    assert "1,200" in html
    assert "3,700" in html
    assert "Bibliothèque de Walcourt" in html
    assert "Record a writing session" in html
    assert reverse(ADD_URL) in html


def test_dashboard_hides_the_record_button_from_users_who_cannot_add(
    client, campaign, hub, django_user_model
):
    viewer = make_editor(django_user_model, session_perms=["view"], pages=[hub])
    client.force_login(viewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Letter counter" in html
    assert "Record a writing session" not in html


def test_dashboard_has_no_counter_panel_for_editors_without_session_permissions(
    client, campaign, hub, django_user_model
):
    editor = make_editor(django_user_model, pages=[hub])
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Record a writing session" not in html
    assert 'id="vl-letter-counter' not in html


# Report


def test_report_lists_totals_per_hub_and_per_kind(admin_client, campaign, hub, other_site_hub):
    make_session(campaign, hub, letters=100, drawings=20)
    make_session(campaign, other_site_hub, letters=7)
    response = admin_client.get(reverse(REPORT_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Walcourt, Ville lumières" in html
    assert "Ath, Ville lumières" in html
    assert "All hubs" in html
    assert "127" in html


def test_report_exports_csv(admin_client, campaign, hub):
    make_session(campaign, hub, letters=100, drawings=20)
    response = admin_client.get(reverse(REPORT_URL), {"export": "csv"})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    lines = [line for line in content.splitlines() if line]
    assert lines[0] == "Hub,Letters,Children's drawings,Messages,E-mails,Tweets,Total,Sessions"
    assert lines[1] == '"Walcourt, Ville lumières",100,20,0,0,0,120,1'
    assert lines[2] == "All hubs,100,20,0,0,0,120,1"


def test_a_french_admin_downloads_a_french_csv(admin_client, superuser, campaign, hub):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "fr"
    profile.save()
    make_session(campaign, hub, letters=100, drawings=20)
    response = admin_client.get(reverse(REPORT_URL), {"export": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Lieu labellisé,Lettres,")
    assert lines[-1].startswith("Tous les lieux labellisés,")


def test_report_exports_xlsx(admin_client, campaign, hub):
    make_session(campaign, hub, letters=100, drawings=20)
    response = admin_client.get(reverse(REPORT_URL), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Walcourt, Ville lumières"
    assert rows[1][-2:] == (120, 1)


def test_report_chooses_the_campaign(admin_client, campaign, hub, locale_fr):
    earlier = make_campaign(
        name="Marathon 2015",
        year=2015,
        slug="marathon-2015",
        is_active=False,
        starts_on=datetime.date(2015, 11, 25),
        ends_on=datetime.date(2015, 12, 17),
    )
    make_session(campaign, hub, letters=100)
    response = admin_client.get(reverse(REPORT_URL), {"campaign": earlier.pk})
    assert "Walcourt, Ville lumières" not in response.content.decode()


def test_report_shows_a_limited_editor_only_their_hubs(
    client, campaign, hub, other_site_hub, django_user_model
):
    make_session(campaign, hub, letters=100)
    make_session(campaign, other_site_hub, letters=7)
    editor = make_editor(django_user_model, session_perms=["view"], pages=[hub])
    client.force_login(editor)
    html = client.get(reverse(REPORT_URL)).content.decode()
    assert "Walcourt, Ville lumières" in html
    assert "Ath, Ville lumières" not in html


def test_report_is_refused_to_editors_without_session_permissions(
    client, campaign, hub, django_user_model
):
    editor = make_editor(django_user_model, pages=[hub])
    client.force_login(editor)
    response = client.get(reverse(REPORT_URL))
    assert response.status_code in (302, 403)
    assert b"Walcourt, Ville lumi" not in response.content


def test_dashboard_shows_a_limited_editor_their_own_hubs_total(
    client, campaign, hub, other_site_hub, django_user_model
):
    make_session(campaign, hub, letters=120)
    make_session(campaign, other_site_hub, letters=4000)
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub])
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "(Walcourt, Ville lumières)" in html
    assert "120 letters, drawings and messages" in html
    assert "4,120" not in html


# Deleting what sessions count for


def test_campaign_with_sessions_cannot_be_deleted_from_the_admin(admin_client, campaign, hub):
    make_session(campaign, hub)
    url = reverse(
        "wagtailsnippets_wagtail_villeslumieres_lettercampaign:delete", args=[campaign.pk]
    )
    response = admin_client.post(url)
    assert response.status_code in (200, 302, 403)
    assert type(campaign).objects.filter(pk=campaign.pk).exists()


def test_hub_with_sessions_cannot_be_deleted_from_the_admin(admin_client, campaign, hub):
    make_session(campaign, hub)
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[hub.pk]))
    assert response.status_code in (200, 302, 403)
    assert type(hub).objects.filter(pk=hub.pk).exists()


def test_the_category_chooser_speaks_each_editors_language():
    from wagtail_villeslumieres.models import CommitmentPage

    with translation.override("fr"):
        # The edit form (and its widgets) is built once, in the first editor's language.
        form_class = CommitmentPage.get_edit_handler().get_form_class()
        widget = form_class.base_fields["category"].widget
        assert str(widget.choose_one_text) == "Choisir catégorie d’engagements"
    with translation.override("en"):
        assert str(widget.choose_one_text) == "Choose commitment category"


@pytest.mark.skipif(
    "wagtail_localize" not in django_settings.INSTALLED_APPS,
    reason="wagtail-localize is not installed",
)
def test_the_translations_report_is_labelled_in_each_editors_language(client, superuser):
    from wagtail.admin.menu import reports_menu

    client.force_login(superuser)
    reports_menu.__dict__.pop("registered_menu_items", None)
    try:
        with translation.override("fr"):
            reports_menu.registered_menu_items  # noqa: B018 (built once, in French)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    finally:
        reports_menu.__dict__.pop("registered_menu_items", None)
    assert "Traductions" not in html
    assert "Translations" in html
