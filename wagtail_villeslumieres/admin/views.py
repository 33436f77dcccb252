"""The admin's views: writing sessions limited to the user's hubs, the reports
(CSV and XLSX through Wagtail's ``ReportView``) with their menu items, and the
audit-log formatter of a session's counts. Every figure comes from ``counter.totals``.
"""

import csv
import datetime
import io

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetCreateView

from ..conf import vl_settings
from ..counter import totals
from ..models.hub import HubPage
from ..models.individuals import AdoptedIndividualPage
from ..models.letters import KIND_LABELS, KINDS, LetterCampaign, WritingSession
from ..models.network import NetworkMember
from ..spreadsheets import NeutralisedCSVMixin, SpreadsheetError, neutralise_formula, read_table
from .filters import CampaignReportFilterSet
from .forms import (
    MAX_ROWS,
    ROWS_PREFIX,
    SessionImportForm,
    SessionTableForm,
    column_labels,
    rows_data,
    session_rows,
)
from .permissions import (
    ANY_SESSION_ACCESS,
    member_permissions,
    page_permissions,
    session_permissions,
)
from .translations import (
    include_subtree_hint,
    missing_pages,
    missing_summary,
    untranslated_below,
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


class OneCurrentCampaignMixin:
    """Saving a campaign ticked "current" unticks the campaign that was, and says so."""

    def save_instance(self):
        instance = super().save_instance()
        if instance.is_active:
            for previous in instance.untick_other_current():
                messages.info(
                    self.request,
                    _("“%(previous)s” is no longer the current campaign: “%(current)s” is.")
                    % {"previous": previous, "current": instance},
                )
        return instance


class CampaignCreateView(OneCurrentCampaignMixin, snippet_views.CreateView):
    pass


class CampaignEditView(OneCurrentCampaignMixin, snippet_views.EditView):
    pass


class SnippetIndexView(NeutralisedCSVMixin, snippet_views.IndexView):
    """A snippet listing whose CSV export neutralises formulas (see ``spreadsheets``)."""


class SessionIndexView(SnippetIndexView):
    """The sessions' listing, whose header also offers a table of sessions and an import."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.add_url:
            buttons += [
                HeaderButton(
                    _("Record several"),
                    url=reverse("wagtail_villeslumieres_admin:record_sessions"),
                    icon_name="table",
                ),
                HeaderButton(
                    _("Import"),
                    url=reverse("wagtail_villeslumieres_admin:import_sessions"),
                    icon_name="upload",
                ),
            ]
        return buttons


# ---------------------------------------------------------------------------
# Several sessions at once: a table of rows, typed in or read from a file
# ---------------------------------------------------------------------------

#: Audit log action naming the file (and its row) a session was imported from.
IMPORT_ACTION = "wagtail_villeslumieres.session_import"

SESSIONS_LIST_URL = "wagtailsnippets_wagtail_villeslumieres_writingsession:list"


class SessionImportFormatter(LogFormatter):
    """The History view's line for an imported session: "Imported from sessions.csv, row 4"."""

    label = _("Import")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Imported from “%(source)s”, row %(row)s") % {
            "source": data.get("source", ""),
            "row": data.get("row", ""),
        }


def save_session_rows(rows, source=""):
    """Saves every filled row of ``rows`` (a valid formset) in one transaction.

    Each session is saved as the single session form saves one (``save()``: running
    totals, cache invalidation and purge on commit, the audit log of its counts)
    and logged as created; an imported one also names its file and row.
    """
    saved = []
    with transaction.atomic():
        for index, form in enumerate(rows.forms):
            if not form.has_changed():
                continue
            session = form.save()
            log(instance=session, action="wagtail.create", content_changed=True)
            if source:
                # The file's row: its heading is row 1.
                where = {"source": source, "row": index + 2}
                log(instance=session, action=IMPORT_ACTION, data=where)
            saved.append(session)
    return saved


class SessionTableMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """A page of the sessions' admin for users who may add sessions (in their hubs)."""

    permission_policy = session_permissions
    permission_required = "add"
    header_icon = "table"
    template_name = "wagtail_villeslumieres/admin/record_sessions.html"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(SESSIONS_LIST_URL), "label": WritingSession._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def table_response(self, table_form, rows, *, show_errors, source=""):
        """The table of rows, with each row's errors when ``show_errors``."""
        context = self.get_context_data(
            table_form=table_form,
            rows=rows,
            show_errors=show_errors,
            source=source,
            # A file's rows are numbered as in the file (its heading is row 1).
            first_row=2 if source else 1,
            columns=column_labels(),
            action_url=reverse("wagtail_villeslumieres_admin:record_sessions"),
            can_add_row=rows.total_form_count() < MAX_ROWS,
            submit_button_label=_("Import the sessions") if source else _("Save the sessions"),
            submit_button_active_label=_("Saving…"),
        )
        return self.render_to_response(context)


class RecordSessionsView(SessionTableMixin, TemplateView):
    """Several sessions in one table: one hub and campaign, a row per session.

    "Add a row" posts the table back with one more row (no JavaScript needed). Saving
    validates every filled row and saves them all in one transaction, or nothing.
    """

    page_title = _("Record several sessions")

    def get(self, request, *args, **kwargs):
        table_form = SessionTableForm(user=request.user)
        return self.table_response(table_form, session_rows(), show_errors=False)

    def post(self, request, *args, **kwargs):
        user = request.user
        table_form = SessionTableForm(request.POST, user=user)
        shared = table_form.cleaned_data if table_form.is_valid() else {}
        row_kwargs = {"hub": shared.get("hub"), "campaign": shared.get("campaign"), "user": user}
        source = shared.get("source", "")
        rows = session_rows(request.POST, **row_kwargs)
        if "add_row" in request.POST:
            data = request.POST.copy()
            data[f"{ROWS_PREFIX}-TOTAL_FORMS"] = str(min(rows.total_form_count() + 1, MAX_ROWS))
            return self.table_response(
                table_form, session_rows(data, **row_kwargs), show_errors=False, source=source
            )
        if table_form.is_valid() and rows.is_valid():
            saved = save_session_rows(rows, source)
            messages.success(
                request,
                ngettext("%(count)s session recorded.", "%(count)s sessions recorded.", len(saved))
                % {"count": len(saved)},
            )
            return redirect(SESSIONS_LIST_URL)
        messages.error(request, _("Nothing was saved: correct the rows marked below."))
        return self.table_response(table_form, rows, show_errors=True, source=source)


class ImportSessionsView(SessionTableMixin, TemplateView):
    """Sessions from a CSV or XLSX file: read into the table of ``RecordSessionsView``,
    each row checked, for the editor to review (and correct) before saving."""

    page_title = _("Import sessions")
    header_icon = "upload"

    def get_template_names(self):
        if getattr(self, "previewing", False):
            return [self.template_name]
        return ["wagtail_villeslumieres/admin/import_sessions.html"]

    def form_response(self, form):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                submit_button_label=_("Check the rows"),
                submit_button_active_label=_("Reading the file…"),
                action_url=reverse("wagtail_villeslumieres_admin:import_sessions"),
                template_urls={
                    kind: reverse("wagtail_villeslumieres_admin:sessions_template")
                    + f"?export={kind}"
                    for kind in ("csv", "xlsx")
                },
            )
        )

    def get(self, request, *args, **kwargs):
        return self.form_response(SessionImportForm(user=request.user))

    def post(self, request, *args, **kwargs):
        user = request.user
        form = SessionImportForm(request.POST, request.FILES, user=user)
        if not form.is_valid():
            return self.form_response(form)
        upload = form.cleaned_data["file"]
        try:
            data = rows_data(read_table(upload, MAX_ROWS + 1))
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.form_response(form)
        hub, campaign = form.cleaned_data["hub"], form.cleaned_data["campaign"]
        source = upload.name[:255]
        data.update({"hub": str(hub.pk), "campaign": str(campaign.pk), "source": source})
        table_form = SessionTableForm(data, user=user)
        rows = session_rows(data, hub=hub, campaign=campaign, user=user)
        self.previewing = True
        if rows.is_valid():
            messages.info(
                request,
                _("Check the rows read from “%(source)s”, then save them: nothing is saved yet.")
                % {"source": source},
            )
        else:
            messages.error(
                request,
                _(
                    "Some rows of “%(source)s” have mistakes: nothing was saved. Correct them "
                    "below, or in the file and import it again."
                )
                % {"source": source},
            )
        return self.table_response(table_form, rows, show_errors=True, source=source)


class SessionsTemplateView(PermissionCheckedMixin, View):
    """The empty file to fill in for an import: the table's headings, as CSV or
    (``?export=xlsx``) XLSX, the query Wagtail's own exports take."""

    permission_policy = session_permissions
    permission_required = "add"

    def get(self, request):
        kind = "xlsx" if request.GET.get("export") == "xlsx" else "csv"
        headings = [str(label) for label in column_labels().values()]
        if kind == "xlsx":
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            sheet.title = str(WritingSession._meta.verbose_name_plural)[:31]
            sheet.append(headings)
            buffer = io.BytesIO()
            workbook.save(buffer)
            response = HttpResponse(
                buffer.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            buffer = io.StringIO()
            csv.writer(buffer).writerow([neutralise_formula(h) for h in headings])
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sessions.{kind}"'
        return response


# ---------------------------------------------------------------------------
# Translations: a hub translated without the pages below it says so
# ---------------------------------------------------------------------------


def warn_of_untranslated_pages(request, page):
    """``before_edit_page`` hook: opening a hub whose translation lacks pages below it
    warns, with a link to translate each (in Wagtail's editor and wagtail-localize's)."""
    if request.method != "GET" or page.specific_class is not HubPage:
        return None
    missing = missing_pages(page)
    if missing:
        summary = missing_summary(len(missing), page.locale.get_display_name())
        wagtail_messages.warning(
            request,
            f"{summary} {include_subtree_hint()}",
            buttons=[
                wagtail_messages.button(
                    item["translate_url"],
                    gettext("Translate “%(title)s”") % {"title": item["page"].title},
                )
                for item in missing
            ],
        )
    return None


def untranslated_pages_button(page, user, next_url=None, **kwargs):
    """``register_page_listing_buttons`` hook: a hub translation lacking pages below it."""
    if page.specific_class is not HubPage or not page.permissions_for_user(user).can_edit():
        return []
    count = len(untranslated_below(page))
    if not count:
        return []
    label = ngettext("%(count)s page to translate", "%(count)s pages to translate", count) % {
        "count": count
    }
    return [
        ListingButton(
            label,
            url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            icon_name="warning",
            priority=60,
        )
    ]


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
