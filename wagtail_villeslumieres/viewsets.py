"""Snippet viewsets of the package's admin (registered in ``wagtail_hooks.py``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

# ---------------------------------------------------------------------------
# Letter counter: campaigns and writing sessions
# ---------------------------------------------------------------------------
from .letters_admin import (
    SessionDeleteView,
    SessionEditView,
    WritingSessionFilterSet,
    WritingSessionForm,
    sessions_for_user,
)
from .models.letters import KINDS, LetterCampaign, WritingSession


class LetterCampaignViewSet(SnippetViewSet):
    model = LetterCampaign
    icon = "mail"
    menu_label = _("Campaigns")
    list_display = ["name", "year", "starts_on", "ends_on", "goal", "is_active"]
    list_filter = ["year", "is_active"]
    search_fields = ["name"]
    ordering = ["-starts_on"]


class WritingSessionViewSet(SnippetViewSet):
    model = WritingSession
    icon = "edit"
    menu_label = _("Writing sessions")
    list_display = ["__str__", "hub", "campaign", "starts_at", *KINDS, "entered_by"]
    filterset_class = WritingSessionFilterSet
    # Searched through the model's search_fields (Wagtail search): place, address, note.
    ordering = ["-starts_at", "-pk"]
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    copy_view_enabled = False
    edit_handler = ObjectList(WritingSession.panels, base_form_class=WritingSessionForm)

    def get_queryset(self, request):
        # Each user lists only the sessions of their own hubs (see letters_admin).
        return sessions_for_user(request.user).select_related("hub", "campaign", "entered_by")


class LetterCounterViewSetGroup(SnippetViewSetGroup):
    items = (WritingSessionViewSet, LetterCampaignViewSet)
    menu_icon = "mail"
    menu_label = _("Letter counter")
    menu_name = "letter-counter"
    menu_order = 250


# ---------------------------------------------------------------------------
# Commitments: categories
# ---------------------------------------------------------------------------
import django_filters  # noqa: E402
from django.db.models import Count  # noqa: E402
from wagtail.admin.filters import WagtailFilterSet  # noqa: E402
from wagtail.admin.ui.tables import Column  # noqa: E402

from .models.commitments import CommitmentCategory  # noqa: E402


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


class CommitmentCategoryViewSet(SnippetViewSet):
    """Commitment categories: listed with the number of commitments using each."""

    model = CommitmentCategory
    icon = "tag"
    menu_label = _("Commitment categories")
    menu_name = "commitment-categories"
    add_to_admin_menu = False
    list_display = [
        "name",
        "slug",
        Column("commitment_count", label=_("Commitments"), sort_key="commitment_count"),
    ]
    filterset_class = CommitmentCategoryFilterSet
    search_fields = ["name", "slug", "description"]
    list_export = ["name", "slug", "description", "commitment_count"]
    export_headings = {"commitment_count": _("Commitments")}
    ordering = ["name"]

    def get_queryset(self, request):
        return CommitmentCategory.objects.annotate(commitment_count=Count("commitments"))
