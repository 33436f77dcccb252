"""The letter counter panel on the admin's dashboard: the current campaign's figures."""

from wagtail.admin.ui.components import Component

from ..counter import totals
from .permissions import ANY_SESSION_ACCESS, session_permissions, single_hub_of


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
                session_permissions.instances_user_has_any_permission_for(user, ANY_SESSION_ACCESS)
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
