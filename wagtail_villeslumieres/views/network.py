"""The network page's context: its total, its members (sorted, filtered), map and history."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..counter import network
from ..models.hub import Region
from ..models.network import MemberKind, NetworkSnapshot
from . import network_drawing
from .pages import page_sections

#: A pull this recent is "just now" on the page.
JUST_NOW = datetime.timedelta(minutes=1)

#: The columns a visitor may sort the members' table by (``?sort=``).
SORTS = {
    "name": (lambda member: member.name.casefold(), False),
    "total": (lambda member: member.total, True),
    "region": (lambda member: (str(Region(member.region).label), member.name.casefold()), False),
}
SORT_LABELS = {"name": _("Name"), "total": _("Total"), "region": _("Region")}


def network_sections(page, request):
    """The network's figures, members, snapshots, map and chart, through the page-section cache.

    Cached with the network's counter (scope ``hub:<page ID>``): a pull that changes
    something and a member added, approved, paused or removed drop it at once.
    """

    def compute():
        figures = network.network_figures(page)
        members = [member for member in figures.members if member.counted != "waiting"]
        snapshots = list(
            NetworkSnapshot.objects.filter(network__translation_key=page.translation_key)
        )
        return {
            "figures": figures,
            "members": members,
            "snapshots": snapshots,
            "map": network_drawing.belgium_map(members),
            "chart": network_drawing.history_chart(snapshots),
        }

    return page_sections(page, request, "network", compute, scopes=(f"hub:{page.pk}",))


def network_context(page, request, context):
    sections = network_sections(page, request)
    figures = sections["figures"]
    region = request.GET.get("region", "")
    region = region if region in Region.values else ""
    sort = request.GET.get("sort", "total")
    sort = sort if sort in SORTS else "total"
    key, reverse = SORTS[sort]
    members = sections["members"]
    shown = [member for member in members if not region or member.region == region]
    shown.sort(key=key, reverse=reverse)
    goal = page.goal or page.campaign.goal
    last_pull = network.last_pull(page)
    context.update(
        {
            "network_figures": figures,
            "network_goal": goal,
            # A whole percentage, as ``vl_percent`` writes it.
            "network_percent": int(min(figures.total / goal, 1.0) * 100) if goal else None,
            "network_members": shown,
            "network_region": region,
            "network_sort": sort,
            "network_regions": [
                (value, label, figures.by_region.get(value, 0)) for value, label in Region.choices
            ],
            "network_kinds": [
                (value, label, figures.by_member_kind.get(value, 0))
                for value, label in MemberKind.choices
            ],
            "network_sorts": [(value, SORT_LABELS[value]) for value in SORTS],
            "network_map": sections["map"],
            "network_history": sections["snapshots"],
            "network_chart": sections["chart"],
            "network_last_pull": last_pull,
            # ``timesince`` says "0 minutes" for under a minute: the page says "just now".
            "network_pulled_just_now": (
                last_pull is not None and timezone.now() - last_pull < JUST_NOW
            ),
        }
    )
    return context
