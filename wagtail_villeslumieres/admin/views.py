"""The admin's views: writing sessions limited to the user's hubs, the reports
(CSV and XLSX through Wagtail's ``ReportView``) with their menu items, and the
audit-log formatter of a session's counts. Every figure comes from ``counter.totals``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import LogFormatter
from wagtail.snippets.views import snippets as snippet_views

from ..conf import vl_settings
from ..counter import totals
from ..models.individuals import AdoptedIndividualPage
from ..models.letters import KIND_LABELS, KINDS, LetterCampaign
from .filters import CampaignReportFilterSet
from .permissions import hubs_for_user, page_permissions, session_permissions, sessions_for_user

# ---------------------------------------------------------------------------
# Writing sessions: only those of the user's hubs
# ---------------------------------------------------------------------------


class OwnHubObjectMixin:
    """Refuses to open a session of a hub the user may not record for."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not sessions_for_user(self.request.user).filter(pk=instance.pk).exists():
            raise PermissionDenied
        return instance


class SessionEditView(OwnHubObjectMixin, snippet_views.EditView):
    pass


class SessionDeleteView(OwnHubObjectMixin, snippet_views.DeleteView):
    pass


class SessionCountsFormatter(LogFormatter):
    """The History view's line for a change of counts: "Letters 10 → 60"."""

    label = _("Change counts")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        old, new = data.get("old") or {}, data.get("new") or {}
        changes = [
            (KIND_LABELS[kind], old.get(kind, "–"), new.get(kind, "–"))
            for kind in KINDS
            if old.get(kind) != new.get(kind)
        ]
        if not changes:
            return _("Counts unchanged")
        return _("Counts: %(changes)s") % {
            "changes": ", ".join(f"{label} {was} → {now}" for label, was, now in changes)
        }


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------


class ExportInUserLanguageMixin:
    """The CSV export in the language of the request that asked for it.

    Wagtail streams the CSV: its rows are written after the view has returned, when
    the admin no longer has the user's language active, so that lazy headings came
    out in the site's default language under rows translated in the view.
    """

    def stream_csv(self, queryset):
        return _in_language(translation.get_language(), super().stream_csv(queryset))


def _in_language(language, rows):
    """Each step of the generator ``rows`` with ``language`` active (and only that step)."""
    while True:
        with translation.override(language):
            try:
                row = next(rows)
            except StopIteration:
                return
        yield row


class LetterTotalsReportView(ExportInUserLanguageMixin, ReportView):
    """A campaign's totals per hub and per kind, exportable as CSV and XLSX."""

    page_title = _("Letter totals")
    header_icon = "table"
    index_url_name = "wagtail_villeslumieres_admin:letter_totals"
    index_results_url_name = "wagtail_villeslumieres_admin:letter_totals_results"
    filterset_class = CampaignReportFilterSet
    permission_policy = session_permissions
    any_permission_required = ["add", "change", "delete", "view"]
    paginate_by = None
    model = LetterCampaign
    export_filename = "letter-totals"
    list_export = ["title", *KINDS, "total", "sessions"]

    @cached_property
    def export_headings(self):
        return {
            "title": _("Hub"),
            **{kind: KIND_LABELS[kind] for kind in KINDS},
            "total": _("Total"),
            "sessions": _("Sessions"),
        }

    @cached_property
    def columns(self):
        return [
            Column("title", label=_("Hub")),
            *[Column(kind, label=KIND_LABELS[kind]) for kind in KINDS],
            Column("total", label=_("Total")),
            Column("sessions", label=_("Sessions")),
        ]

    @cached_property
    def campaign(self):
        if self.filters is not None and self.filters.is_valid():
            chosen = self.filters.form.cleaned_data.get("campaign")
            if chosen is not None:
                return chosen
        return totals.current_campaign()

    def get_page_subtitle(self):
        return str(self.campaign) if self.campaign else ""

    def get_queryset(self):
        return self.get_filtered_queryset()

    def get_filtered_queryset(self):
        campaign = self.campaign
        if campaign is None:
            return []
        user = self.request.user
        rows = totals.per_hub(campaign)
        if user.is_superuser:
            overall = totals.for_campaign(campaign)
            rows = [
                *rows,
                totals.HubTotals(
                    hub_key="",
                    title=str(_("All hubs")),
                    hub_id=0,
                    total=overall.total,
                    by_kind=overall.by_kind,
                    sessions=overall.sessions,
                    updated_at=overall.updated_at,
                ),
            ]
        else:
            own = {
                str(key) for key in hubs_for_user(user).values_list("translation_key", flat=True)
            }
            rows = [row for row in rows if row.hub_key in own]
        return rows


def relabel_translations_report(request, menu_items):
    """``construct_reports_menu`` hook: wagtail-localize's "Translations" in each user's language.

    wagtail-localize labels its report with ``gettext`` when the menu is built, once
    per process: every editor then read it in the first visitor's language.
    """
    if "wagtail_localize" not in settings.INSTALLED_APPS:
        return
    url = reverse("wagtail_localize:translations_report")
    for item in menu_items:
        if item.url == url:
            item.label = gettext_lazy(TRANSLATIONS_REPORT_LABEL)


#: wagtail-localize's message (translated in its catalogs).
TRANSLATIONS_REPORT_LABEL = "Translations"


class LetterTotalsMenuItem(MenuItem):
    def is_shown(self, request):
        return session_permissions.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


# ---------------------------------------------------------------------------
# Report: portraits whose publication clearance is due for review
# ---------------------------------------------------------------------------


def consent_review_due(queryset=None):
    """Adopted individuals whose portrait is shown and whose clearance is too old."""
    cutoff = timezone.localdate() - datetime.timedelta(days=vl_settings.CONSENT_REVIEW_DAYS)
    queryset = AdoptedIndividualPage.objects.all() if queryset is None else queryset
    return queryset.filter(publication_consent=True, publication_cleared_on__lt=cutoff)


class ConsentReviewReportView(ExportInUserLanguageMixin, ReportView):
    """Pages of adopted individuals to check with Amnesty International again.

    Lists only the pages the editor may change; exportable as CSV and XLSX.
    """

    page_title = _("Portraits to review")
    header_icon = "warning"
    index_url_name = "wagtail_villeslumieres_admin:consent_review"
    index_results_url_name = "wagtail_villeslumieres_admin:consent_review_results"
    model = AdoptedIndividualPage
    permission_policy = page_permissions
    any_permission_required = ["add", "change", "publish"]
    export_filename = "portraits-to-review"
    list_export = ["full_name", "title", "country", "publication_cleared_on", "full_url"]
    export_headings = {
        "full_name": _("Full name"),
        "title": _("Page title"),
        "country": _("Country"),
        "publication_cleared_on": _("Publication cleared on"),
        "full_url": _("Address"),
    }
    no_results_message = _("No portrait is due for review.")

    @property
    def columns(self):
        return [
            TitleColumn(
                "full_name",
                label=_("Full name"),
                url_name="wagtailadmin_pages:edit",
            ),
            Column("country", label=_("Country")),
            DateColumn("publication_cleared_on", label=_("Publication cleared on")),
            Column("live", label=_("Published"), accessor="status_string"),
        ]

    def get_queryset(self):
        editable = page_permissions.instances_user_has_permission_for(self.request.user, "change")
        return consent_review_due(
            AdoptedIndividualPage.objects.filter(pk__in=editable.values("pk"))
        ).order_by("publication_cleared_on")


class ConsentReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permissions.user_has_any_permission(request.user, ["add", "change", "publish"])
