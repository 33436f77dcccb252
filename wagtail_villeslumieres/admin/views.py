"""The admin's views: writing sessions limited to the user's hubs, the reports
(CSV and XLSX through Wagtail's ``ReportView``) with their menu items, and the
audit-log formatter of a session's counts. Every figure comes from ``counter.totals``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import LogFormatter
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetCreateView

from ..conf import vl_settings
from ..counter import totals
from ..models.individuals import AdoptedIndividualPage
from ..models.letters import KIND_LABELS, KINDS, LetterCampaign, WritingSession
from ..models.network import NetworkMember
from ..spreadsheets import NeutralisedCSVMixin
from .filters import CampaignReportFilterSet
from .permissions import (
    ANY_SESSION_ACCESS,
    member_permissions,
    page_permissions,
    session_permissions,
)

# ---------------------------------------------------------------------------
# Writing sessions: every view asks the permission policy (admin.permissions)
# ---------------------------------------------------------------------------


def _actions_of(view):
    # The model permissions the view itself requires, so an object is refused for
    # the same reason the model would be: "change" for edit, "delete" for delete, ...
    required = getattr(view, "permission_required", None)
    if isinstance(required, str):
        return [required]
    return list(getattr(view, "any_permission_required", None) or ANY_SESSION_ACCESS)


def refuse_sessions_outside_hubs(user, pks, actions=ANY_SESSION_ACCESS):
    """Raise ``PermissionDenied`` if a session among ``pks`` is not one ``user`` may touch."""
    try:
        pks = {WritingSession._meta.pk.to_python(pk) for pk in pks}
    except ValidationError as error:
        raise Http404 from error
    if not pks:
        return
    allowed = session_permissions.instances_user_has_any_permission_for(user, actions)
    if WritingSession.objects.filter(pk__in=pks).exclude(pk__in=allowed.values("pk")).exists():
        raise PermissionDenied


class HubScopedObjectMixin:
    """Refuses a session the user may not touch, whichever view loads it.

    Mixed by ``WritingSessionViewSet`` and its chooser into every view that loads
    one object (edit, delete, history, usage, inspect, copy, chosen, and any view
    a later Wagtail adds), so none builds its own unchecked queryset.
    """

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if isinstance(instance, WritingSession) and not (
            session_permissions.user_has_any_permission_for_instance(
                self.request.user, _actions_of(self), instance
            )
        ):
            raise PermissionDenied
        return instance


class HubScopedListMixin:
    """The chooser's list and search: only the sessions the user may touch."""

    def get_object_list(self):
        # The policy's queryset itself (filtered on the hub, a search filter field),
        # not a pk filter: the chooser's search runs on it.
        return session_permissions.instances_user_has_any_permission_for(
            self.request.user, ANY_SESSION_ACCESS
        )


class HubScopedMultipleMixin:
    """The chooser's "chosen multiple": refused when one of them is another hub's."""

    def get_objects(self, pks):
        refuse_sessions_outside_hubs(self.request.user, pks)
        return super().get_objects(pks)


def hub_scoped(view_class):
    """``view_class`` with the hub scope mixed in where it loads sessions."""
    mixins = [
        mixin
        for mixin, method in (
            (HubScopedObjectMixin, "get_object"),
            (HubScopedListMixin, "get_object_list"),
            (HubScopedMultipleMixin, "get_objects"),
        )
        if hasattr(view_class, method) and not issubclass(view_class, mixin)
    ]
    if not mixins:
        return view_class
    return type(view_class.__name__, (*mixins, view_class), {"__module__": __name__})


# ---------------------------------------------------------------------------
# Network members: every view that loads one asks ``member_permissions``
# ---------------------------------------------------------------------------


class NetworkScopedObjectMixin:
    """Refuses a network member outside the user's networks, whichever view loads it."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if isinstance(instance, NetworkMember) and not (
            member_permissions.user_has_any_permission_for_instance(
                self.request.user, _actions_of(self), instance
            )
        ):
            raise PermissionDenied
        return instance


class NetworkScopedListMixin:
    """A chooser's list of members: only those of the user's networks."""

    def get_object_list(self):
        return member_permissions.instances_user_has_any_permission_for(
            self.request.user, ANY_SESSION_ACCESS
        )


def network_scoped(view_class):
    """``view_class`` with the networks' scope mixed in where it loads members."""
    mixins = [
        mixin
        for mixin, method in (
            (NetworkScopedObjectMixin, "get_object"),
            (NetworkScopedListMixin, "get_object_list"),
        )
        if hasattr(view_class, method) and not issubclass(view_class, mixin)
    ]
    if not mixins:
        return view_class
    return type(view_class.__name__, (*mixins, view_class), {"__module__": __name__})


def refuse_bulk_action_outside_networks(request, action_type, objects, action):
    """``before_bulk_action`` hook: a bulk action on members of another's network is refused."""
    if getattr(action, "model", None) is NetworkMember:
        permission = action_type if action_type in ANY_SESSION_ACCESS else "change"
        allowed = member_permissions.instances_user_has_any_permission_for(
            request.user, [permission]
        )
        pks = {obj.pk for obj in objects}
        if pks - set(allowed.filter(pk__in=pks).values_list("pk", flat=True)):
            raise PermissionDenied


class StaleSessionError(Exception):
    """Another save of the session came first (see ``WritingSessionForm.claim_version``)."""


class SessionEditView(snippet_views.EditView):
    """Wagtail's edit view, saving only the version the editor opened."""

    def save_instance(self):
        # Inside the view's transaction: a lost claim rolls back and saves nothing.
        if not self.form.claim_version():
            raise StaleSessionError
        return super().save_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleSessionError:
            form.add_stale_error()
            # As Wagtail's is_valid() sets them for a form that fails validation.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class SessionChooserCreateView(SnippetCreateView):
    """Creating a session from the chooser is not offered (no creation form): refused.

    Wagtail's own view would render an empty form, and fail on its POST.
    """

    def can_create(self):
        return self.get_creation_form_class() is not None and super().can_create()


class HubScopedBulkActionMixin:
    """A bulk action on sessions limited to the user's hubs.

    Wagtail's bulk actions load ``?id=`` from the whole table: a request naming a
    session of another hub is refused outright (nothing listed, nothing done), and
    "select all" means all of the user's own.
    """

    def _permission(self):
        return self.action_type if self.action_type in ANY_SESSION_ACCESS else "change"

    def get_all_objects_in_listing_query(self, parent_id):
        return session_permissions.instances_user_has_permission_for(
            self.request.user, self._permission()
        ).values_list("pk", flat=True)

    def get_actionable_objects(self):
        pks = [pk for pk in self.request.GET.getlist("id") if pk != "all"]
        refuse_sessions_outside_hubs(self.request.user, pks, [self._permission()])
        return super().get_actionable_objects()

    def check_perm(self, obj):
        return super().check_perm(obj) and session_permissions.user_has_permission_for_instance(
            self.request.user, self._permission(), obj
        )


def hub_scoped_bulk_action(action_class):
    """A copy of a snippet bulk action for sessions only, going through the hub scope."""
    return type(
        f"WritingSession{action_class.__name__}",
        (HubScopedBulkActionMixin, action_class),
        {"__module__": __name__, "models": [WritingSession]},
    )


#: Wagtail's bulk actions for snippets, each replaced for sessions by a hub-scoped copy.
SESSION_BULK_ACTIONS = [hub_scoped_bulk_action(DeleteBulkAction)]


def refuse_bulk_action_outside_hubs(request, action_type, objects, action):
    """``before_bulk_action`` hook: the last line for any bulk action on sessions."""
    if getattr(action, "model", None) is WritingSession:
        permission = action_type if action_type in ANY_SESSION_ACCESS else "change"
        refuse_sessions_outside_hubs(request.user, [obj.pk for obj in objects], [permission])


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


class SnippetIndexView(NeutralisedCSVMixin, snippet_views.IndexView):
    """A snippet listing whose CSV export neutralises formulas (see ``spreadsheets``)."""


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


class LetterTotalsReportView(ExportInUserLanguageMixin, NeutralisedCSVMixin, ReportView):
    """A campaign's totals per hub and per kind, exportable as CSV and XLSX."""

    page_title = _("Letter totals")
    header_icon = "table"
    index_url_name = "wagtail_villeslumieres_admin:letter_totals"
    index_results_url_name = "wagtail_villeslumieres_admin:letter_totals_results"
    filterset_class = CampaignReportFilterSet
    permission_policy = session_permissions
    any_permission_required = ANY_SESSION_ACCESS
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
            hubs = session_permissions.hubs_for_user(user)
            own = {str(key) for key in hubs.values_list("translation_key", flat=True)}
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
        return session_permissions.user_has_any_permission(request.user, ANY_SESSION_ACCESS)


# ---------------------------------------------------------------------------
# Report: portraits whose publication clearance is due for review
# ---------------------------------------------------------------------------


def consent_review_due(queryset=None):
    """Adopted individuals whose portrait is shown and whose clearance is too old."""
    cutoff = timezone.localdate() - datetime.timedelta(days=vl_settings.CONSENT_REVIEW_DAYS)
    queryset = AdoptedIndividualPage.objects.all() if queryset is None else queryset
    return queryset.filter(publication_consent=True, publication_cleared_on__lt=cutoff)


class ConsentReviewReportView(ExportInUserLanguageMixin, NeutralisedCSVMixin, ReportView):
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
