"""The package's admin URLs, below ``/admin/villeslumieres/``, in one namespace.

Reversed as ``wagtail_villeslumieres_admin:<name>`` (as Wagtail's own reports are
``wagtailadmin_reports:<name>``). Each report has its page and the results-only
view its filters refresh.
"""

from django.urls import path

from .views import (
    ConsentReviewReportView,
    ImportSessionsView,
    LetterTotalsReportView,
    RecordSessionsView,
    SessionsTemplateView,
)

app_name = "wagtail_villeslumieres_admin"


def report_urls(slug, view, name):
    """The URLs of a Wagtail report: its page, and the results-only view of its filters."""
    return [
        path(f"{slug}/", view.as_view(), name=name),
        path(f"{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


urlpatterns = [
    *report_urls("letter-totals", LetterTotalsReportView, "letter_totals"),
    *report_urls("portraits-to-review", ConsentReviewReportView, "consent_review"),
    # Several writing sessions at once: a table, a file to import, its template.
    path("sessions/record/", RecordSessionsView.as_view(), name="record_sessions"),
    path("sessions/import/", ImportSessionsView.as_view(), name="import_sessions"),
    path("sessions/template/", SessionsTemplateView.as_view(), name="sessions_template"),
]
