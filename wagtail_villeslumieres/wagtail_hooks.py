"""Registers the package's admin with Wagtail; everything registered lives in ``admin/``."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import networks
from .admin import urls as admin_urls
from .admin.dashboard import LetterCounterPanel
from .admin.permissions import member_permissions, session_permissions
from .admin.reporting import LOG_FORMATTERS as REPORTING_LOG_FORMATTERS
from .admin.reporting import PendingReportsPanel, SessionReportsMenuItem, session_listing_buttons
from .admin.views import (
    IMPORT_ACTION,
    SESSION_BULK_ACTIONS,
    ConsentReviewMenuItem,
    LetterTotalsMenuItem,
    SessionCountsFormatter,
    SessionImportFormatter,
    refuse_bulk_action_outside_hubs,
    refuse_bulk_action_outside_networks,
    relabel_translations_report,
    untranslated_pages_button,
    warn_of_untranslated_pages,
)
from .admin.viewsets import CommitmentCategoryViewSet, LetterCounterViewSetGroup
from .counter.signals import COUNTS_ACTION
from .image_operations import StripMetadataOperation
from .models.letters import WritingSession, WritingSessionLogEntry
from .models.network import NetworkMember
from .models.reporting import ReportingLink, SessionReport

try:  # Wagtail 8: views, bulk actions and choosers look the policy up by model.
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4 reads it from the viewset.
    pass
else:
    register_permission_policy(WritingSession, session_permissions)
    register_permission_policy(NetworkMember, member_permissions)
from .views.languages import redirect_to_page_language

register_snippet(LetterCounterViewSetGroup)
register_snippet(CommitmentCategoryViewSet)


# A page of the package answers only under its own language's prefix.
hooks.register("before_serve_page", redirect_to_page_language)
hooks.register("construct_reports_menu", relabel_translations_report)
# Before wagtail-localize's, which answers the edit view of its synced translations.
hooks.register("before_edit_page", warn_of_untranslated_pages, order=-10)
hooks.register("register_page_listing_buttons", untranslated_pages_button)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("villeslumieres/", include(admin_urls))]


@hooks.register("register_reports_menu_item")
def register_letter_totals_menu_item():
    return LetterTotalsMenuItem(
        _("Letter totals"),
        reverse("wagtail_villeslumieres_admin:letter_totals"),
        name="letter-totals",
        icon_name="table",
        order=900,
    )


@hooks.register("register_reports_menu_item")
def register_consent_review_menu_item():
    return ConsentReviewMenuItem(
        _("Portraits to review"),
        reverse("wagtail_villeslumieres_admin:consent_review"),
        name="portraits-to-review",
        icon_name="warning",
        order=910,
    )


@hooks.register("construct_homepage_panels")
def add_letter_counter_panel(request, panels):
    if LetterCounterPanel.is_shown_to(request.user):
        panels.append(LetterCounterPanel(request))


@hooks.register("register_log_actions")
def register_session_counts_action(actions):
    actions.register_model(WritingSession, WritingSessionLogEntry)
    actions.register_action(COUNTS_ACTION)(SessionCountsFormatter)
    actions.register_action(IMPORT_ACTION)(SessionImportFormatter)
    # Wagtail's site history unions the log models in the order of this collection
    # (a set). From Django 6.1 a union keeps the default ordering of its first model,
    # and SQLite refuses an ordered union nested in another ("ORDER BY not allowed in
    # subqueries of compound statements"), which three log models make. The sessions'
    # log model has no default ordering: listed first, it keeps the union unordered.
    actions.log_entry_models = LogModels([WritingSessionLogEntry, *actions.log_entry_models])


@hooks.register("register_reports_menu_item")
def register_session_reports_menu_item():
    return SessionReportsMenuItem(
        _("Session reports"),
        reverse("wagtail_villeslumieres_admin:session_reports"),
        name="session-reports",
        icon_name="tasks",
        order=905,
    )


@hooks.register("construct_homepage_panels")
def add_pending_reports_panel(request, panels):
    if PendingReportsPanel.is_shown_to(request.user):
        panels.append(PendingReportsPanel(request))


hooks.register("register_snippet_listing_buttons", session_listing_buttons)


@hooks.register("register_log_actions")
def register_reporting_actions(actions):
    # Kept with their hub, like the sessions' own entries (see WritingSessionLogEntry).
    actions.register_model(ReportingLink, WritingSessionLogEntry)
    actions.register_model(SessionReport, WritingSessionLogEntry)
    for action, formatter in REPORTING_LOG_FORMATTERS.items():
        actions.register_action(action)(formatter)


class LogModels(dict):
    """The set of log models, in a fixed order (a ``dict`` keeps insertion order)."""

    def __init__(self, models=()):
        super().__init__((model, None) for model in models)

    def add(self, model):
        self.setdefault(model, None)


# After Wagtail's own (order 0), so each replaces Wagtail's action for sessions.
for bulk_action in SESSION_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=100)

hooks.register("before_bulk_action", refuse_bulk_action_outside_hubs)
hooks.register("before_bulk_action", refuse_bulk_action_outside_networks)


@hooks.register("register_image_operations")
def register_strip_metadata_operation():
    return [("stripmeta", StripMetadataOperation)]


# A network's "Pull now" (admin/networks.py): the page header's button, its history line.
hooks.register("register_page_header_buttons", networks.pull_header_button)


@hooks.register("register_log_actions")
def register_network_pull_action(actions):
    actions.register_action(networks.PULL_ACTION)(networks.PullNetworkFormatter)
