"""The package's admin URLs, below ``/admin/villeslumieres/``, in one namespace.

Reversed as ``wagtail_villeslumieres_admin:<name>`` (as Wagtail's own reports are
``wagtailadmin_reports:<name>``). Each report has its page and the results-only
view its filters refresh.
"""

from django.urls import path

from . import networks, reporting
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
    # A network's "Pull now".
    path("networks/<int:pk>/pull/", networks.PullNetworkView.as_view(), name="network_pull"),
    *report_urls("letter-totals", LetterTotalsReportView, "letter_totals"),
    *report_urls("portraits-to-review", ConsentReviewReportView, "consent_review"),
    # Reporting links and the reports sent through them.
    path("reporting-links/", reporting.ReportingLinkIndexView.as_view(), name="reporting_links"),
    path(
        "reporting-links/new/",
        reporting.ReportingLinkCreateView.as_view(),
        name="reporting_link_add",
    ),
    path(
        "reporting-links/new/<int:session>/",
        reporting.ReportingLinkCreateView.as_view(),
        name="reporting_link_add_for_session",
    ),
    path(
        "reporting-links/<int:pk>/",
        reporting.ReportingLinkDetailView.as_view(),
        name="reporting_link",
    ),
    path("reporting-links/<int:pk>/qr.svg", reporting.reporting_link_qr, name="reporting_link_qr"),
    path(
        "reporting-links/<int:pk>/sheet/",
        reporting.ReportingLinkSheetView.as_view(),
        name="reporting_link_sheet",
    ),
    path(
        "reporting-links/<int:pk>/email/",
        reporting.ReportingLinkEmailView.as_view(),
        name="reporting_link_email",
    ),
    path(
        "reporting-links/<int:pk>/revoke/",
        reporting.ReportingLinkRevokeView.as_view(),
        name="reporting_link_revoke",
    ),
    path("session-reports/", reporting.SessionReportIndexView.as_view(), name="session_reports"),
    path(
        "session-reports/<int:pk>/",
        reporting.SessionReportDecideView.as_view(),
        name="session_report_decide",
    ),
    # Several writing sessions at once: a table, a file to import, its template.
    path("sessions/record/", RecordSessionsView.as_view(), name="record_sessions"),
    path("sessions/import/", ImportSessionsView.as_view(), name="import_sessions"),
    path("sessions/template/", SessionsTemplateView.as_view(), name="sessions_template"),
]
