"""The network page's context: its total, its members (sorted, filtered), map and history."""

from django.utils.translation import gettext_lazy as _

from ..counter import network
from ..models.hub import Region
from ..models.network import MemberKind, NetworkSnapshot
from . import network_drawing

#: The columns a visitor may sort the members' table by (``?sort=``).
SORTS = {
    "name": (lambda member: member.name.casefold(), False),
    "total": (lambda member: member.total, True),
    "region": (lambda member: (str(Region(member.region).label), member.name.casefold()), False),
}
SORT_LABELS = {"name": _("Name"), "total": _("Letters"), "region": _("Region")}


def network_context(page, request, context):
    figures = network.network_figures(page)
    region = request.GET.get("region", "")
    region = region if region in Region.values else ""
    sort = request.GET.get("sort", "total")
    sort = sort if sort in SORTS else "total"
    key, reverse = SORTS[sort]
    members = [member for member in figures.members if member.counted != "waiting"]
    shown = [member for member in members if not region or member.region == region]
    shown.sort(key=key, reverse=reverse)
    goal = page.goal or page.campaign.goal
    snapshots = list(NetworkSnapshot.objects.filter(network__translation_key=page.translation_key))
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
            "network_map": network_drawing.belgium_map(members),
            "network_history": snapshots,
            "network_chart": network_drawing.history_chart(snapshots),
            "network_last_pull": network.last_pull(page),
        }
    )
    return context
