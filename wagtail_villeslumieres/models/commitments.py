"""Commitments: what a labelled place promised, by which council decision, and how far it got.

A ``CommitmentIndexPage`` sits below the hub and lists, filters and exports its
``CommitmentPage`` children. Each commitment keeps a dated timeline of
``CommitmentUpdate`` entries; its current status and progress follow the latest
dated update that sets them and are stored on the page when it is saved, so that
lists and exports read them without looking at the timeline.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..admin.page_forms import TimelinePageForm
from ..admin.panels import TranslationsPanel
from ..blocks import BodyBlock
from ..links import WebLinkField
from ..timeline import latest_setting
from .base import HubTreePageMixin, TimelineStateMixin
from .hub import InHubMixin

PROGRESS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class CommitmentStatus(models.TextChoices):
    """Where a commitment stands. The order is the order of the summaries."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    ABANDONED = "abandoned", _("Abandoned")


class CommitmentScope(models.TextChoices):
    """Whether a commitment acts in the commune itself or for human rights elsewhere."""

    LOCAL = "local", _("Local")
    GLOBAL = "global", _("Global")


class CommitmentCategory(TranslatableMixin, models.Model):
    """What a commitment is about, shared by every commitment index of the site.

    Translatable: each language has its own name, while the slug (used in filter
    and export URLs) stays the same in every language.
    """

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("As citizens read it, for example “Integration of asylum seekers”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        allow_unicode=False,
        help_text=_(
            "A short name used in the web addresses of filtered lists and in the open "
            "data, for example “asylum-seekers-integration”. Keep it once published: "
            "links and data users rely on it."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=500,
        help_text=_("Optional: one or two sentences explaining the category."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    # The slug names the category in filter URLs and open data, in every language.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("commitment category")
        verbose_name_plural = _("commitment categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class CommitmentIndexPage(RoutablePageMixin, InHubMixin, HubTreePageMixin, Page):
    """The list of a hub's commitments, with filters, a summary and open-data exports.

    Its routes give every commune's list stable export URLs below the page itself:
    ``export/csv/``, ``export/json/``, ``feed/rss/`` and ``feed/atom/``. The same
    GET filters apply to the page and to every export (see ``listings.commitments``).
    """

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_(
            "Two or three sentences shown above the list: what the commune committed to "
            "and how it reports on it."
        ),
    )

    parent_page_types = ["wagtail_villeslumieres.HubPage"]
    subpage_types = ["wagtail_villeslumieres.CommitmentPage"]
    # One list per hub: the hub's summary and the exports point at it.
    max_count_per_parent = 1
    template = "wagtail_villeslumieres/commitments/commitment_index_page.html"
    description_field = "intro"

    def default_meta_description(self):
        hub = self.get_hub()
        if hub is None:
            return ""
        return _(
            "What %(holder)s committed to as a “Ville lumières”, and how far each commitment got."
        ) % {"holder": hub.holder_name}

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [TranslationsPanel(), FieldPanel("intro")]

    class Meta:
        verbose_name = _("commitment index")
        verbose_name_plural = _("commitment indexes")

    def commitments(self):
        """The live, public commitments of this index, in the editors' order."""
        return (
            CommitmentPage.objects.child_of(self)
            .live()
            .public()
            .select_related("category", "resolution_document", "adopted_individual")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        from ..views.pages import commitment_index_context

        context = super().get_context(request, *args, **kwargs)
        return commitment_index_context(self, request, context)

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        from ..views.exports import commitments_csv

        return commitments_csv(request, self)

    @path("export/json/", name="export_json")
    def export_json(self, request):
        from ..views.exports import commitments_json

        return commitments_json(request, self)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from ..views.feeds import CommitmentUpdatesRssFeed

        return CommitmentUpdatesRssFeed()(request, index=self)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from ..views.feeds import CommitmentUpdatesAtomFeed

        return CommitmentUpdatesAtomFeed()(request, index=self)


class CommitmentPage(TimelineStateMixin, InHubMixin, HubTreePageMixin, Page):
    """One commitment of a labelled place: what, since which council decision, how far.

    ``status``, ``progress`` and ``last_update_date`` are not edited directly: they
    follow the starting values and the timeline (``TimelineStateMixin``).
    """

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "One or two sentences shown in the list of commitments and in the open data: "
            "what the commune promised."
        ),
    )
    category = models.ForeignKey(
        CommitmentCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text=_("Citizens can filter the list by category."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=10,
        choices=CommitmentScope.choices,
        default=CommitmentScope.LOCAL,
        help_text=_(
            "Local: acts in the commune itself. Global: defends human rights elsewhere, "
            "for example an adopted individual at risk."
        ),
    )
    initial_status = models.CharField(
        _("starting status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
        help_text=_(
            "The status before any progress update, usually “Planned”. Later changes go "
            "in the progress updates below: the latest dated one sets the status shown."
        ),
    )
    initial_progress = models.PositiveSmallIntegerField(
        _("starting progress (%)"),
        null=True,
        blank=True,
        validators=PROGRESS_VALIDATORS,
        help_text=_(
            "Optional, from 0 to 100. Leave empty if progress cannot be measured: no "
            "progress bar is shown then."
        ),
    )
    achieved_without_full_progress = models.BooleanField(
        _("achieved without full progress"),
        default=False,
        help_text=_(
            "Tick only if the commitment is achieved although its progress stays under "
            "100 %, for example because the goal was reached another way."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, editable=False
    )
    last_update_date = models.DateField(_("last update"), null=True, blank=True, editable=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(
        _("target date"),
        null=True,
        blank=True,
        help_text=_("When the commune intends to have achieved it."),
    )
    responsible_service = models.CharField(
        _("responsible service"),
        max_length=200,
        blank=True,
        help_text=_("The department or alderman in charge, for example “Service du CPAS”."),
    )
    resolution_date = models.DateField(
        _("date of the council resolution"),
        null=True,
        blank=True,
        help_text=_("When the municipal council adopted the commitment."),
    )
    resolution_reference = models.CharField(
        _("resolution reference"),
        max_length=120,
        blank=True,
        help_text=_("The reference in the council minutes, for example “CC/2016/112”."),
    )
    resolution_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("resolution document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The resolution or the minutes as a PDF, if you can publish it."),
    )
    resolution_url = WebLinkField(
        _("resolution link"),
        blank=True,
        help_text=_("Or a link to the resolution on the commune's website."),
    )
    description = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("description"),
        help_text=_("The full story: why, what exactly, with whom."),
    )
    adopted_individual = models.ForeignKey(
        "wagtail_villeslumieres.AdoptedIndividualPage",
        verbose_name=_("adopted individual"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        help_text=_("Optional: the individual at risk this commitment is about."),
    )

    parent_page_types = ["wagtail_villeslumieres.CommitmentIndexPage"]
    subpage_types = []
    override_translatable_fields = [
        # A council reference is the same in every language.
        SynchronizedField("resolution_reference"),
        # Not text: wagtail-localize points the translation at the same category in
        # its own language (translating the category along when it is submitted).
        TranslatableField("category"),
        # A page link stays the original page; templates show ``.localized``.
        SynchronizedField("adopted_individual"),
    ]
    template = "wagtail_villeslumieres/commitments/commitment_page.html"
    description_field = "summary"
    base_form_class = TimelinePageForm
    timeline_relation = "updates"
    timeline_fields = ("status", "progress")
    starting_fields = ("initial_status", "initial_progress")
    derived_fields = ("status", "progress", "last_update_date")

    def get_context(self, request, *args, **kwargs):
        from ..views.pages import commitment_context

        return commitment_context(self, request, super().get_context(request, *args, **kwargs))

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("responsible_service"),
        index.FilterField("status"),
        index.FilterField("scope"),
        index.FilterField("category"),
    ]

    content_panels = Page.content_panels + [
        TranslationsPanel(),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("scope")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("initial_status"), FieldPanel("initial_progress")]),
                FieldPanel("achieved_without_full_progress"),
            ],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("target_date")]),
                FieldPanel("responsible_service"),
            ],
            heading=_("Timetable and responsibility"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("resolution_date"), FieldPanel("resolution_reference")]),
                FieldPanel("resolution_document"),
                FieldPanel("resolution_url"),
            ],
            heading=_("Council resolution"),
        ),
        FieldPanel("description"),
        PageChooserPanel("adopted_individual", "wagtail_villeslumieres.AdoptedIndividualPage"),
        InlinePanel(
            "updates",
            heading=_("Progress updates"),
            label=_("Update"),
            help_text=_(
                "What happened, with its date. An update may change the status or the "
                "progress; the latest dated one that does so is what citizens see."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def clean(self):
        super().clean()
        if self.start_date and self.target_date and self.target_date < self.start_date:
            raise ValidationError(
                {"target_date": _("The target date cannot be before the start date.")}
            )

    def derive_state(self, entries, starting):
        """The status and progress shown, from the starting values and the timeline.

        The latest dated entry that sets a status gives the status, and the latest
        one that sets a progress gives the progress; without such entries the
        starting values stand. ``last_update_date`` is the latest entry's date.
        """
        status_entry = latest_setting(entries, "status")
        progress_entry = latest_setting(entries, "progress")
        return {
            "status": status_entry.status if status_entry else starting["initial_status"],
            "progress": (
                progress_entry.progress if progress_entry else starting["initial_progress"]
            ),
            "last_update_date": max((entry.date for entry in entries if entry.date), default=None),
        }

    def state_errors(self, state, values):
        """A commitment is not shown as achieved below 100 % unless the editor says why."""
        progress = state["progress"]
        if (
            state["status"] == CommitmentStatus.ACHIEVED
            and progress is not None
            and progress < 100
            and not values.get("achieved_without_full_progress")
        ):
            return {
                "achieved_without_full_progress": _(
                    "This commitment would be shown as achieved with only %(progress)s %% "
                    "progress. Record a progress of 100 %%, choose another status, or tick "
                    "“Achieved without full progress” if the goal was reached another way."
                )
                % {"progress": progress}
            }
        return {}

    @property
    def is_overdue(self):
        """Past its target date while still planned or in progress (achieved or
        abandoned commitments are never overdue)."""
        return bool(
            self.target_date
            and self.target_date < timezone.localdate()
            and self.status in (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)
        )

    @property
    def resolution_link(self):
        """The council resolution's document URL, else its link, else an empty string."""
        if self.resolution_document_id and self.resolution_document:
            return self.resolution_document.url
        return self.resolution_url


class CommitmentUpdate(TranslatableMixin, Orderable):
    """One dated entry in a commitment's timeline; it may set the status and the progress."""

    page = ParentalKey(CommitmentPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    title = models.CharField(
        _("what happened"),
        max_length=200,
        help_text=_("In a few words, for example “French classes open at the library”."),
    )
    text = models.TextField(_("details"), blank=True, max_length=2000)
    status = models.CharField(
        _("new status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        blank=True,
        help_text=_("Leave empty if this update does not change the status."),
    )
    progress = models.PositiveSmallIntegerField(
        _("new progress (%)"),
        null=True,
        blank=True,
        validators=PROGRESS_VALIDATORS,
        help_text=_("From 0 to 100; leave empty if this update does not change the progress."),
    )
    link = WebLinkField(
        _("link"),
        blank=True,
        help_text=_("Optional: minutes, a press article, photos."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("status"), FieldPanel("progress")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("link"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.date}: {self.title}"
