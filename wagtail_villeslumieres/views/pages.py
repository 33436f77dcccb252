"""What the package's pages show beyond their own fields: the lists read at serve time.

Called from the page models' ``get_context`` (lazily: see the comment in
``models/hub.py``). Each list comes from ``listings``; the counter from
``counter.totals`` through the template tag.
"""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from ..counter import network, totals
from ..listings import agenda
from ..listings.commitments import CommitmentSummary, commitment_list_context
from ..listings.individuals import individuals_listing

#: Sessions kept for the hub's agenda block: a few more than it shows, since the
#: cached list outlives some of them (those that end are dropped when read).
UPCOMING_KEPT = agenda.HUB_BLOCK_LENGTH + 5


def hub_context(hub, request, context):
    """The hub page: its adopted individuals, next sessions and commitment summary.

    Each is read only if the template shows it (the hub's routes, such as its
    agenda, render with the same context and show none of them), and cached
    (``totals.cached``) until a page below the hub or one of its sessions changes,
    so a warm hub page costs Wagtail's own queries only.
    """
    if hub.network_url:
        context["network_together"] = SimpleLazyObject(
            lambda: network.followed_figures(hub.network_url) or False
        )
    if hub.pk is None:  # a preview before the first save: nothing below it yet
        context["individuals"] = individuals_listing(hub)
        context["upcoming_sessions"] = []
        context["commitment_summary"] = None
        return context
    pages = (totals.hub_pages_scope(hub.translation_key),)
    context["individuals"] = SimpleLazyObject(
        lambda: totals.cached(
            f"hub:{hub.pk}:individuals",
            lambda: individuals_listing(hub),
            scopes=(*pages, totals.RENDITIONS),
        )
    )
    context["upcoming_sessions"] = SimpleLazyObject(lambda: upcoming_sessions(hub))
    context["commitment_summary"] = SimpleLazyObject(
        lambda: (
            totals.cached(
                f"hub:{hub.pk}:commitments",
                lambda: CommitmentSummary.for_hub(hub) or False,
                scopes=pages,
            )
            or None
        )
    )
    return context


def upcoming_sessions(hub):
    """The hub block's next sessions, from a cached list of the hub's upcoming ones."""
    sessions = totals.cached(
        f"hub:{hub.pk}:upcoming",
        lambda: [entry.session for entry in agenda.upcoming(hub, limit=UPCOMING_KEPT)],
        scopes=(totals.hub_sessions_scope(hub.translation_key),),
    )
    now = timezone.now()
    coming = [session for session in sessions if session.ends_at > now]
    return [agenda.SessionEntry(session, hub, now) for session in coming[: agenda.HUB_BLOCK_LENGTH]]


def commitment_index_context(commitment_index, request, context):
    """The commitment index: one page of its filtered list, its summary and its exports."""
    context.update(commitment_list_context(commitment_index, request))
    # The list's canonical URL keeps its page number and drops its filters.
    context["vl_canonical_url"] = context["canonical_url"]
    return context
