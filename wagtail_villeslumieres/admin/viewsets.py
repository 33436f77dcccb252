"""Snippet viewsets of the package's admin (registered in ``wagtail_hooks.py``)."""

from django.db.models import Count
from django.utils.functional import cached_property, lazy
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.widgets import AdminSnippetChooser

from ..models.commitments import CommitmentCategory
from ..models.letters import KINDS, LetterCampaign, WritingSession
from ..models.network import NetworkMember
from .filters import CommitmentCategoryFilterSet, WritingSessionFilterSet
from .forms import WritingSessionForm
from .permissions import ANY_SESSION_ACCESS, member_permissions, session_permissions
from .views import (
    CampaignCreateView,
    CampaignEditView,
    SessionChooserCreateView,
    SessionEditView,
    SessionIndexView,
    SnippetIndexView,
    hub_scoped,
    network_scoped,
)

# ---------------------------------------------------------------------------
# Choosers whose texts follow each request's language
# ---------------------------------------------------------------------------

# Wagtail's own messages (translated in its catalogs), named through variables so
# that they are not extracted into the package's catalog again.
_CHOOSER_TEXTS = {
    "choose_one_text": "Choose %(object)s",
    "choose_another_text": "Choose another %(object)s",
    "link_to_chosen_text": "Edit this %(object)s",
}


def _chooser_text(message, model):
    return gettext(message) % {"object": model._meta.verbose_name}


_lazy_chooser_text = lazy(_chooser_text, str)


class LazyTextSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, with its button texts in the language of each request.

    ``AdminSnippetChooser`` writes "Choose <model>" when it is built, and an edit
    form's widgets are built once per process: every editor then read the texts in
    the language of the first one (French before "commitment category", say).
    """

    def __init__(self, model=None, **kwargs):
        super().__init__(model=model, **kwargs)
        for attribute, message in _CHOOSER_TEXTS.items():
            setattr(self, attribute, _lazy_chooser_text(message, self.model))


class LazyTextChooserViewSet(SnippetChooserViewSet):
    base_widget_class = LazyTextSnippetChooser

    if "widget_class" in SnippetChooserViewSet.__dict__:
        # Wagtail 7.4 builds one widget instance itself instead of a class from
        # ``base_widget_class`` (as Wagtail 8 does).
        @cached_property
        def widget_class(self):
            return LazyTextSnippetChooser(model=self.model, icon=self.icon)


# ---------------------------------------------------------------------------
# Letter counter: campaigns and writing sessions
# ---------------------------------------------------------------------------


class LetterCampaignViewSet(SnippetViewSet):
    model = LetterCampaign
    chooser_viewset_class = LazyTextChooserViewSet
    icon = "mail"
    menu_label = _("Campaigns")
    list_display = ["name", "year", "starts_on", "ends_on", "goal", "is_active"]
    list_filter = ["year", "is_active"]
    search_fields = ["name"]
    ordering = ["-starts_on"]
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView


class WritingSessionChooserViewSet(SnippetChooserViewSet):
    """The sessions' chooser: list, search and chosen limited to the user's hubs."""

    create_view_class = SessionChooserCreateView

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(hub_scoped(view_class), **kwargs)


class WritingSessionViewSet(SnippetViewSet):
    """Writing sessions, each user limited to their hubs' by ``session_permissions``.

    Every view this viewset builds (today's and any a later Wagtail adds) gets the
    hub scope mixed in (``admin.views.hub_scoped``), and so does its chooser.
    """

    model = WritingSession
    # Wagtail 7.4 reads the policy from here; 8.0 from register_permission_policy
    # (wagtail_hooks.py), which returns this same object.
    permission_policy = session_permissions
    chooser_viewset_class = WritingSessionChooserViewSet
    icon = "edit"
    menu_label = _("Writing sessions")
    list_display = ["__str__", "hub", "campaign", "starts_at", *KINDS, "entered_by"]
    filterset_class = WritingSessionFilterSet
    # Searched through the model's search_fields (Wagtail search): place, address, note.
    ordering = ["-starts_at", "-pk"]
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    copy_view_enabled = False
    # ``version``: the hidden field of the form's optimistic locking.
    edit_handler = ObjectList(
        [*WritingSession.panels, FieldPanel("version")], base_form_class=WritingSessionForm
    )

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(hub_scoped(view_class), **kwargs)

    def get_queryset(self, request):
        sessions = session_permissions.instances_user_has_any_permission_for(
            request.user, ANY_SESSION_ACCESS
        )
        return sessions.select_related("hub", "campaign", "entered_by")


def _member_total(member):
    return (member.figures or {}).get("total")


def _member_age(member):
    if member.figures_at is None:
        return "—"
    return gettext("%(age)s ago") % {"age": timesince(member.figures_at)}


def _member_error(member):
    if not member.error:
        return ""
    if member.figures is not None:
        return gettext("%(error)s (counted with its last figures)") % {"error": member.error}
    return member.error


class NetworkMemberViewSet(SnippetViewSet):
    """Members of networks: add, approve (status active), pause, remove; what the pulls found.

    Limited to the networks at or below the user's page permissions
    (``member_permissions``).
    """

    model = NetworkMember
    # Wagtail 7.4 reads the policy from here; 8.0 from register_permission_policy.
    permission_policy = member_permissions
    icon = "site"
    menu_label = _("Network members")
    menu_name = "network-members"
    list_display = [
        "name",
        "network",
        "kind",
        "region",
        "status",
        Column("total", label=_("Total"), accessor=_member_total),
        Column("pulled_at", label=_("Last change pulled"), accessor="pulled_at"),
        Column("age", label=_("Age of the figures"), accessor=_member_age),
        Column("error", label=_("Last error"), accessor=_member_error),
    ]
    list_filter = ["status", "region", "kind", "network"]
    search_fields = ["name", "url"]
    ordering = ["name"]
    copy_view_enabled = False
    # Members' names and addresses come from editors and other sites: formulas neutralised.
    index_view_class = SnippetIndexView
    list_export = [
        "name",
        "network",
        "kind",
        "region",
        "status",
        "url",
        "json_url",
        "pulled_at",
        "error",
    ]

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(network_scoped(view_class), **kwargs)

    def get_queryset(self, request):
        members = member_permissions.instances_user_has_any_permission_for(
            request.user, ANY_SESSION_ACCESS
        )
        return members.select_related("network", "local_hub")


class LetterCounterViewSetGroup(SnippetViewSetGroup):
    items = (WritingSessionViewSet, LetterCampaignViewSet, NetworkMemberViewSet)
    menu_icon = "mail"
    # Its own context: the sidebar leaves a top-level label about 120 px, so the
    # translations here are shorter than the counter's everywhere else.
    menu_label = pgettext_lazy("admin sidebar menu", "Letter counter")
    menu_name = "letter-counter"
    menu_order = 250


# ---------------------------------------------------------------------------
# Commitments: categories
# ---------------------------------------------------------------------------


class CommitmentCategoryViewSet(SnippetViewSet):
    """Commitment categories: listed with the number of commitments using each."""

    model = CommitmentCategory
    chooser_viewset_class = LazyTextChooserViewSet
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
    index_view_class = SnippetIndexView
    search_fields = ["name", "slug", "description"]
    list_export = ["name", "slug", "description", "commitment_count"]
    export_headings = {"commitment_count": _("Commitments")}
    ordering = ["name"]

    def get_queryset(self, request):
        return CommitmentCategory.objects.annotate(commitment_count=Count("commitments"))
