"""Reporting links: a session's organiser reports its counts without an admin account.

A ``ReportingLink`` is a secret address an editor gives to the volunteer or
teacher who runs a writing session (kind ``session``), or to a local group for
a whole campaign in one hub (kind ``group``: it adds new sessions). What the
volunteer sends is a ``SessionReport``: pending until an editor confirms it
(or counted at once, see ``REPORTING_MODERATION``), and applied to a
``WritingSession`` through the session's own ``save``, so the running totals,
the caches, the frontend purge and the audit log follow as for an editor's
change (``wagtail_villeslumieres.reporting``).

The address's secret is never stored: the link keeps a random ``nonce`` and the
SHA-256 of its token (``nonce:signature``, signed with the site's
``SECRET_KEY`` by ``django.core.signing``). The database alone cannot rebuild
an address; the site can, so an editor may show, print or e-mail it again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .letters import SessionCounts


class ReportingLink(models.Model):
    """A secret address for reporting counts: one session, or one group in one hub."""

    SESSION = "session"
    GROUP = "group"
    KIND_CHOICES = [
        (SESSION, _("One writing session")),
        (GROUP, _("A local group, for the whole campaign")),
    ]

    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES, default=SESSION)
    session = models.ForeignKey(
        "wagtail_villeslumieres.WritingSession",
        verbose_name=_("writing session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reporting_links",
    )
    hub = models.ForeignKey(
        "wagtail_villeslumieres.HubPage",
        verbose_name=_("hub"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "wagtail_villeslumieres.LetterCampaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        _("for"),
        max_length=120,
        blank=True,
        help_text=_("For the editors only, for example “Amnesty group of Walcourt” or “Class 5B”."),
    )
    nonce = models.CharField(max_length=64, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting link")
        verbose_name_plural = _("reporting links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="session", session__isnull=False)
                    | models.Q(kind="group", session__isnull=True)
                ),
                name="vl_reportinglink_session_of_kind",
            )
        ]

    def __str__(self):
        if self.kind == self.SESSION and self.session_id:
            return str(_("Report of %(session)s") % {"session": self.session})
        return str(
            _("Group link %(label)s (%(hub)s)")
            % {"label": self.label or f"#{self.pk}", "hub": self.hub}
        )

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def has_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return not self.is_revoked and not self.has_expired


class SessionReport(SessionCounts):
    """What an organiser sent through a reporting link, and what an editor decided."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (PENDING, _("Waiting for confirmation")),
        (CONFIRMED, _("Confirmed")),
        (REJECTED, _("Rejected")),
    ]

    link = models.ForeignKey(
        ReportingLink,
        verbose_name=_("reporting link"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    #: The hub of the link, kept with the report (and its audit log entries).
    hub = models.ForeignKey(
        "wagtail_villeslumieres.HubPage",
        verbose_name=_("hub"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: The session reported on; for a group link, the one the report created, once applied.
    session = models.ForeignKey(
        "wagtail_villeslumieres.WritingSession",
        verbose_name=_("writing session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    # Where and when: for a group link's new session only.
    place_name = models.CharField(_("place"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    note = models.TextField(
        _("note to the editor"),
        max_length=1000,
        blank=True,
        help_text=_("Never published."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: A keyed hash of the sender's address (rate limits and abuse review; not reversible).
    client_hash = models.CharField(_("client"), max_length=64, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        place = self.session.place_name if self.session_id else self.place_name
        return f"{place} – {self.get_status_display()}"
