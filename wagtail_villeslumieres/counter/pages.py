"""Which counter a page shows: the one its address embeds (oEmbed) and its discovery link names.

``page_counter(page)`` answers for any Wagtail page:

- a hub page, or an adopted individual's page, shows its hub's counter of the
  current campaign first (``progress`` style unless the embed asks for another);
- a network page shows the network's counter, the sum of its members, for its campaign;
- any other page (a commune's own page type, a commitment), or one of those when
  no campaign is active, shows the **first letter counter block** of its
  StreamFields, in the order the model declares them and the editor placed the
  blocks, nested blocks included: its campaign, hub (or every hub) and style.

``None`` when the page shows no counter. The oEmbed endpoint resolves a pasted
page address with it (``views.oembed``), the ``counter_discovery_link`` tag
writes the page's discovery link with it: both always name the same counter.
"""

import dataclasses

from wagtail import blocks as wagtail_blocks
from wagtail.fields import StreamField

from ..blocks import LetterCounterBlock
from ..models.hub import HubPage
from ..models.individuals import AdoptedIndividualPage
from ..models.network import NetworkPage
from . import styles, totals

#: Pages that show their hub's counter of the current campaign (templates' ``vl_counter``).
SHOW_THEIR_HUBS_COUNTER = (HubPage, AdoptedIndividualPage)
#: The style of that counter, unless the embed's address asks for another.
HUB_COUNTER_STYLE = "progress"


@dataclasses.dataclass(frozen=True)
class PageCounter:
    """The counter a page shows: its campaign's slug, hub page ID (or ``None``), style."""

    slug: str
    hub: int | None
    #: The block's style; ``None`` for a hub's counter, whose embed may ask for any style.
    style: str | None
    #: The campaign's name (the discovery link's title).
    name: str


def page_counter(page, hub=None):
    """The ``PageCounter`` ``page`` shows first, else ``None``.

    ``hub`` is the page's hub when the caller knows it (saves a query).
    """
    if isinstance(page, NetworkPage):
        campaign = page.campaign
        return PageCounter(campaign.slug, page.pk, None, campaign.name)
    if isinstance(page, SHOW_THEIR_HUBS_COUNTER):
        hub = hub or page.get_hub()
        campaign = totals.current_campaign() if hub is not None else None
        if campaign is not None:
            return PageCounter(campaign.slug, hub.pk, None, campaign.name)
    value = first_counter_block(page)
    if value is None:
        return None
    campaign, block_hub = value["campaign"], value.get("hub")
    style = value.get("style") if value.get("style") in styles.STYLES else styles.DEFAULT_STYLE
    return PageCounter(
        campaign.slug, block_hub.pk if block_hub is not None else None, style, campaign.name
    )


def first_counter_block(page):
    """The value of the first letter counter block (with a campaign) on ``page``, else ``None``."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            found = _first_in(getattr(page, field.name, None) or ())
            if found is not None:
                return found
    return None


def _first_in(values):
    for bound in _may_hold_a_counter(values):
        block, value = bound.block, bound.value
        if isinstance(block, LetterCounterBlock):
            if value.get("campaign") is not None:
                return value
            continue
        found = _first_in(_children(block, value))
        if found is not None:
            return found
    return None


def _may_hold_a_counter(values):
    """The items of ``values`` that are, or may contain, a counter block.

    In a stream, read from its raw data first: the other blocks' values (an image, a
    document) are not loaded from the database.
    """
    if not isinstance(values, wagtail_blocks.StreamValue):
        yield from values
        return
    child_blocks = values.stream_block.child_blocks
    for index, raw in enumerate(values.raw_data):
        block = child_blocks.get(raw["type"])
        if isinstance(block, CONTAINERS):
            yield values[index]


#: Blocks that are, or may hold, a counter block.
CONTAINERS = (
    LetterCounterBlock,
    wagtail_blocks.StructBlock,
    wagtail_blocks.ListBlock,
    wagtail_blocks.StreamBlock,
)


def _children(block, value):
    """The bound blocks inside a struct, list or stream value (nothing for other blocks)."""
    if isinstance(block, wagtail_blocks.StructBlock):
        return value.bound_blocks.values()
    if isinstance(block, wagtail_blocks.ListBlock):
        return value.bound_blocks
    if isinstance(block, wagtail_blocks.StreamBlock):
        return value
    return ()
