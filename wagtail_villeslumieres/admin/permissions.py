"""The hub scope: which hubs, and so which writing sessions, a user may touch.

Hub access ("an editor limited to their own hub"): a user records and sees
sessions only for the hubs at or below a page on which one of their groups holds
a page permission (Wagtail's "Page permissions" of a group). Superusers see
every hub. On a single-site install, the usual editor groups hold permissions on
the root page and so see every hub; on a multi-site install, give each
commune's group page permissions on its own site's root (or its hub) only.
"""

import functools
import operator

from django.db.models import Q
from wagtail.models import GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models.hub import HubPage
from ..models.letters import WritingSession

session_permissions = ModelPermissionPolicy(WritingSession)
page_permissions = PagePermissionPolicy()


def hubs_for_user(user):
    """The hubs ``user`` may record writing sessions for (a queryset)."""
    hubs = HubPage.objects.all()
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
