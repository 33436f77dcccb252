"""Reporting links: an organiser reports a session's counts with only a secret address.

The whole life of a link (create, report, correct, confirm, expire, revoke),
tampered and foreign links, rate limits, and both moderation modes updating the
hub's counter through the same running totals as the admin.
"""

import datetime
import json

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.factories import make_campaign, make_home, make_hub, make_session, session_datetime
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import (
    SessionReport,
    WritingSession,
    WritingSessionLogEntry,
)

pytestmark = pytest.mark.django_db

IMMEDIATE = {"WAGTAIL_VILLESLUMIERES": {"REPORTING_MODERATION": "immediate"}}
COUNTS = {"letters": 42, "drawings": 7, "messages": 3, "emails": 0, "tweets": 1}


def in_a_month():
    return timezone.now() + datetime.timedelta(days=30)


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def session(campaign, hub):
    return make_session(campaign, hub, place_name="École du Centre", letters=5)


@pytest.fixture
def link(session, superuser):
    return reporting.create_link(
        hub=session.hub,
        campaign=session.campaign,
        session=session,
        expires_at=in_a_month(),
        user=superuser,
    )


@pytest.fixture
def group_link(campaign, hub, superuser):
    return reporting.create_link(
        hub=hub, campaign=campaign, label="Groupe Amnesty", expires_at=in_a_month(), user=superuser
    )


def form_url(link, **query):
    url = reverse("wagtail_villeslumieres:report", args=[reporting.token_of(link)])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def post_counts(client, link, lang="en", **counts):
    data = {**COUNTS, **counts, "note": "", "lang": lang}
    return client.post(form_url(link), data, REMOTE_ADDR="192.0.2.10")


def counter_total(campaign, hub):
    url = reverse(
        "wagtail_villeslumieres:counter_hub_json", kwargs={"slug": campaign.slug, "hub": hub.pk}
    )
    return json.loads(Client().get(url).content)["total"]


# ---------------------------------------------------------------------------
# The link
# ---------------------------------------------------------------------------


def test_a_link_stores_neither_its_secret_nor_its_address(link):
    token = reporting.token_of(link)
    assert link.nonce in token
    signature = token.split(":", 1)[1]
    stored = [str(value) for value in link.__dict__.values()]
    assert not any(signature in value for value in stored)
    assert link.token_hash != token and len(link.token_hash) == 64


def test_a_new_link_is_valid_until_a_week_after_its_campaign(session):
    link = reporting.create_link(hub=session.hub, campaign=session.campaign, session=session)
    assert timezone.localtime(link.expires_at).date() == datetime.date(2016, 12, 25)


def test_the_form_shows_the_sessions_place_and_date(client, link):
    response = client.get(form_url(link, lang="en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "École du Centre" in html
    assert "Dec. 10, 2016" in html
    assert 'lang="en"' in html


def test_the_form_speaks_the_language_chosen_on_the_page(client, link):
    html = client.get(form_url(link, lang="nl")).content.decode()
    assert '<html lang="nl">' in html
    assert "Brieven" in html


def test_the_form_is_private_unindexed_and_not_framable(client, link):
    response = client.get(form_url(link))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "same-origin"
    assert b'name="robots" content="noindex' in response.content


# ---------------------------------------------------------------------------
# Reporting and confirming (the default: reports wait for an editor)
# ---------------------------------------------------------------------------


def test_a_report_waits_for_confirmation_and_changes_no_total(client, link, session):
    response = post_counts(client, link)
    assert response.status_code == 302
    report = SessionReport.objects.get()
    assert report.status == SessionReport.PENDING
    assert report.counts == COUNTS
    session.refresh_from_db()
    assert session.letters == 5
    assert totals.for_campaign(session.campaign, session.hub).total == 5


def test_the_thank_you_page_shows_the_hubs_current_total(client, link):
    response = post_counts(client, link)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<strong>5</strong>" in page.content.decode()
    assert "checked it" in page.content.decode()


def test_a_report_is_logged_with_a_hashed_client_address(client, link):
    post_counts(client, link)
    report = SessionReport.objects.get()
    assert report.client_hash and "192.0.2.10" not in report.client_hash
    entry = WritingSessionLogEntry.objects.get(action=reporting.REPORT_RECEIVED)
    assert entry.hub_id == link.hub_id
    assert entry.data["link"] == link.pk
    assert entry.timestamp is not None


def test_a_correction_before_confirmation_updates_the_pending_report(client, link):
    post_counts(client, link)
    post_counts(client, link, letters=50)
    report = SessionReport.objects.get()
    assert report.letters == 50 and report.status == SessionReport.PENDING
    assert WritingSessionLogEntry.objects.filter(action=reporting.REPORT_CORRECTED).count() == 1


def test_the_form_shows_the_report_already_sent(client, link):
    post_counts(client, link, letters=77)
    html = client.get(form_url(link)).content.decode()
    assert 'value="77"' in html
    assert "Send the correction" in html


def test_confirming_a_report_updates_the_session_and_the_counter(client, link, session, superuser):
    post_counts(client, link)
    report = SessionReport.objects.get()
    reporting.confirm(report, superuser)
    session.refresh_from_db()
    assert session.counts == COUNTS
    assert counter_total(session.campaign, session.hub) == sum(COUNTS.values())
    assert totals.differences() == []
    report.refresh_from_db()
    assert report.status == SessionReport.CONFIRMED and report.decided_by == superuser
    embed = reverse("wagtail_villeslumieres:counter_embed", args=[session.campaign.slug])
    html = Client().get(f"{embed}?hub={session.hub.pk}&lang=en").content.decode()
    assert str(sum(COUNTS.values())) in html
    confirmed = WritingSessionLogEntry.objects.get(action=reporting.REPORT_CONFIRMED)
    assert confirmed.user == superuser and confirmed.data["link"] == link.pk


def test_confirming_with_corrected_counts_counts_the_correction(client, link, session, superuser):
    post_counts(client, link)
    reporting.confirm(SessionReport.objects.get(), superuser, counts={"letters": 40})
    session.refresh_from_db()
    assert session.letters == 40
    assert totals.for_campaign(session.campaign, session.hub).total == 40 + 7 + 3 + 1


def test_a_correction_after_confirmation_waits_as_a_new_report(client, link, session, superuser):
    post_counts(client, link)
    reporting.confirm(SessionReport.objects.get(), superuser)
    post_counts(client, link, letters=60)
    session.refresh_from_db()
    assert session.letters == 42
    pending = SessionReport.objects.get(status=SessionReport.PENDING)
    assert pending.letters == 60


def test_rejecting_a_report_changes_nothing(client, link, session, superuser):
    post_counts(client, link)
    report = SessionReport.objects.get()
    reporting.reject(report, superuser)
    session.refresh_from_db()
    assert session.letters == 5
    assert SessionReport.objects.get().status == SessionReport.REJECTED
    assert WritingSessionLogEntry.objects.filter(action=reporting.REPORT_REJECTED).exists()


# ---------------------------------------------------------------------------
# Counting at once
# ---------------------------------------------------------------------------


@override_settings(**IMMEDIATE)
def test_in_immediate_mode_a_report_counts_at_once(client, link, session):
    response = post_counts(client, link)
    session.refresh_from_db()
    assert session.counts == COUNTS
    assert counter_total(session.campaign, session.hub) == sum(COUNTS.values())
    assert "already counts" in client.get(response["Location"]).content.decode()


@override_settings(**IMMEDIATE)
def test_in_immediate_mode_a_correction_updates_the_session(client, link, session):
    post_counts(client, link)
    post_counts(client, link, letters=60)
    session.refresh_from_db()
    assert session.letters == 60
    assert SessionReport.objects.count() == 1
    assert totals.differences() == []
    assert counter_total(session.campaign, session.hub) == 60 + 7 + 3 + 1


# ---------------------------------------------------------------------------
# Bad input: the admin form's limits and messages, nothing saved
# ---------------------------------------------------------------------------


def test_a_count_above_the_limit_is_refused_with_the_admins_message(client, link):
    response = post_counts(client, link, letters=5001)
    assert response.status_code == 200
    assert "cannot count more than 5,000 of one kind" in response.content.decode()
    assert not SessionReport.objects.exists()


def test_a_negative_count_is_refused(client, link):
    response = post_counts(client, link, drawings=-1)
    assert response.status_code == 200
    assert not SessionReport.objects.exists()


def test_an_ended_session_needs_at_least_one_count(client, link):
    response = post_counts(client, link, **dict.fromkeys(COUNTS, 0))
    assert "enter at least one count" in response.content.decode()
    assert not SessionReport.objects.exists()


# ---------------------------------------------------------------------------
# Tampered, expired, revoked: 404 and nothing revealed
# ---------------------------------------------------------------------------


def assert_not_found_revealing_nothing(response):
    assert response.status_code == 404
    assert "École du Centre" not in response.content.decode()


def test_a_tampered_link_is_not_found(client, link):
    token = reporting.token_of(link)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    url = reverse("wagtail_villeslumieres:report", args=[tampered])
    assert_not_found_revealing_nothing(client.get(url))
    assert client.post(url, {**COUNTS}).status_code == 404
    assert not SessionReport.objects.exists()


def test_a_tampered_token_is_refused_before_any_query(link, django_assert_num_queries):
    token = reporting.token_of(link)
    with django_assert_num_queries(0):
        assert reporting.link_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_another_nonce_with_a_forged_signature_is_not_found(client, link):
    url = reverse("wagtail_villeslumieres:report", args=[f"{link.nonce}x:forged"])
    assert_not_found_revealing_nothing(client.get(url))


def test_an_expired_link_is_not_found(client, link):
    link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    link.save()
    assert_not_found_revealing_nothing(client.get(form_url(link)))
    assert post_counts(client, link).status_code == 404
    assert not SessionReport.objects.exists()


def test_a_revoked_link_is_not_found(client, link, superuser):
    reporting.revoke(link, superuser)
    assert_not_found_revealing_nothing(client.get(form_url(link)))
    assert post_counts(client, link).status_code == 404
    assert WritingSessionLogEntry.objects.filter(action=reporting.LINK_REVOKED).exists()


def test_a_revoked_links_pending_reports_are_rejected_in_bulk(client, link, superuser, session):
    post_counts(client, link)
    reporting.revoke(link, superuser)
    assert reporting.reject_pending_of(link, superuser) == 1
    assert SessionReport.objects.get().status == SessionReport.REJECTED
    session.refresh_from_db()
    assert session.letters == 5


def test_the_thank_you_page_of_a_revoked_link_is_not_found(client, link, superuser):
    response = post_counts(client, link)
    reporting.revoke(link, superuser)
    assert client.get(response["Location"]).status_code == 404


# ---------------------------------------------------------------------------
# Rate limits
# ---------------------------------------------------------------------------


@override_settings(WAGTAIL_VILLESLUMIERES={"REPORTING_SUBMISSIONS_PER_LINK": 2})
def test_a_link_accepts_only_so_many_reports_in_the_period(client, link):
    assert post_counts(client, link).status_code == 302
    assert post_counts(client, link, letters=43).status_code == 302
    response = post_counts(client, link, letters=44)
    assert response.status_code == 429
    assert SessionReport.objects.get().letters == 43


@override_settings(WAGTAIL_VILLESLUMIERES={"REPORTING_SUBMISSIONS_PER_CLIENT": 1})
def test_a_client_address_sends_only_so_many_reports_whatever_the_link(client, link, group_link):
    assert post_counts(client, link).status_code == 302
    response = client.post(
        form_url(group_link),
        {**COUNTS, "place_name": "Salle", "day": "2016-12-11", "starts": "14:00", "ends": "16:00"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429
    assert SessionReport.objects.count() == 1


# ---------------------------------------------------------------------------
# Group links: new sessions, in their own hub only
# ---------------------------------------------------------------------------


def group_post(client, link, **fields):
    data = {
        **COUNTS,
        "place_name": "Salle des fêtes",
        "day": "2016-12-11",
        "starts": "14:00",
        "ends": "16:00",
        "lang": "en",
        **fields,
    }
    return client.post(form_url(link), data, REMOTE_ADDR="192.0.2.20")


def test_a_group_link_adds_a_session_to_its_hub_once_confirmed(client, group_link, superuser):
    assert group_post(client, group_link).status_code == 302
    assert WritingSession.objects.count() == 0
    reporting.confirm(SessionReport.objects.get(), superuser)
    created = WritingSession.objects.get()
    assert created.hub == group_link.hub and created.campaign == group_link.campaign
    assert created.place_name == "Salle des fêtes"
    assert timezone.localtime(created.starts_at) == session_datetime(11, 14)
    assert created.counts == COUNTS
    assert totals.for_campaign(created.campaign, created.hub).total == sum(COUNTS.values())


def test_a_group_link_refuses_a_session_outside_its_campaign(client, group_link):
    response = group_post(client, group_link, day="2017-03-01")
    assert "outside its campaign" in response.content.decode()
    assert not SessionReport.objects.exists()


def test_a_group_link_lists_and_corrects_its_own_reports(client, group_link):
    group_post(client, group_link)
    report = SessionReport.objects.get()
    html = client.get(form_url(group_link)).content.decode()
    assert "Salle des fêtes" in html
    url = reverse(
        "wagtail_villeslumieres:report_correct", args=[reporting.token_of(group_link), report.pk]
    )
    client.post(
        url,
        {
            **COUNTS,
            "letters": 9,
            "place_name": "Salle des fêtes",
            "day": "2016-12-11",
            "starts": "14:00",
            "ends": "16:00",
        },
        REMOTE_ADDR="192.0.2.20",
    )
    report.refresh_from_db()
    assert report.letters == 9 and SessionReport.objects.count() == 1


def test_a_group_link_cannot_reach_another_links_report(client, group_link, campaign, superuser):
    ixelles = make_hub(
        make_home(hostname="ixelles"), title="Ixelles, Ville lumières", slug="ixelles"
    )
    other = reporting.create_link(hub=ixelles, campaign=campaign, expires_at=in_a_month())
    group_post(client, other)
    foreign = SessionReport.objects.get()
    url = reverse(
        "wagtail_villeslumieres:report_correct", args=[reporting.token_of(group_link), foreign.pk]
    )
    response = client.post(
        url,
        {
            **COUNTS,
            "letters": 999,
            "place_name": "X",
            "day": "2016-12-11",
            "starts": "14:00",
            "ends": "16:00",
        },
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.letters == 42 and foreign.hub == ixelles


@override_settings(**IMMEDIATE)
def test_a_group_link_adds_to_its_own_hub_only(client, group_link, campaign):
    ixelles = make_hub(
        make_home(hostname="ixelles"), title="Ixelles, Ville lumières", slug="ixelles"
    )
    group_post(client, group_link, hub=ixelles.pk)
    assert totals.for_campaign(campaign, ixelles).total == 0
    assert totals.for_campaign(campaign, group_link.hub).total == sum(COUNTS.values())


def test_a_session_link_cannot_correct_by_report_number(client, link):
    post_counts(client, link)
    report = SessionReport.objects.get()
    url = reverse(
        "wagtail_villeslumieres:report_correct", args=[reporting.token_of(link), report.pk]
    )
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------


@override_settings(WAGTAIL_VILLESLUMIERES={"REPORTING_NOTIFY_EDITORS": True})
def test_editors_are_emailed_when_a_report_arrives(
    client, link, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_counts(client, link)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [superuser.email]
    assert "École du Centre" in mail.outbox[0].body


def test_editors_are_not_emailed_by_default(client, link, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_counts(client, link)
    assert mail.outbox == []


def test_the_link_is_emailed_to_the_organiser_in_their_language(link):
    reporting.send_link(link, "https://example.org/r/x/", "organiser@example.org", "nl")
    message = mail.outbox[0]
    assert message.to == ["organiser@example.org"]
    assert "https://example.org/r/x/" in message.body
    assert "sessie" in message.body.lower()


def test_reports_leave_no_entry_in_wagtails_shared_log(client, link):
    post_counts(client, link)
    assert not ModelLogEntry.objects.exists()


def test_a_report_decided_meanwhile_is_not_decided_again(client, group_link, superuser):
    group_post(client, group_link)
    stale = SessionReport.objects.get()
    reporting.confirm(SessionReport.objects.get(), superuser)
    with pytest.raises(reporting.AlreadyDecided):
        reporting.confirm(stale, superuser)
    with pytest.raises(reporting.AlreadyDecided):
        reporting.reject(stale, superuser)
    assert WritingSession.objects.count() == 1


def test_a_correction_sent_while_an_editor_confirmed_waits_as_a_new_report(
    client, link, session, superuser
):
    post_counts(client, link)
    seen_by_the_organiser = SessionReport.objects.get()
    reporting.confirm(SessionReport.objects.get(), superuser)
    seen_by_the_organiser.letters = 60
    reporting.submit(seen_by_the_organiser, client="x")
    assert SessionReport.objects.filter(status=SessionReport.CONFIRMED).get().letters == 42
    assert SessionReport.objects.get(status=SessionReport.PENDING).letters == 60
    session.refresh_from_db()
    assert session.letters == 42
