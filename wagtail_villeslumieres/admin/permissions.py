"""The hub scope: which hubs, and so which writing sessions, a user may touch.

Hub access ("an editor limited to their own hub"): a user records and sees
sessions only for the hubs at or below a page on which one of their groups holds
a page permission (Wagtail's "Page permissions" of a group). Superusers see
every hub. On a single-site install, the usual editor groups hold permissions on
the root page and so see every hub; on a multi-site install, give each
commune's group page permissions on its own site's root (or its hub) only.

``session_permissions`` (a ``WritingSessionPermissionPolicy``) is the one place
every admin path asks: the viewset's views, its chooser, the bulk actions, the
site history (through the session log entries), the report and the dashboard.
"""

import functools
import operator

from django.db.models import Q
from wagtail.models import GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models.hub import HubPage
from ..models.letters import WritingSession
from ..models.network import NetworkMember, NetworkPage
from ..models.reporting import ReportingLink, SessionReport

page_permissions = PagePermissionPolicy()


def pages_for_user(pages, user):
    """The pages of the queryset ``pages`` at or below a page ``user`` has a permission on."""
    if user is None or not user.is_authenticated or not user.is_active:
        return pages.none()
    if user.is_superuser:
        return pages
    paths = set(
        GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
    )
    if not paths:
        return pages.none()
    # A page permission covers the page and everything below it, as in Wagtail.
    return pages.filter(functools.reduce(operator.or_, (Q(path__startswith=p) for p in paths)))


def hubs_for_user(user):
    """The hubs ``user`` may record writing sessions for (a queryset)."""
    return pages_for_user(HubPage.objects.all(), user)


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


class PageScopedPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, limited to the instances of the user's pages.

    A user may perform an action on an instance when their groups hold the model
    permission for it (add, change, delete, view) *and* the page the instance
    belongs to (its ``page_field``, a ``page_model``) is at or below a page they
    hold a page permission on (``pages_for_user``). Superusers may do everything.
    """

    #: The instance's foreign key to the page that scopes it.
    page_field = ""
    #: The model of that page.
    page_model = None

    def pages_for_user(self, user):
        """The pages whose instances ``user`` may touch (a queryset)."""
        return pages_for_user(self.page_model.objects.all(), user)

    def _in_scope(self, user, instance):
        if user.is_active and user.is_superuser:
            return True
        page_id = getattr(instance, f"{self.page_field}_id")
        pages = self.pages_for_user(user)
        if page_id is None:
            # Not yet attached to a page (a form being filled in): the page field decides.
            return pages.exists()
        return pages.filter(pk=page_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        instances = self.model.objects.all()
        if user.is_active and user.is_superuser:
            return instances
        return instances.filter(**{f"{self.page_field}__in": self.pages_for_user(user)})

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class WritingSessionPermissionPolicy(PageScopedPermissionPolicy):
    """Model permissions on writing sessions, limited to the user's hubs (``hubs_for_user``)."""

    page_field = "hub"
    page_model = HubPage

    def hubs_for_user(self, user):
        """The hubs whose sessions ``user`` may touch (used by the forms, filters, logs)."""
        return self.pages_for_user(user)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        if instance.hub_id is None:
            return users.filter(is_superuser=True)
        hub = instance.hub
        steplen = hub.steplen
        # Page permissions cascade: a permission on the hub or any of its ancestors.
        paths = [hub.path[:end] for end in range(steplen, len(hub.path) + 1, steplen)]
        return users.filter(
            Q(is_superuser=True) | Q(groups__page_permissions__page__path__in=paths)
        ).distinct()


session_permissions = WritingSessionPermissionPolicy(WritingSession)

# Every kind of access an editor may have to sessions (what a read needs).
ANY_SESSION_ACCESS = ("add", "change", "delete", "view")


# Reporting links and the reports sent through them: the same hub scope. A user
# manages them for the hubs whose writing sessions they may change.


def reporting_links_for_user(user):
    """The reporting links ``user`` may see, create, share and revoke."""
    from_hubs = ReportingLink.objects.filter(hub__in=hubs_for_user(user))
    if user is None or not session_permissions.user_has_permission(user, "change"):
        return ReportingLink.objects.none()
    return from_hubs


def session_reports_for_user(user):
    """The reports ``user`` may see, confirm, correct and reject."""
    if user is None or not session_permissions.user_has_permission(user, "change"):
        return SessionReport.objects.none()
    return SessionReport.objects.filter(hub__in=hubs_for_user(user))


# ---------------------------------------------------------------------------
# Network members: scoped to the networks the user may edit
# ---------------------------------------------------------------------------


def networks_for_user(user):
    """The networks whose members ``user`` may touch: at or below their page permissions."""
    return pages_for_user(NetworkPage.objects.all(), user)


class NetworkMemberPermissionPolicy(PageScopedPermissionPolicy):
    """Model permissions on network members, limited to the networks of the user's pages."""

    page_field = "network"
    page_model = NetworkPage


member_permissions = NetworkMemberPermissionPolicy(NetworkMember)
