"""Editors' tools for the letter counter: who may record for which hub, the session
form, the totals report and the dashboard panel.

Registered in ``wagtail_hooks.py`` and ``viewsets.py``; every figure shown here
comes from ``totals``.

Hub access ("an editor limited to their own hub"): a user records and sees
sessions only for the hubs at or below a page on which one of their groups holds
a page permission (Wagtail's "Page permissions" of a group). Superusers see
every hub. On a single-site install, the usual editor groups hold permissions on
the root page and so see every hub; on a multi-site install, give each
commune's group page permissions on its own site's root (or its hub) only.
"""

import datetime
import functools
import operator

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views

from . import totals
from .models.hub import VilleLumieresPage
from .models.letters import KIND_LABELS, KINDS, LetterCampaign, WritingSession

# ---------------------------------------------------------------------------
# Which hubs a user may record sessions for
# ---------------------------------------------------------------------------


def hubs_for_user(user):
    """The hubs ``user`` may record writing sessions for (a queryset)."""
    hubs = VilleLumieresPage.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return hubs.none()
    if user.is_superuser:
        return hubs
    paths = set(
        GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
    )
    if not paths:
        return hubs.none()
    # A page permission covers the page and everything below it, as in Wagtail.
    return hubs.filter(functools.reduce(operator.or_, (Q(path__startswith=p) for p in paths)))


def single_hub_of(user):
    """The user's hub when all their hubs are one hub (and its translations), else ``None``.

    The dashboard then shows that hub's total rather than the whole campaign's, so
    on a shared install a commune's editors see their own figures.
    """
    keys = list(
        hubs_for_user(user).order_by().values_list("translation_key", flat=True).distinct()[:2]
    )
    if len(keys) != 1:
        return None
    return hubs_for_user(user).filter(translation_key=keys[0]).order_by("pk").first()


def sessions_for_user(user):
    """The writing sessions ``user`` may see and edit (those of their hubs)."""
    sessions = WritingSession.objects.all()
    if user is not None and user.is_active and user.is_superuser:
        return sessions
    return sessions.filter(hub__in=hubs_for_user(user))


session_permissions = ModelPermissionPolicy(WritingSession)


# ---------------------------------------------------------------------------
# The session form: quick to fill in on a phone
# ---------------------------------------------------------------------------


def _with_language(label, obj):
    # A hub or campaign and its translations would otherwise read the same in the list.
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return f"{label} · {obj.locale.language_code}"
    return label


class HubChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _with_language(obj.title, obj)


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _with_language(f"{obj.name} ({obj.year})", obj)


class NativeDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker: the quickest on a phone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class WritingSessionForm(WagtailAdminModelForm):
    """Limits hubs to the user's own, fills in sensible defaults, records who entered it."""

    hub = HubChoiceField(
        queryset=VilleLumieresPage.objects.none(),
        label=_("Hub"),
        help_text=_("The labelled commune, city or university the session counts for."),
        error_messages={
            "invalid_choice": _(
                "Choose one of your own hubs: you can record sessions only for the hubs "
                "of the sites you edit."
            )
        },
    )
    campaign = CampaignChoiceField(
        queryset=LetterCampaign.objects.none(),
        label=_("Campaign"),
    )

    class Meta:
        model = WritingSession
        fields = [
            "hub",
            "campaign",
            "place_name",
            "starts_at",
            "ends_at",
            *KINDS,
            "address",
            "is_public",
            "public_note",
            "note",
        ]
        widgets = {
            "starts_at": NativeDateTimeInput(),
            "ends_at": NativeDateTimeInput(),
            **{kind: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}) for kind in KINDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        hubs = hubs_for_user(user).select_related("locale").order_by("title", "pk")
        self.fields["hub"].queryset = hubs
        self.fields["campaign"].queryset = LetterCampaign.objects.select_related("locale").order_by(
            "-starts_on", "name"
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = NativeDateTimeInput()
        if self.instance._state.adding and not self.is_bound:
            self._set_defaults(hubs)

    def _set_defaults(self, hubs):
        campaign = totals.current_campaign()
        if campaign is not None:
            self.initial.setdefault("campaign", campaign.pk)
        own_hubs = list(hubs[:2])
        if len(own_hubs) == 1:
            self.initial.setdefault("hub", own_hubs[0].pk)
        # Most sessions are recorded the day they take place: today, two hours up to now.
        end = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        self.initial.setdefault("ends_at", end)
        self.initial.setdefault("starts_at", end - datetime.timedelta(hours=2))

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if self.instance._state.adding and user is not None and user.is_authenticated:
            self.instance.entered_by = user
        return cleaned_data


# ---------------------------------------------------------------------------
# Snippet views limited to the user's hubs
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


# ---------------------------------------------------------------------------
# Report: totals per hub and per kind (CSV and XLSX through Wagtail)
# ---------------------------------------------------------------------------


class CampaignReportFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=LetterCampaign.objects.order_by("-starts_on", "name"),
        method="filter_campaign",
    )

    class Meta:
        model = LetterCampaign
        fields = []

    def filter_campaign(self, queryset, name, value):
        return queryset


class LetterTotalsReportView(ReportView):
    """A campaign's totals per hub and per kind, exportable as CSV and XLSX."""

    page_title = _("Letter totals")
    header_icon = "table"
    index_url_name = "wagtail_villeslumieres_letter_totals"
    index_results_url_name = "wagtail_villeslumieres_letter_totals_results"
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


# ---------------------------------------------------------------------------
# Dashboard panel
# ---------------------------------------------------------------------------


class LetterCounterPanel(Component):
    """The current campaign's total, its goal and the latest sessions, on the dashboard."""

    name = "letter_counter"
    template_name = "wagtail_villeslumieres/admin/letter_counter_panel.html"
    order = 90
    latest_count = 5

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        campaign = totals.current_campaign()
        latest = []
        if campaign is not None:
            latest = list(
                sessions_for_user(user)
                .filter(campaign__translation_key=campaign.translation_key)
                .select_related("hub")
                .order_by("-starts_at", "-pk")[: self.latest_count]
            )
        own_hub = None if user.is_superuser else single_hub_of(user)
        figures = None
        if campaign is not None:
            figures = totals.for_campaign(campaign, own_hub)
        return {
            "campaign": campaign,
            "hub": own_hub,
            "totals": figures,
            "latest_sessions": latest,
            "can_add": session_permissions.user_has_permission(user, "add"),
            "can_change": session_permissions.user_has_permission(user, "change"),
            "request": self.request,
        }

    @staticmethod
    def is_shown_to(user):
        return session_permissions.user_has_any_permission(user, ["add", "change", "view"])


# ---------------------------------------------------------------------------
# Listing filters: campaigns, and only the user's own hubs
# ---------------------------------------------------------------------------


def _own_hubs(request):
    if request is None:
        return VilleLumieresPage.objects.none()
    return hubs_for_user(request.user).order_by("title", "pk")


class WritingSessionFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=LetterCampaign.objects.order_by("-starts_on", "name")
    )
    hub = django_filters.ModelChoiceFilter(label=_("Hub"), queryset=_own_hubs)
    is_public = django_filters.BooleanFilter(label=_("Open to the public"))

    class Meta:
        model = WritingSession
        fields = ["campaign", "hub", "is_public"]
