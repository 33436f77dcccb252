"""Commitments: what a labelled place promised, by which council decision, and how far it got.

A ``CommitmentIndexPage`` sits below the hub and lists, filters and exports its
``CommitmentPage`` children. Each commitment keeps a dated timeline of
``CommitmentUpdate`` entries; its current status and progress follow the latest
dated update that sets them and are stored on the page when it is saved, so that
lists and exports read them without looking at the timeline.
"""

from collections import namedtuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
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

from ..blocks import BodyBlock
from ..timeline import latest_setting, newest_first
from .base import VillesLumieresPageMixin

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


class CommitmentIndexPage(RoutablePageMixin, VillesLumieresPageMixin, Page):
    """The list of a hub's commitments, with filters, a summary and open-data exports.

    Its routes give every commune's list stable export URLs below the page itself:
    ``export/csv/``, ``export/json/``, ``feed/rss/`` and ``feed/atom/``. The same
    GET filters apply to the page and to every export (see ``filters.py``).
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

    parent_page_types = ["wagtail_villeslumieres.VilleLumieresPage"]
    subpage_types = ["wagtail_villeslumieres.CommitmentPage"]
    # One list per hub: the hub's summary and the exports point at it.
    max_count_per_parent = 1
    template = "wagtail_villeslumieres/pages/commitment_index_page.html"

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

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
        from ..filters import commitment_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(commitment_list_context(self, request))
        return context

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


#: One timeline entry, reduced to what decides the current state.
TimelineEntry = namedtuple("TimelineEntry", ["date", "sort_order", "status", "progress"])
CurrentState = namedtuple("CurrentState", ["status", "progress", "last_update_date"])


def current_state(initial_status, initial_progress, entries):
    """The status and progress a commitment shows, from its starting values and timeline.

    The latest dated entry that sets a status gives the status, and the latest one
    that sets a progress gives the progress (see ``timeline``). Without such
    entries the starting values stand.
    """
    status_entry = latest_setting(entries, "status")
    progress_entry = latest_setting(entries, "progress")
    return CurrentState(
        status_entry.status if status_entry else initial_status,
        progress_entry.progress if progress_entry else initial_progress,
        max((entry.date for entry in entries if entry.date), default=None),
    )


def achieved_progress_error(state, allowed):
    """The validation message when a commitment would show "achieved" below 100 %, else None."""
    if (
        state.status == CommitmentStatus.ACHIEVED
        and state.progress is not None
        and state.progress < 100
        and not allowed
    ):
        return _(
            "This commitment would be shown as achieved with only %(progress)s %% progress. "
            "Record a progress of 100 %%, choose another status, or tick “Achieved without "
            "full progress” if the goal was reached another way."
        ) % {"progress": state.progress}
    return None


class CommitmentPageForm(WagtailAdminPageForm):
    """The admin form of a commitment: checks the status the page will show once saved."""

    def clean(self):
        cleaned_data = super().clean()
        updates = self.formsets.get("updates")
        # The timeline is validated first so that its cleaned values can be read here;
        # Django caches the result, so the errors it finds are still shown once.
        if updates is None or not updates.is_valid():
            return cleaned_data
        entries = [
            TimelineEntry(
                form.cleaned_data["date"],
                form.cleaned_data.get("ORDER") or index,
                form.cleaned_data.get("status"),
                form.cleaned_data.get("progress"),
            )
            for index, form in enumerate(updates.forms)
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("date")
        ]
        state = current_state(
            cleaned_data.get("initial_status"), cleaned_data.get("initial_progress"), entries
        )
        message = achieved_progress_error(state, cleaned_data.get("achieved_without_full_progress"))
        if message:
            self.add_error("achieved_without_full_progress", message)
        return cleaned_data


class CommitmentPage(VillesLumieresPageMixin, Page):
    """One commitment of a labelled place: what, since which council decision, how far.

    ``status``, ``progress`` and ``last_update_date`` are not edited directly: they
    are recomputed on every save from the starting values and the timeline.
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
    resolution_url = models.URLField(
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
    template = "wagtail_villeslumieres/pages/commitment_page.html"
    base_form_class = CommitmentPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("responsible_service"),
        index.FilterField("status"),
        index.FilterField("scope"),
        index.FilterField("category"),
    ]

    content_panels = Page.content_panels + [
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

    def compute_current_state(self):
        """The current status and progress from the starting values and the timeline."""
        entries = [
            TimelineEntry(update.date, update.sort_order, update.status, update.progress)
            for update in self.updates.all()
            if update.date
        ]
        return current_state(self.initial_status, self.initial_progress, entries)

    def save(self, *args, **kwargs):
        # Stored so that lists, summaries and exports read one row per commitment.
        # A partial save (such as saving a draft revision, which writes only revision
        # bookkeeping) must not carry a draft's timeline into the live row.
        if kwargs.get("update_fields") is None:
            self.status, self.progress, self.last_update_date = self.compute_current_state()
        return super().save(*args, **kwargs)

    @cached_property
    def timeline(self):
        """The updates, newest first, as citizens read them."""
        return newest_first(self.updates.all())

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
    link = models.URLField(
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


def used_categories(commitments):
    """(slug, name, count) of each category the given commitments use, by name: one query."""
    rows = (
        commitments.order_by()
        .values("category__slug", "category__name")
        .annotate(count=Count("pk"))
        .order_by("category__name")
    )
    return [(row["category__slug"], row["category__name"], row["count"]) for row in rows]


class CommitmentSummary:
    """Counts of a set of commitments by status and by category, and their mean progress.

    Built from two aggregate queries whatever the number of commitments.
    """

    def __init__(self, commitments):
        by_status = {
            row["status"]: row
            for row in commitments.order_by()
            .values("status")
            .annotate(
                count=Count("pk"),
                progress_sum=Sum("progress"),
                with_progress=Count("progress"),
            )
        }
        self.total = sum(row["count"] for row in by_status.values())
        self.by_status = [
            (status, label, by_status[status]["count"] if status in by_status else 0)
            for status, label in CommitmentStatus.choices
        ]
        with_progress = sum(row["with_progress"] for row in by_status.values())
        progress_sum = sum(row["progress_sum"] or 0 for row in by_status.values())
        self.with_progress = with_progress
        self.mean_progress = round(progress_sum / with_progress) if with_progress else None
        self._commitments = commitments

    @cached_property
    def by_category(self):
        """(slug, name, count) per category used, by name."""
        return used_categories(self._commitments)

    @classmethod
    def for_hub(cls, hub):
        """The summary of a hub's commitment index, with the index (None without one)."""
        commitment_index = CommitmentIndexPage.objects.child_of(hub).live().first()
        if commitment_index is None:
            return None
        summary = cls(commitment_index.commitments())
        summary.index = commitment_index
        return summary
