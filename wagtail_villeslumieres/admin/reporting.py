"""The admin of reporting links: create and share a link, decide on the reports.

Every view asks the hub scope (``admin.permissions``): a user sees, creates and
decides only on the links and reports of the hubs whose writing sessions they may
change. The decisions themselves are ``wagtail_villeslumieres.reporting``'s.
"""

import datetime
import io

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter

from .. import reporting
from ..counter.languages import LANGUAGES, default_language, language_code
from ..models.letters import KIND_LABELS, KINDS, LetterCampaign, WritingSession
from ..models.reporting import ReportingLink, SessionReport
from .forms import CampaignChoiceField, HubChoiceField
from .permissions import (
    reporting_links_for_user,
    session_permissions,
    session_reports_for_user,
)


class ReportingLogFormatter(LogFormatter):
    """An audit log line naming the link (and the counts a report carried)."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        counts = data.get("counts")
        text = self.message % {"link": data.get("link_title") or f"#{data.get('link')}"}
        if counts:
            listed = ", ".join(
                f"{KIND_LABELS.get(kind, kind)} {value}" for kind, value in counts.items()
            )
            text = f"{text} ({listed})"
        return text


def _formatter(label, message):
    return type(
        "ReportingLogFormatter",
        (ReportingLogFormatter,),
        {"label": label, "message": message, "__module__": __name__},
    )


#: Audit log action → its formatter (registered in ``wagtail_hooks.py``).
LOG_FORMATTERS = {
    reporting.LINK_CREATED: _formatter(
        _("Create reporting link"), _("Reporting link created: %(link)s")
    ),
    reporting.LINK_REVOKED: _formatter(
        _("Revoke reporting link"), _("Reporting link revoked: %(link)s")
    ),
    reporting.REPORT_RECEIVED: _formatter(
        _("Receive report"), _("Report received through %(link)s")
    ),
    reporting.REPORT_CORRECTED: _formatter(
        _("Correct report"), _("Report corrected through %(link)s")
    ),
    reporting.REPORT_CONFIRMED: _formatter(
        _("Confirm report"), _("Report confirmed, sent through %(link)s")
    ),
    reporting.REPORT_REJECTED: _formatter(
        _("Reject report"), _("Report rejected, sent through %(link)s")
    ),
}


# ---------------------------------------------------------------------------
# The hub scope of every view
# ---------------------------------------------------------------------------


def may_manage_reports(user):
    """Whether ``user`` manages reporting links and reports at all (for some hub)."""
    return session_permissions.user_has_permission(user, "change")


def _link_of(request, pk):
    """The link ``pk`` when it is one of the user's hubs', else ``PermissionDenied``."""
    if not may_manage_reports(request.user):
        raise PermissionDenied
    link = (
        reporting_links_for_user(request.user)
        .select_related("session", "hub", "campaign")
        .filter(pk=pk)
    )
    found = link.first()
    if found is None:
        get_object_or_404(ReportingLink, pk=pk)
        raise PermissionDenied
    return found


def _report_of(request, pk):
    if not may_manage_reports(request.user):
        raise PermissionDenied
    found = (
        session_reports_for_user(request.user)
        .select_related("link", "link__session", "session", "hub")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        get_object_or_404(SessionReport, pk=pk)
        raise PermissionDenied
    return found


class ReportingAdminMixin(WagtailAdminTemplateMixin):
    """Refuses users who may change no writing session; the breadcrumbs of these views."""

    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtail_villeslumieres_admin:reporting_links"),
                "label": _("Reporting links"),
            },
            {"url": "", "label": self.get_page_title()},
        ]


# ---------------------------------------------------------------------------
# Links: list, create, show and share, revoke
# ---------------------------------------------------------------------------


class ReportingLinkIndexView(ReportingAdminMixin, TemplateView):
    page_title = _("Reporting links")
    template_name = "wagtail_villeslumieres/admin/reporting/link_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        links = (
            reporting_links_for_user(self.request.user)
            .select_related("session", "hub", "campaign")
            .annotate(pending=Count("reports", filter=Q(reports__status=SessionReport.PENDING)))
            .order_by("-created_at", "-pk")
        )
        return super().get_context_data(links=links, now=timezone.now(), **kwargs)


def _expiry_field():
    return forms.DateField(
        label=_("Valid until"),
        help_text=_(
            "The link stops working after this day. By default, a week after the campaign."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )


class ReportingLinkForm(forms.Form):
    """A new link: for a session (its hub and campaign), or for a group (hub, campaign)."""

    hub = HubChoiceField(queryset=None, label=_("Hub"))
    campaign = CampaignChoiceField(queryset=None, label=_("Campaign"))
    label = forms.CharField(
        label=_("For"),
        max_length=120,
        required=False,
        help_text=ReportingLink._meta.get_field("label").help_text,
    )
    valid_until = _expiry_field()

    def __init__(self, *args, user, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        if session is not None:
            del self.fields["hub"]
            del self.fields["campaign"]
        else:
            hubs = session_permissions.hubs_for_user(user).select_related("locale")
            self.fields["hub"].queryset = hubs.order_by("title", "pk")
            self.fields["campaign"].queryset = LetterCampaign.objects.select_related(
                "locale"
            ).order_by("-starts_on", "name")

    def expires_at(self):
        day = self.cleaned_data.get("valid_until")
        if day is None:
            return None
        return timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
        )

    def clean_valid_until(self):
        day = self.cleaned_data.get("valid_until")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose a day from today on."))
        return day


class ReportingLinkCreateView(ReportingAdminMixin, FormView):
    """A new link for a writing session (``session``), or for a group."""

    template_name = "wagtail_villeslumieres/admin/reporting/link_create.html"
    form_class = ReportingLinkForm

    @cached_property
    def session(self):
        pk = self.kwargs.get("session")
        if pk is None:
            return None
        session = get_object_or_404(WritingSession.objects.select_related("hub", "campaign"), pk=pk)
        if not session_permissions.user_has_permission_for_instance(
            self.request.user, "change", session
        ):
            raise PermissionDenied
        return session

    def get_page_title(self):
        if self.session is not None:
            return _("New reporting link for %(session)s") % {"session": self.session}
        return _("New reporting link for a local group")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "session": self.session}

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        session = self.session
        link = reporting.create_link(
            hub=form.cleaned_data.get("hub"),
            campaign=form.cleaned_data.get("campaign"),
            session=session,
            label=form.cleaned_data["label"],
            expires_at=form.expires_at(),
            user=self.request.user,
        )
        messages.success(self.request, _("The reporting link is ready: share it below."))
        return redirect("wagtail_villeslumieres_admin:reporting_link", link.pk)


def qr_code(url):
    """The link's QR code (``segno``: pure Python, SVG of its own, no dependency)."""
    return segno.make(url, error="m")


def qr_svg(url, title):
    """The QR code as an SVG element to place in an HTML page."""
    return qr_code(url).svg_inline(scale=4, border=4, title=title, svgclass="vl-qr")


class OrganiserEmailForm(forms.Form):
    address = forms.EmailField(
        label=_("Organiser's e-mail address"),
        help_text=_("Used to send this e-mail only; it is not stored."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=[(code, code.upper()) for code in LANGUAGES],
    )


class ReportingLinkDetailView(ReportingAdminMixin, TemplateView):
    """The link: its address with a copy button, its QR code, sheet, e-mail, reports."""

    template_name = "wagtail_villeslumieres/admin/reporting/link_detail.html"

    @cached_property
    def link(self):
        return _link_of(self.request, self.kwargs["pk"])

    def get_page_title(self):
        return str(self.link)

    def get_context_data(self, **kwargs):
        link = self.link
        url = reporting.link_url(self.request, link)
        return super().get_context_data(
            link=link,
            url=url,
            qr=qr_svg(url, str(_("QR code of the reporting link"))),
            sheet_languages=[translation.get_language_info(code) for code in LANGUAGES],
            email_form=OrganiserEmailForm(initial={"language": default_language(link.campaign)}),
            reports=link.reports.select_related("session").order_by("-submitted_at", "-pk"),
            pending=link.reports.filter(status=SessionReport.PENDING).count(),
            **kwargs,
        )


def reporting_link_qr(request, pk):
    """The link's QR code as an SVG document (to download and print elsewhere)."""
    link = _link_of(request, pk)
    buffer = io.BytesIO()
    qr_code(reporting.link_url(request, link)).save(
        buffer, kind="svg", scale=8, border=4, title=str(link)
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="reporting-link-{link.pk}.svg"'
    response["Cache-Control"] = "private, no-store"
    return response


class ReportingLinkSheetView(TemplateView):
    """The printable A4 session sheet: place, date, the counts table, the QR code."""

    template_name = "wagtail_villeslumieres/reporting/session_sheet.html"

    def dispatch(self, request, *args, **kwargs):
        self.link = _link_of(request, kwargs["pk"])
        # In the organiser's language when the editor chose one (``?lang=``).
        language = language_code(request.GET.get("lang")) or translation.get_language()
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response

    def get_context_data(self, **kwargs):
        url = reporting.link_url(self.request, self.link)
        return super().get_context_data(
            link=self.link,
            session=self.link.session,
            url=url,
            qr=qr_svg(url, str(_("QR code to report the session"))),
            kinds=[KIND_LABELS[kind] for kind in KINDS],
            rows=range(1 if self.link.session else 6),
            **kwargs,
        )


class ReportingLinkEmailView(ReportingAdminMixin, FormView):
    """E-mails the link to its organiser (the address is used once, not stored)."""

    template_name = "wagtail_villeslumieres/admin/reporting/link_email.html"
    form_class = OrganiserEmailForm

    @cached_property
    def link(self):
        return _link_of(self.request, self.kwargs["pk"])

    def get_page_title(self):
        return _("Send %(link)s") % {"link": self.link}

    def get_context_data(self, **kwargs):
        return super().get_context_data(link=self.link, **kwargs)

    def form_valid(self, form):
        link = self.link
        if not link.is_usable:
            messages.error(self.request, _("This link no longer works: create a new one."))
        else:
            reporting.send_link(
                link,
                reporting.link_url(self.request, link),
                form.cleaned_data["address"],
                form.cleaned_data["language"],
                self.request.user,
            )
            messages.success(self.request, _("The link was sent."))
        return redirect("wagtail_villeslumieres_admin:reporting_link", link.pk)


class RevokeForm(forms.Form):
    reject_pending = forms.BooleanField(
        label=_("Also reject the reports it sent that wait for confirmation"),
        required=False,
        initial=True,
    )


class ReportingLinkRevokeView(ReportingAdminMixin, FormView):
    """Revokes the link at once; optionally rejects its pending reports in one go."""

    template_name = "wagtail_villeslumieres/admin/reporting/link_revoke.html"
    form_class = RevokeForm

    @cached_property
    def link(self):
        return _link_of(self.request, self.kwargs["pk"])

    def get_page_title(self):
        return _("Revoke %(link)s") % {"link": self.link}

    def get_context_data(self, **kwargs):
        pending = self.link.reports.filter(status=SessionReport.PENDING).count()
        return super().get_context_data(link=self.link, pending=pending, **kwargs)

    def form_valid(self, form):
        reporting.revoke(self.link, self.request.user)
        rejected = 0
        if form.cleaned_data["reject_pending"]:
            rejected = reporting.reject_pending_of(self.link, self.request.user)
        messages.success(self.request, _("The link is revoked."))
        if rejected:
            messages.success(
                self.request,
                ngettext(
                    "%(count)s pending report was rejected.",
                    "%(count)s pending reports were rejected.",
                    rejected,
                )
                % {"count": rejected},
            )
        return redirect("wagtail_villeslumieres_admin:reporting_link", self.link.pk)


# ---------------------------------------------------------------------------
# Reports: list, and decide in one step
# ---------------------------------------------------------------------------


class DecisionForm(forms.ModelForm):
    """Confirm (with the counts as they are, or corrected) or reject, in one step.

    The counts' limits and messages are the model fields' (shared with the session form).
    """

    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )

    class Meta:
        model = SessionReport
        fields = list(KINDS)
        widgets = {
            kind: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "size": 5})
            for kind in KINDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = False
        self.prefix = f"report-{self.instance.pk}"

    def clean(self):
        cleaned_data = super().clean()
        decision = self.data.get(self.add_prefix("decision")) or self.data.get("decision")
        if decision not in ("confirm", "reject"):
            raise forms.ValidationError(_("Choose to confirm or to reject the report."))
        cleaned_data["decision"] = decision
        if decision == "confirm" and not self.errors:
            report = self.instance
            for kind in KINDS:
                setattr(report, kind, cleaned_data.get(kind, 0))
            try:
                reporting.session_of(report).clean()
            except forms.ValidationError as error:
                for messages_ in error.message_dict.values():
                    for message in messages_:
                        self.add_error(None, message)
        return cleaned_data


class SessionReportIndexView(ReportingAdminMixin, TemplateView):
    """The reports of the user's hubs: those waiting first, each decided in one step."""

    page_title = _("Session reports")
    header_icon = "tasks"
    template_name = "wagtail_villeslumieres/admin/reporting/report_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status") or SessionReport.PENDING
        if status not in dict(SessionReport.STATUS_CHOICES):
            status = SessionReport.PENDING
        reports = (
            session_reports_for_user(self.request.user)
            .filter(status=status)
            .select_related("link", "link__session", "session", "hub", "decided_by")
            .order_by("-submitted_at", "-pk")[:200]
        )
        rows = [
            {
                "report": report,
                "form": DecisionForm(instance=report) if status == "pending" else None,
            }
            for report in reports
        ]
        return super().get_context_data(
            rows=rows, status=status, statuses=SessionReport.STATUS_CHOICES, **kwargs
        )


class SessionReportDecideView(ReportingAdminMixin, FormView):
    """One report: confirm it (its counts corrected if need be) or reject it."""

    template_name = "wagtail_villeslumieres/admin/reporting/report_decide.html"
    form_class = DecisionForm

    @cached_property
    def report(self):
        return _report_of(self.request, self.kwargs["pk"])

    def get_page_title(self):
        return _("Report: %(report)s") % {"report": self.report}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.report}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.report.status != SessionReport.PENDING:
            messages.error(request, _("This report was already decided on."))
            return redirect("wagtail_villeslumieres_admin:session_reports")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for error in form.non_field_errors():
            messages.error(self.request, error)
        return super().form_invalid(form)

    def form_valid(self, form):
        report = self.report
        try:
            if form.cleaned_data["decision"] == "reject":
                reporting.reject(report, self.request.user)
                messages.success(self.request, _("The report is rejected."))
            else:
                counts = {kind: form.cleaned_data[kind] for kind in KINDS}
                reporting.confirm(report, self.request.user, counts=counts)
                messages.success(self.request, _("The report is confirmed: it counts now."))
        except reporting.AlreadyDecided:
            messages.error(self.request, _("This report was already decided on."))
        return redirect(
            self.request.POST.get("next") or reverse("wagtail_villeslumieres_admin:session_reports")
        )


# ---------------------------------------------------------------------------
# Menu, dashboard, session listing button
# ---------------------------------------------------------------------------


class SessionReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_reports(request.user)


class PendingReportsPanel(Component):
    """On the dashboard: the reports waiting for the user's confirmation."""

    name = "session_reports"
    template_name = "wagtail_villeslumieres/admin/reporting/pending_panel.html"
    order = 95
    latest_count = 5

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        pending = session_reports_for_user(self.request.user).filter(status=SessionReport.PENDING)
        return {
            "count": pending.count(),
            "latest": list(
                pending.select_related("link__session", "hub").order_by("-submitted_at")[
                    : self.latest_count
                ]
            ),
            "request": self.request,
        }

    @staticmethod
    def is_shown_to(user):
        return may_manage_reports(user)


def session_listing_buttons(snippet, user, next_url=None):
    """ "Reporting link" on each writing session the user may change."""
    if isinstance(snippet, WritingSession) and session_permissions.user_has_permission_for_instance(
        user, "change", snippet
    ):
        yield ListingButton(
            _("Reporting link"),
            reverse(
                "wagtail_villeslumieres_admin:reporting_link_add_for_session", args=[snippet.pk]
            ),
            icon_name="link",
            priority=50,
        )
