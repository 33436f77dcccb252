"""Filters of the admin's listings and reports (Wagtail ``WagtailFilterSet``s)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from ..models.commitments import CommitmentCategory
from ..models.hub import HubPage
from ..models.letters import LetterCampaign, WritingSession
from .permissions import session_permissions


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


def _own_hubs(request):
    if request is None:
        return HubPage.objects.none()
    return session_permissions.hubs_for_user(request.user).order_by("title", "pk")


class WritingSessionFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=LetterCampaign.objects.order_by("-starts_on", "name")
    )
    hub = django_filters.ModelChoiceFilter(label=_("Hub"), queryset=_own_hubs)
    is_public = django_filters.BooleanFilter(label=_("Open to the public"))

    class Meta:
        model = WritingSession
        fields = ["campaign", "hub", "is_public"]


class CommitmentCategoryFilterSet(WagtailFilterSet):
    """Lets editors find the categories no commitment uses (to tidy them up)."""

    in_use = django_filters.BooleanFilter(label=_("Used by a commitment"), method="filter_in_use")

    class Meta:
        model = CommitmentCategory
        fields = []

    def filter_in_use(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(commitment_count__gt=0)
            if value
            else queryset.filter(commitment_count=0)
        )
