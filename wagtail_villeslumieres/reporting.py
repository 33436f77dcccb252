"""Reporting links: their secret addresses, the reports sent through them, the decisions.

The one path from a volunteer's report to the counter: ``submit`` records (or
corrects) a report; ``confirm`` applies it to its ``WritingSession`` through the
session's own ``save`` (running totals, caches, frontend purge and the counts'
audit log follow, exactly as for an editor's change); ``reject`` sets it aside.
Under ``REPORTING_MODERATION = "immediate"``, ``submit`` confirms at once.

Every step goes to Wagtail's audit log (the actions below, formatted in
``admin.reporting``), each entry naming the link and kept with its hub.
"""

import datetime
import hashlib
import time

from django.core import signing
from django.core.cache import caches
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string, salted_hmac
from wagtail.log_actions import log

from .admin.permissions import session_permissions
from .conf import vl_settings
from .models.letters import KINDS, WritingSession
from .models.reporting import ReportingLink, SessionReport

SALT = "wagtail_villeslumieres.reporting"

#: Audit log actions (registered with their labels in ``wagtail_hooks.py``).
LINK_CREATED = "wagtail_villeslumieres.reporting_link_created"
LINK_REVOKED = "wagtail_villeslumieres.reporting_link_revoked"
REPORT_RECEIVED = "wagtail_villeslumieres.report_received"
REPORT_CORRECTED = "wagtail_villeslumieres.report_corrected"
REPORT_CONFIRMED = "wagtail_villeslumieres.report_confirmed"
REPORT_REJECTED = "wagtail_villeslumieres.report_rejected"


class RateLimited(Exception):
    """Too many reports through one link, or from one address, in the period."""


# ---------------------------------------------------------------------------
# Links and their secret addresses
# ---------------------------------------------------------------------------


def _signer():
    return signing.Signer(salt=SALT)


def token_of(link):
    """The secret part of the link's address: its nonce signed with the site's key."""
    return _signer().sign(link.nonce)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry(campaign):
    """The end of the day ``REPORTING_LINK_DAYS`` after the campaign's last day."""
    day = campaign.ends_on + datetime.timedelta(days=vl_settings.REPORTING_LINK_DAYS + 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def create_link(*, hub, campaign, session=None, label="", expires_at=None, user=None):
    """A new link: for ``session`` (its hub and campaign), or for a group in ``hub``."""
    if session is not None:
        hub, campaign = session.hub, session.campaign
    link = ReportingLink(
        kind=ReportingLink.SESSION if session is not None else ReportingLink.GROUP,
        session=session,
        hub=hub,
        campaign=campaign,
        label=label,
        expires_at=expires_at or default_expiry(campaign),
        created_by=user if user is not None and user.is_authenticated else None,
        nonce=get_random_string(43),
    )
    link.token_hash = _hash(token_of(link))
    link.save()
    _log(link, LINK_CREATED, user)
    return link


def link_for_token(token):
    """The usable link with this token, else ``None`` (tampered, unknown, expired, revoked).

    A token whose signature fails is refused before any query.
    """
    if not token or len(token) > 200:
        return None
    try:
        _signer().unsign(token)
    except signing.BadSignature:
        return None
    link = (
        ReportingLink.objects.select_related("session", "hub", "campaign")
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None or not link.is_usable:
        return None
    return link


def link_path(link):
    return reverse("wagtail_villeslumieres:report", args=[token_of(link)])


def link_url(request, link):
    """The absolute address of the link's form, to copy, print and send."""
    return request.build_absolute_uri(link_path(link))


def revoke(link, user=None):
    """Stops the link at once (its reports stay, to be confirmed or rejected)."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        _log(link, LINK_REVOKED, user)


# ---------------------------------------------------------------------------
# Abuse limits
# ---------------------------------------------------------------------------


def client_hash(request):
    """A keyed hash of the client's address (``REMOTE_ADDR``): comparable, not reversible."""
    address = request.META.get("REMOTE_ADDR", "")
    return salted_hmac(SALT + ".client", address, algorithm="sha256").hexdigest()


def check_rate(link, client):
    """Counts one submission; ``RateLimited`` past either limit of the current period."""
    cache = caches[vl_settings.CACHE_ALIAS]
    period = vl_settings.REPORTING_RATE_PERIOD
    window = int(time.time() // period)
    limits = (
        (f"vl:report-rate:link:{link.pk}:{window}", vl_settings.REPORTING_SUBMISSIONS_PER_LINK),
        (f"vl:report-rate:client:{client}:{window}", vl_settings.REPORTING_SUBMISSIONS_PER_CLIENT),
    )
    over = False
    for key, limit in limits:
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            count = 1
        over = over or count > limit
    if over:
        raise RateLimited


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------


def moderation_is_immediate():
    return vl_settings.REPORTING_MODERATION == "immediate"


def current_report(link):
    """The report a session link's form corrects: its latest one not rejected."""
    return link.reports.exclude(status=SessionReport.REJECTED).order_by("-pk").first()


def session_of(report):
    """The writing session ``report`` would give: its session with the reported counts,
    or, for a group link, a new session (unsaved). Validated with the session's ``clean``."""
    link = report.link
    session = report.session or link.session
    if session is None:
        session = WritingSession(
            campaign=link.campaign,
            hub=link.hub,
            place_name=report.place_name,
            starts_at=report.starts_at,
            ends_at=report.ends_at,
            is_public=False,
        )
    else:
        session = WritingSession.objects.get(pk=session.pk)
    for kind in KINDS:
        setattr(session, kind, getattr(report, kind))
    return session


def submit(report, *, client=""):
    """Records a new or corrected report; under immediate moderation, applies it at once.

    A correction of a report an editor already confirmed (or rejected) becomes a
    new pending report; under immediate moderation, it updates the session again.
    """
    link = report.link
    with transaction.atomic():
        corrected = report.pk is not None
        if corrected:
            # What an editor decided meanwhile, read under the row's lock.
            stored = SessionReport.objects.select_for_update().get(pk=report.pk)
            report.status, report.decided_by_id = stored.status, stored.decided_by_id
            report.decided_at = stored.decided_at
        decided_by_editor = report.status != SessionReport.PENDING and not (
            moderation_is_immediate() and report.decided_by_id is None
        )
        if corrected and decided_by_editor:
            # An editor decided on it: the correction waits for them as a new report.
            report.pk = None
            report.status = SessionReport.PENDING
            report.decided_at = None
            report.decided_by = None
            corrected = False
        report.hub = link.hub
        report.session = report.session or link.session
        report.client_hash = client
        report.submitted_at = timezone.now()
        report.save()
        _log(report, REPORT_CORRECTED if corrected else REPORT_RECEIVED, None)
        if moderation_is_immediate():
            _apply(report, None)
    if vl_settings.REPORTING_NOTIFY_EDITORS and not corrected:
        transaction.on_commit(lambda: notify_editors(report))
    return report


def _apply(report, user):
    session = session_of(report)
    if session.pk is None:
        session.note = str(report.link)
        session.entered_by = user
    session.save()
    report.session = session
    report.status = SessionReport.CONFIRMED
    report.decided_by = user
    report.decided_at = timezone.now() if user is not None else None
    report.save(update_fields=["session", "status", "decided_by", "decided_at", "updated_at"])
    _log(report, REPORT_CONFIRMED, user)


class AlreadyDecided(Exception):
    """Another editor confirmed or rejected the report first."""


def _lock_pending(report):
    """Locks the report's row; ``AlreadyDecided`` unless it still waits (call in a transaction).

    Two editors deciding at once: the second waits for the first, then finds it
    decided, so a group's session is never created twice.
    """
    status = (
        SessionReport.objects.select_for_update()
        .filter(pk=report.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != SessionReport.PENDING:
        raise AlreadyDecided


def confirm(report, user, counts=None):
    """Applies ``report`` (with the editor's ``counts``, when they corrected them)."""
    with transaction.atomic():
        _lock_pending(report)
        for kind, value in (counts or {}).items():
            setattr(report, kind, value)
        if counts:
            report.save(update_fields=[*counts, "updated_at"])
        _apply(report, user)


def reject(report, user):
    """Sets ``report`` aside: nothing it said counts."""
    with transaction.atomic():
        _lock_pending(report)
        report.status = SessionReport.REJECTED
        report.decided_by = user
        report.decided_at = timezone.now()
        report.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        _log(report, REPORT_REJECTED, user)


def reject_pending_of(link, user):
    """Rejects every pending report of ``link`` (a revoked link's, say); how many."""
    rejected = 0
    for report in link.reports.filter(status=SessionReport.PENDING):
        try:
            reject(report, user)
        except AlreadyDecided:
            continue  # an editor decided on it meanwhile
        rejected += 1
    return rejected


# ---------------------------------------------------------------------------
# Audit log and e-mail
# ---------------------------------------------------------------------------


def _log(instance, action, user):
    link = instance if isinstance(instance, ReportingLink) else instance.link
    data = {"link": link.pk, "link_title": str(link)}
    if isinstance(instance, SessionReport):
        data["counts"] = instance.counts
    kwargs = {"user": user} if user is not None else {}
    log(instance, action, data=data, **kwargs)


def notify_editors(report):
    """E-mails the editors of the report's hub (``REPORTING_NOTIFY_EDITORS``)."""
    probe = WritingSession(hub=report.hub)
    users = session_permissions.users_with_any_permission_for_instance(["change"], probe)
    recipients = sorted({user.email for user in users if user.email})
    if not recipients:
        return 0
    with translation.override(translation.get_language()):
        subject = render_to_string(
            "wagtail_villeslumieres/reporting/new_report_subject.txt", {"report": report}
        ).strip()
        body = render_to_string(
            "wagtail_villeslumieres/reporting/new_report_email.txt", {"report": report}
        )
    return send_mail(subject, body, None, recipients)


def send_link(link, url, address, language, user=None):
    """E-mails the link's address to its organiser, in ``language``. Nothing is stored."""
    with translation.override(language):
        context = {"link": link, "url": url, "sender": user}
        subject = render_to_string(
            "wagtail_villeslumieres/reporting/link_subject.txt", context
        ).strip()
        body = render_to_string("wagtail_villeslumieres/reporting/link_email.txt", context)
    return send_mail(subject, body, None, [address])
