"""Wagtail admin registrations of the package (viewsets are in ``viewsets.py``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

# ---------------------------------------------------------------------------
# Letter counter: campaigns, writing sessions, report, dashboard panel, audit log
# ---------------------------------------------------------------------------
from .letters_admin import LetterCounterPanel, LetterTotalsReportView, session_permissions
from .models.letters import KIND_LABELS, KINDS
from .signals import COUNTS_ACTION
from .viewsets import LetterCounterViewSetGroup

register_snippet(LetterCounterViewSetGroup)


def report_urls(slug, view, name):
    """The URLs of a Wagtail report: its page, and the results-only view its filters use."""
    return [
        path(f"villeslumieres/{slug}/", view.as_view(), name=name),
        path(
            f"villeslumieres/{slug}/results/",
            view.as_view(results_only=True),
            name=f"{name}_results",
        ),
    ]


@hooks.register("register_admin_urls")
def register_letter_totals_report_urls():
    return report_urls(
        "letter-totals", LetterTotalsReportView, "wagtail_villeslumieres_letter_totals"
    )


class LetterTotalsMenuItem(MenuItem):
    def is_shown(self, request):
        return session_permissions.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


@hooks.register("register_reports_menu_item")
def register_letter_totals_menu_item():
    return LetterTotalsMenuItem(
        _("Letter totals"),
        reverse("wagtail_villeslumieres_letter_totals"),
        name="letter-totals",
        icon_name="table",
        order=900,
    )


@hooks.register("construct_homepage_panels")
def add_letter_counter_panel(request, panels):
    if LetterCounterPanel.is_shown_to(request.user):
        panels.append(LetterCounterPanel(request))


@hooks.register("register_log_actions")
def register_session_counts_action(actions):
    @actions.register_action(COUNTS_ACTION)
    class SessionCountsChanged(LogFormatter):
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
# Commitments: the category snippet
# ---------------------------------------------------------------------------
from .viewsets import CommitmentCategoryViewSet  # noqa: E402

register_snippet(CommitmentCategoryViewSet)


# ---------------------------------------------------------------------------
# Adopted individuals: portraits whose publication clearance is due for review
# ---------------------------------------------------------------------------
from .individuals_admin import ConsentReviewReportView, page_permissions  # noqa: E402


@hooks.register("register_admin_urls")
def register_consent_review_report_urls():
    return report_urls(
        "portraits-to-review", ConsentReviewReportView, "wagtail_villeslumieres_consent_review"
    )


class ConsentReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permissions.user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_consent_review_menu_item():
    return ConsentReviewMenuItem(
        _("Portraits to review"),
        reverse("wagtail_villeslumieres_consent_review"),
        name="portraits-to-review",
        icon_name="warning",
        order=910,
    )


@hooks.register("register_image_operations")
def register_strip_metadata_operation():
    from .image_operations import StripMetadataOperation

    return [("stripmeta", StripMetadataOperation)]
