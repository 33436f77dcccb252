"""What the package's pages show beyond their own fields: the lists read at serve time.

Called from the page models' ``get_context`` (lazily: see the comment in
``models/hub.py``). Each list comes from ``listings``; the counter from
``counter.totals`` through the template tag.
"""

from django.utils.functional import SimpleLazyObject

from ..listings import agenda
from ..listings.commitments import CommitmentSummary, commitment_list_context
from ..listings.individuals import individuals_listing


def hub_context(hub, request, context):
    """The hub page: its adopted individuals, next sessions and commitment summary.

    Each is read only if the template shows it (the hub's routes, such as its
    agenda, render with the same context and show none of them).
    """
    context["individuals"] = SimpleLazyObject(lambda: individuals_listing(hub))
    context["upcoming_sessions"] = SimpleLazyObject(
        lambda: agenda.upcoming(hub, limit=agenda.HUB_BLOCK_LENGTH) if hub.pk else []
    )
    context["commitment_summary"] = SimpleLazyObject(
        lambda: CommitmentSummary.for_hub(hub) if hub.pk else None
    )
    return context


def commitment_index_context(commitment_index, request, context):
    """The commitment index: one page of its filtered list, its summary and its exports."""
    context.update(commitment_list_context(commitment_index, request))
    # The list's canonical URL keeps its page number and drops its filters.
    context["vl_canonical_url"] = context["canonical_url"]
    return context
