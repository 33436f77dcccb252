"""The "Marathon des lettres": letter campaigns and the writing sessions that feed them.

A ``LetterCampaign`` is translatable (its name has a language); a campaign and
its translations share one total. A ``WritingSession`` is not translatable:
numbers have no language. It counts for one hub; a hub and its translations
share one total too. Totals are computed in ``wagtail_villeslumieres.counter.totals``
and nowhere else.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..admin.panels import EmbedCodePanel
from ..conf import vl_settings
from ..formatting import format_number
from .base import PostalAddress

#: The kinds of messages a writing session counts, in the order every reader shows them.
KINDS = ("letters", "drawings", "messages", "emails", "tweets")

KIND_LABELS = {
    "letters": _("Letters"),
    "drawings": _("Children's drawings"),
    "messages": _("Messages"),
    "emails": _("E-mails"),
    "tweets": _("Tweets"),
}


#: The code of the error "this session has ended: enter at least one count".
NO_COUNT = "no_count"


def max_count_per_session():
    """The configured upper bound of one count (``MAX_COUNT_PER_SESSION``)."""
    return vl_settings.MAX_COUNT_PER_SESSION


_lazy_number = lazy(format_number, str)


class MaxCountValidator(MaxValueValidator):
    """Refuses a count above ``MAX_COUNT_PER_SESSION``, read when validating."""

    message = _(
        "A single session cannot count more than %(limit_value)s of one kind. "
        "Check the number; if it is right, record it as several sessions or ask "
        "your administrator to raise the limit."
    )

    def __init__(self):
        super().__init__(max_count_per_session)

    def __call__(self, value):
        try:
            super().__call__(value)
        except ValidationError as error:
            # The limit written as the language of the message writes numbers
            # ("5 000", "5.000", "5,000"), when the message is shown.
            error.params["limit_value"] = _lazy_number(error.params["limit_value"])
            raise

    def deconstruct(self):
        return ("wagtail_villeslumieres.models.letters.MaxCountValidator", (), {})

    def __eq__(self, other):
        return isinstance(other, MaxCountValidator)

    __hash__ = object.__hash__


class LetterCampaign(TranslatableMixin, models.Model):
    """One year's "Marathon des lettres": its dates, its goal and its public slug."""

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("As the public sees it, for example “Marathon des lettres 2016”."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        allow_unicode=False,
        help_text=_(
            "Short name used in the counter's public web addresses, for example "
            "“marathon-2016”. Do not change it once the counter is embedded elsewhere."
        ),
    )
    starts_on = models.DateField(
        _("first day"), help_text=_("Sessions before this day cannot be recorded.")
    )
    ends_on = models.DateField(
        _("last day"), help_text=_("Sessions after this day cannot be recorded.")
    )
    goal = models.PositiveIntegerField(
        _("goal"),
        null=True,
        blank=True,
        help_text=_(
            "How many letters, drawings, messages, e-mails and tweets you hope for in "
            "all. Leave empty to show the count without a goal."
        ),
    )
    is_active = models.BooleanField(
        _("current campaign"),
        default=False,
        help_text=_(
            "The current campaign is the one the hub page, the dashboard and new "
            "writing sessions use. Tick it for one campaign at a time."
        ),
    )

    display_threshold = models.PositiveIntegerField(
        _("display threshold"),
        null=True,
        blank=True,
        help_text=_(
            "Below this total, counters embedded on other websites invite people to "
            "write instead of showing a small number. Leave empty to always show it."
        ),
    )
    goal_reached_message = models.CharField(
        _("goal reached message"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown on embedded counters once the goal is reached, for example "
            "“Thank you: the goal is reached!”. Leave empty to show only the number."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("goal"), FieldPanel("is_active")]),
        MultiFieldPanel(
            [FieldPanel("display_threshold"), FieldPanel("goal_reached_message")],
            heading=_("On other websites"),
        ),
        EmbedCodePanel(),
    ]

    # Only the name has a language; numbers, dates and the public slug are the same
    # in every translation, so a campaign and its translations share one total.
    override_translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("year"),
        SynchronizedField("slug"),
        SynchronizedField("starts_on"),
        SynchronizedField("ends_on"),
        SynchronizedField("goal"),
        SynchronizedField("is_active"),
        SynchronizedField("display_threshold"),
        TranslatableField("goal_reached_message"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="vl_lettercampaign_unique_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name

    def untick_other_current(self):
        """Makes this campaign (with its translations) the only current one.

        Returns the campaigns that were current and no longer are (each saved, so
        their cached figures are dropped). Called by the campaign admin when an
        editor ticks "current campaign".
        """
        others = LetterCampaign.objects.filter(is_active=True).exclude(
            translation_key=self.translation_key
        )
        unticked = list(others.order_by("-starts_on", "pk"))
        for campaign in unticked:
            campaign.is_active = False
            campaign.save(update_fields=["is_active"])
        return unticked

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        if self.slug and self.locale_id:
            clash = LetterCampaign.objects.filter(slug=self.slug, locale_id=self.locale_id)
            clash = clash.exclude(translation_key=self.translation_key)
            if clash.exists():
                raise ValidationError({"slug": _("Another campaign already uses this slug.")})


#: The fields of a session that, when edited, make it a new version in calendars.
SCHEDULE_FIELDS = (
    "starts_at",
    "ends_at",
    "place_name",
    "street_address",
    "postal_code",
    "locality",
    "country",
    "is_public",
)


class SessionCounts(models.Model):
    """What a writing session collected, by kind (``KINDS``), each within the per-session
    maximum: a session's own counts, and those its organiser reports (``SessionReport``).
    """

    letters = models.PositiveIntegerField(_("letters"), default=0, validators=[MaxCountValidator()])
    drawings = models.PositiveIntegerField(
        _("children's drawings"), default=0, validators=[MaxCountValidator()]
    )
    messages = models.PositiveIntegerField(
        _("messages"), default=0, validators=[MaxCountValidator()]
    )
    emails = models.PositiveIntegerField(_("e-mails"), default=0, validators=[MaxCountValidator()])
    tweets = models.PositiveIntegerField(_("tweets"), default=0, validators=[MaxCountValidator()])

    class Meta:
        abstract = True

    @property
    def counts(self):
        """The counts by kind, in the fixed order of ``KINDS``."""
        return {kind: getattr(self, kind) for kind in KINDS}

    @property
    def total(self):
        return sum(self.counts.values())

    def counts_text(self):
        """The counts in words, for messages and the audit log: "Letters 12, …"."""
        return ", ".join(f"{KIND_LABELS[kind]} {getattr(self, kind)}" for kind in KINDS)


class WritingSession(index.Indexed, PostalAddress, SessionCounts):
    """A public writing session ("séance d'écriture") and what it collected.

    Announced ahead (no counts yet), then completed with its counts once it has
    taken place. It always counts for one hub (a municipality's hub page).
    """

    campaign = models.ForeignKey(
        LetterCampaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="writing_sessions",
    )
    hub = models.ForeignKey(
        "wagtail_villeslumieres.HubPage",
        verbose_name=_("hub"),
        on_delete=models.PROTECT,
        related_name="writing_sessions",
        help_text=_("The labelled commune, city or university the session counts for."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place_name = models.CharField(
        _("place"),
        max_length=120,
        help_text=_("For example “Bibliothèque communale” or “École du Centre”."),
    )
    is_public = models.BooleanField(
        _("open to the public"),
        default=True,
        help_text=_("Untick for a session in a class or another closed group."),
    )
    public_note = models.CharField(
        _("note for the public"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown in the public agenda, for example “Wheelchair accessible, entrance "
            "at the back” or “Children welcome: drawing material provided”."
        ),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("For the editors only: who ran the session, anything unusual."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    #: Bumped each time the session moves or changes place (iCalendar's SEQUENCE).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    # The form puts what a volunteer fills in on a phone first: where, when, how many.
    panels = [
        FieldPanel("hub"),
        FieldPanel("campaign"),
        FieldPanel("place_name"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("letters"), FieldPanel("drawings")]),
                FieldRowPanel([FieldPanel("messages"), FieldPanel("emails"), FieldPanel("tweets")]),
            ],
            heading=_("Counts"),
            help_text=_(
                "Leave at 0 for a session announced ahead; fill in once it has taken place."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel(
                    [FieldPanel("postal_code"), FieldPanel("locality"), FieldPanel("country")]
                ),
                FieldPanel("is_public"),
                FieldPanel("public_note"),
                FieldPanel("note"),
            ],
            heading=_("Details"),
            classname="collapsed",
        ),
    ]

    search_fields = [
        index.SearchField("place_name"),
        index.AutocompleteField("place_name"),
        index.SearchField("street_address"),
        index.SearchField("locality"),
        index.SearchField("note"),
        index.FilterField("campaign"),
        index.FilterField("hub"),
        index.FilterField("starts_at"),
    ]

    class Meta:
        verbose_name = _("writing session")
        verbose_name_plural = _("writing sessions")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "hub"], name="vl_session_campaign_hub")]

    def __str__(self):
        day = timezone.localtime(self.starts_at).date() if self.starts_at else ""
        return f"{self.place_name} ({day})"

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_schedule", None)
        if loaded is not None and loaded != self.schedule:
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence"}
        # One transaction for the row and the running totals its signals update
        # (``counter.signals``): a total never counts a session that was rolled back.
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
        self._loaded_schedule = self.schedule

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        # Extra arguments pass through (Django 6.1 adds ``fetch_mode``).
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        # Remembered so the audit log can record old and new counts without a query.
        instance._loaded_counts = instance.counts if set(KINDS) <= set(field_names) else None
        instance._loaded_schedule = (
            instance.schedule if set(SCHEDULE_FIELDS) <= set(field_names) else None
        )
        return instance

    @property
    def schedule(self):
        """When and where: what calendar applications must be told about when it changes."""
        return tuple(getattr(self, name) for name in SCHEDULE_FIELDS)

    @property
    def has_ended(self):
        return self.ends_at is not None and self.ends_at <= timezone.now()

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The session cannot end before it starts.")
        campaign = self.campaign if self.campaign_id else None
        if campaign and self.starts_at and self.ends_at:
            first = timezone.localtime(self.starts_at).date()
            last = timezone.localtime(self.ends_at).date()
            if first < campaign.starts_on or last > campaign.ends_on:
                errors["starts_at"] = _(
                    "This session is outside its campaign, which runs from %(start)s to "
                    "%(end)s. Check the date, or choose the right campaign."
                ) % {
                    "start": _format_date(campaign.starts_on),
                    "end": _format_date(campaign.ends_on),
                }
        if self.has_ended and all(
            isinstance(value, int) and value == 0 for value in self.counts.values()
        ):
            errors["letters"] = ValidationError(
                _(
                    "This session has ended: enter at least one count (letters, drawings, "
                    "messages, e-mails or tweets)."
                ),
                code=NO_COUNT,
            )
        if errors:
            raise ValidationError(errors)


class LetterTotal(models.Model):
    """The running figures of one hub in one campaign, kept with every session change.

    One row per (campaign ``translation_key``, hub ``translation_key``): a campaign
    and its translations, a hub and its translations, share one row. The rows are
    updated in the same transaction as each session save and delete, with atomic
    increments (``counter.totals.record_change``), so no reader aggregates the
    session table. ``manage.py rebuild_letter_totals`` recomputes them from the
    sessions (after a bulk import that bypassed ``save``, for example).
    """

    campaign_key = models.UUIDField(_("campaign"), editable=False)
    hub_key = models.UUIDField(_("hub"), editable=False)
    letters = models.BigIntegerField(_("letters"), default=0)
    drawings = models.BigIntegerField(_("children's drawings"), default=0)
    messages = models.BigIntegerField(_("messages"), default=0)
    emails = models.BigIntegerField(_("e-mails"), default=0)
    tweets = models.BigIntegerField(_("tweets"), default=0)
    #: Sessions that recorded at least one count.
    sessions = models.BigIntegerField(_("sessions with a count"), default=0)
    #: Every session, announced ones (no count yet) included.
    all_sessions = models.BigIntegerField(_("sessions"), default=0)
    #: When a session with a count was last saved (or such a session removed).
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter total")
        verbose_name_plural = _("letter totals")
        constraints = [
            # Also the index of every reader: a campaign's rows, or one hub's row.
            models.UniqueConstraint(
                fields=["campaign_key", "hub_key"], name="vl_lettertotal_campaign_hub"
            )
        ]

    def __str__(self):
        return f"{self.campaign_key} / {self.hub_key}"


def _format_date(value: datetime.date):
    return date_format(value, "DATE_FORMAT")


class WritingSessionLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        # The hub is kept with the entry, so a deleted session's history stays in its commune.
        kwargs.setdefault("hub_id", instance.hub_id)
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        # The model has no default ordering (see its Meta): a session's history is
        # ordered here, newest first, as Wagtail orders its own log models.
        return super().for_instance(instance).order_by("-timestamp", "-pk")

    def viewable_by_user(self, user):
        """The entries Wagtail's site history shows ``user``: those of their hubs' sessions.

        The hubs come from the permission policy of the sessions' admin (as Wagtail's
        page log asks the page policy); without one, only superusers see entries.
        Wagtail's own check is not reused: it caches its answer on the user for the
        first log model it meets, which would then decide for this one.
        """
        entries = self.all()
        if user.is_active and user.is_superuser:
            return entries
        viewset = getattr(WritingSession, "snippet_viewset", None)
        policy = getattr(viewset, "permission_policy", None)
        if not hasattr(policy, "hubs_for_user") or not policy.user_has_any_permission(
            user, ["add", "change", "delete", "view"]
        ):
            return entries.none()
        return entries.filter(hub__in=policy.hubs_for_user(user))


class WritingSessionLogEntry(BaseLogEntry):
    """The audit log of writing sessions, each entry tagged with the session's hub.

    Wagtail's shared ``ModelLogEntry`` has no notion of a commune: its site history
    would show every commune's sessions (and their counts) to any editor with a
    session permission. Registered for ``WritingSession`` in ``wagtail_hooks.py``.
    """

    object_id = models.CharField(max_length=255, blank=False, db_index=True)
    hub = models.ForeignKey(
        "wagtail_villeslumieres.HubPage",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WritingSessionLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        # No default ordering: Wagtail's site history unions every log model's entries,
        # and on Django 6.1 with SQLite a default ordering on the first model of a
        # nested union is an "ORDER BY not allowed in subqueries of compound
        # statements" error. Readers order explicitly (``-timestamp``, ``-id``).
        ordering = []
        verbose_name = _("writing session log entry")
        verbose_name_plural = _("writing session log entries")
