"""Editors' tools for adopted individuals: the report of portraits whose
publication clearance is due for review.

Registered in ``wagtail_hooks.py``. The edit view shows the same reminder on the
page itself (``ConsentReviewPanel`` in ``models/individuals.py``).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from .conf import vl_settings
from .models.individuals import AdoptedIndividualPage

page_permissions = PagePermissionPolicy()


def consent_review_due(queryset=None):
    """Adopted individuals whose portrait is shown and whose clearance is too old."""
    cutoff = timezone.localdate() - datetime.timedelta(days=vl_settings.CONSENT_REVIEW_DAYS)
    queryset = AdoptedIndividualPage.objects.all() if queryset is None else queryset
    return queryset.filter(publication_consent=True, publication_cleared_on__lt=cutoff)


class ConsentReviewReportView(ReportView):
    """Pages of adopted individuals to check with Amnesty International again.

    Lists only the pages the editor may change; exportable as CSV and XLSX.
    """

    page_title = _("Portraits to review")
    header_icon = "warning"
    index_url_name = "wagtail_villeslumieres_consent_review"
    index_results_url_name = "wagtail_villeslumieres_consent_review_results"
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
