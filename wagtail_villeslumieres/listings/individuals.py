"""The adopted individuals a hub lists: those it still campaigns for, and earlier ones."""

import dataclasses

from ..models.individuals import AdoptedIndividualPage


@dataclasses.dataclass(frozen=True)
class IndividualsListing:
    """A hub's live, public adopted individuals, both lists newest adoption first."""

    #: Still campaigned for (the adoption has not ended).
    current: list
    #: Adopted in earlier years.
    earlier: list

    def __bool__(self):
        return bool(self.current or self.earlier)


def individuals_listing(hub):
    """The live, public adopted individuals below ``hub``, for the hub's listing.

    A fixed number of queries whatever the number of people: portraits and their
    renditions are fetched with the pages.
    """
    if hub.pk is None:  # a hub being previewed before its first save has no children
        return IndividualsListing([], [])
    pages = (
        AdoptedIndividualPage.objects.child_of(hub)
        .live()
        .public()
        .select_related("portrait")
        .prefetch_related("portrait__renditions")
        .order_by("-adopted_since", "path")
    )
    current, earlier = [], []
    for page in pages:
        (current if page.is_current else earlier).append(page)
    return IndividualsListing(current, earlier)
