"""The admin of reporting links: create, share (copy, QR code, sheet, e-mail), revoke,
and decide on reports in one step, each user within their own hubs."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import GroupPagePermission

from tests.factories import make_campaign, make_home, make_hub, make_session
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import ReportingLink, SessionReport, WritingSessionLogEntry

pytestmark = pytest.mark.django_db

ADMIN = "wagtail_villeslumieres_admin"


def in_a_month():
    return timezone.now() + datetime.timedelta(days=30)


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def session(campaign, hub):
    return make_session(campaign, hub, place_name="École du Centre", letters=5)


@pytest.fixture
def link(session):
    return reporting.create_link(
        hub=session.hub, campaign=session.campaign, session=session, expires_at=in_a_month()
    )


@pytest.fixture
def pending(link):
    report = SessionReport(link=link, letters=30, drawings=2)
    return reporting.submit(report, client="x")


@pytest.fixture
def ixelles(campaign):
    hub = make_hub(make_home(hostname="ixelles"), title="Ixelles, Ville lumières", slug="ixelles")
    session = make_session(campaign, hub, place_name="Ixelles school", letters=700)
    link = reporting.create_link(
        hub=hub, campaign=campaign, session=session, expires_at=in_a_month()
    )
    report = reporting.submit(SessionReport(link=link, letters=800), client="y")
    return {"hub": hub, "session": session, "link": link, "report": report}


@pytest.fixture
def walcourt_editor(home, django_user_model):
    group = Group.objects.create(name="Walcourt editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in ("add", "change", "delete", "view"):
        group.permissions.add(Permission.objects.get(codename=f"{action}_writingsession"))
    GroupPagePermission.objects.create(
        group=group, page=home, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user(
        username="walcourt", password="password", email="editor@walcourt.example"
    )
    user.groups.add(group)
    return user


# ---------------------------------------------------------------------------
# Creating and sharing
# ---------------------------------------------------------------------------


def test_an_editor_creates_a_link_from_a_writing_session(admin_client, session, superuser):
    url = reverse(f"{ADMIN}:reporting_link_add_for_session", args=[session.pk])
    assert "École du Centre" in admin_client.get(url).content.decode()
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = admin_client.post(url, {"label": "Mme Dupont", "valid_until": day})
    link = ReportingLink.objects.get()
    assert response["Location"] == reverse(f"{ADMIN}:reporting_link", args=[link.pk])
    assert link.session == session and link.hub == session.hub and link.created_by == superuser
    assert timezone.localtime(link.expires_at).date() == timezone.localdate() + datetime.timedelta(
        days=11
    )
    entry = WritingSessionLogEntry.objects.get(action=reporting.LINK_CREATED)
    assert entry.user == superuser and entry.hub_id == session.hub_id


def test_the_session_listing_offers_a_reporting_link(admin_client, session):
    html = admin_client.get(
        reverse("wagtailsnippets_wagtail_villeslumieres_writingsession:list")
    ).content.decode()
    assert reverse(f"{ADMIN}:reporting_link_add_for_session", args=[session.pk]) in html


def test_an_editor_creates_a_group_link_for_a_hub_and_campaign(admin_client, hub, campaign):
    response = admin_client.post(
        reverse(f"{ADMIN}:reporting_link_add"),
        {"hub": hub.pk, "campaign": campaign.pk, "label": "Groupe Amnesty"},
    )
    assert response.status_code == 302
    link = ReportingLink.objects.get()
    assert link.kind == ReportingLink.GROUP and link.session is None
    assert timezone.localtime(link.expires_at).date() == datetime.date(2016, 12, 25)


def test_a_date_in_the_past_is_refused(admin_client, session):
    url = reverse(f"{ADMIN}:reporting_link_add_for_session", args=[session.pk])
    response = admin_client.post(url, {"valid_until": "2020-01-01"})
    assert response.status_code == 200
    assert "from today on" in response.content.decode()
    assert not ReportingLink.objects.exists()


def test_the_link_page_has_the_address_a_copy_button_and_the_qr_code(admin_client, link):
    html = admin_client.get(reverse(f"{ADMIN}:reporting_link", args=[link.pk])).content.decode()
    address = "http://testserver" + reporting.link_path(link)
    assert f'value="{address}"' in html
    assert 'data-controller="w-clipboard"' in html
    assert "<svg" in html


def _rasterise(svg, module=6):
    """A segno SVG (one path of horizontal strokes, "M x y", "m dx dy", "h n") as an image."""
    scale = float(re.search(r'transform="scale\(([\d.]+)\)"', svg).group(1))
    width = int(float(re.search(r'width="([\d.]+)"', svg).group(1)) / scale)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    image = Image.new("L", (width * module, width * module), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([^MmHh]*)", path):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            length = numbers[0]
            row = int(y - 0.5)
            draw.rectangle(
                [x * module, row * module, (x + length) * module - 1, (row + 1) * module - 1],
                fill=0,
            )
            x += length
    return image


def test_the_qr_code_decodes_back_to_the_link(admin_client, link):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (test extra) decodes QR codes")
    response = admin_client.get(reverse(f"{ADMIN}:reporting_link_qr", args=[link.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    results = zxingcpp.read_barcodes(_rasterise(response.content.decode()))
    assert [result.text for result in results] == ["http://testserver" + reporting.link_path(link)]
    # And the decoded address opens the organiser's form.
    assert admin_client.get(reporting.link_path(link)).status_code == 200


def test_the_session_sheet_has_place_date_counts_table_and_qr_code(admin_client, link):
    html = admin_client.get(
        reverse(f"{ADMIN}:reporting_link_sheet", args=[link.pk])
    ).content.decode()
    assert "École du Centre" in html
    assert "print-kit.css" in html
    assert html.count('<th scope="col">') == 5
    assert "<svg" in html and reporting.link_path(link) in html


def test_the_link_is_emailed_to_the_organiser_and_the_address_is_not_stored(admin_client, link):
    response = admin_client.post(
        reverse(f"{ADMIN}:reporting_link_email", args=[link.pk]),
        {"address": "organiser@example.org", "language": "fr"},
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["organiser@example.org"]
    assert reporting.link_path(link) in mail.outbox[0].body
    assert not ReportingLink.objects.filter(label__contains="organiser").exists()


def test_a_bad_address_sends_nothing(admin_client, link):
    response = admin_client.post(
        reverse(f"{ADMIN}:reporting_link_email", args=[link.pk]),
        {"address": "not an address", "language": "fr"},
    )
    assert response.status_code == 200
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Revoking, deciding
# ---------------------------------------------------------------------------


def test_revoking_a_link_rejects_its_pending_reports_in_one_step(admin_client, link, pending):
    response = admin_client.post(
        reverse(f"{ADMIN}:reporting_link_revoke", args=[link.pk]), {"reject_pending": "on"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    pending.refresh_from_db()
    assert pending.status == SessionReport.REJECTED
    assert admin_client.get(reporting.link_path(link)).status_code == 404


def test_pending_reports_are_listed_and_on_the_dashboard(admin_client, pending):
    listing = admin_client.get(reverse(f"{ADMIN}:session_reports")).content.decode()
    assert "École du Centre" in listing
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 report waits for your confirmation" in dashboard


def _decide(client, report, decision, **counts):
    prefix = f"report-{report.pk}"
    data = {f"{prefix}-{kind}": value for kind, value in {**report.counts, **counts}.items()}
    data[f"{prefix}-decision"] = decision
    return client.post(reverse(f"{ADMIN}:session_report_decide", args=[report.pk]), data)


def test_confirming_in_one_step_updates_the_session_and_totals(admin_client, pending, session):
    assert _decide(admin_client, pending, "confirm").status_code == 302
    session.refresh_from_db()
    assert session.letters == 30 and session.drawings == 2
    assert totals.for_campaign(session.campaign, session.hub).total == 32


def test_correcting_and_confirming_in_one_step(admin_client, pending, session, superuser):
    _decide(admin_client, pending, "confirm", letters=25)
    session.refresh_from_db()
    assert session.letters == 25
    entry = WritingSessionLogEntry.objects.get(action=reporting.REPORT_CONFIRMED)
    assert entry.user == superuser


def test_a_correction_above_the_limit_is_refused_and_nothing_counts(admin_client, pending, session):
    response = _decide(admin_client, pending, "confirm", letters=9999)
    assert response.status_code == 200
    assert "cannot count more than" in response.content.decode()
    session.refresh_from_db()
    assert session.letters == 5
    pending.refresh_from_db()
    assert pending.status == SessionReport.PENDING


def test_rejecting_in_one_step(admin_client, pending, session):
    _decide(admin_client, pending, "reject")
    pending.refresh_from_db()
    assert pending.status == SessionReport.REJECTED
    session.refresh_from_db()
    assert session.letters == 5


def test_the_history_names_the_link(admin_client, pending):
    _decide(admin_client, pending, "confirm")
    html = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Report confirmed, sent through Report of École du Centre" in html


# ---------------------------------------------------------------------------
# Isolation between hubs
# ---------------------------------------------------------------------------


def refused(response):
    """403, or Wagtail's redirect to the dashboard with its "permission denied" message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_an_editor_sees_only_their_hubs_links_and_reports(
    client, walcourt_editor, link, pending, ixelles
):
    client.force_login(walcourt_editor)
    for name in ("reporting_links", "session_reports"):
        html = client.get(reverse(f"{ADMIN}:{name}")).content.decode()
        assert "École du Centre" in html
        assert "Ixelles" not in html
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 report waits" in dashboard


def test_an_editor_cannot_confirm_another_hubs_report(client, walcourt_editor, ixelles):
    client.force_login(walcourt_editor)
    assert refused(_decide(client, ixelles["report"], "confirm"))
    ixelles["session"].refresh_from_db()
    assert ixelles["session"].letters == 700


def test_an_editor_cannot_create_a_link_for_another_hub(client, walcourt_editor, ixelles, campaign):
    client.force_login(walcourt_editor)
    session_url = reverse(f"{ADMIN}:reporting_link_add_for_session", args=[ixelles["session"].pk])
    assert refused(client.post(session_url, {}))
    response = client.post(
        reverse(f"{ADMIN}:reporting_link_add"), {"hub": ixelles["hub"].pk, "campaign": campaign.pk}
    )
    assert response.status_code == 200
    assert ReportingLink.objects.filter(hub=ixelles["hub"]).count() == 1


def test_an_editor_cannot_revoke_or_share_another_hubs_link(client, walcourt_editor, ixelles):
    client.force_login(walcourt_editor)
    pk = ixelles["link"].pk
    assert refused(client.post(reverse(f"{ADMIN}:reporting_link_revoke", args=[pk])))
    response = client.post(
        reverse(f"{ADMIN}:reporting_link_email", args=[pk]),
        {"address": "x@example.org", "language": "fr"},
    )
    assert refused(response)
    assert mail.outbox == []
    ixelles["link"].refresh_from_db()
    assert ixelles["link"].revoked_at is None


def test_an_editor_without_session_permissions_sees_no_reporting_admin(
    client, walcourt_editor, link
):
    walcourt_editor.groups.get().permissions.remove(
        Permission.objects.get(codename="change_writingsession")
    )
    client.force_login(walcourt_editor)
    assert refused(client.get(reverse(f"{ADMIN}:reporting_links")))


def test_editors_of_the_hub_only_are_emailed_about_a_report(
    walcourt_editor, link, ixelles, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_VILLESLUMIERES = {"REPORTING_NOTIFY_EDITORS": True}
    with django_capture_on_commit_callbacks(execute=True):
        reporting.submit(SessionReport(link=ixelles["link"], letters=3), client="z")
    assert all("editor@walcourt.example" not in message.to for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.submit(SessionReport(link=link, letters=3), client="z")
    assert any("editor@walcourt.example" in message.to for message in mail.outbox)


def test_the_session_sheet_is_printed_in_the_organisers_language(admin_client, link):
    url = reverse(f"{ADMIN}:reporting_link_sheet", args=[link.pk])
    html = admin_client.get(f"{url}?lang=nl").content.decode()
    assert '<html lang="nl">' in html
    assert "Brieven" in html
    assert (
        f"{url}?lang=de"
        in admin_client.get(reverse(f"{ADMIN}:reporting_link", args=[link.pk])).content.decode()
    )


def test_the_history_lists_a_reports_counts_by_their_names(admin_client, pending):
    html = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Letters 30" in html
