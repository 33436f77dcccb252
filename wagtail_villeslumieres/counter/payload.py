"""The counter's payload: the public contract every reader of a counter builds on.

``counter_payload(slug, hub=None, language="")`` resolves a campaign slug, an
optional hub page ID and a language into one dict. The JSON serves it as is;
the embed, the oEmbed response, and any other site pulling a counter read the
same keys. They are documented in docs/reference/counter-json-and-oembed.md:
change them only with a changelog entry.

``campaign``
    ``slug``, ``name``, ``year`` and ``language`` of the campaign's translation shown.
``hub``
    ``{"id", "title"}`` of the hub counted, or ``None`` for every hub together.
``language``
    The language the payload's texts are in (``fr``, ``nl``, ``de``, ``en``).
``total``, ``goal``, ``progress``, ``percent``, ``goal_reached``
    Figures (see ``totals.CampaignTotals``).
``by_kind``, ``sessions``, ``updated_at``
    Count per kind, sessions with a count, last count recorded (ISO 8601).
``stale``
    ``True`` when the database could not be reached: the last known figures.
``display_threshold``, ``goal_reached_message``
    What embeds show below a threshold and once the goal is reached.
``includes``
    The identities (``counter.identity``) of the counters this one already sums:
    itself first, then every hub (and, for a network, every counter) within it.
    A network refuses a member that includes the network itself. Beyond
    ``INLINE_INCLUDES`` of them, ``includes`` holds only the counter's own identity,
    ``includes_count`` their number and ``includes_url`` the address of the whole
    list (``includes_payload``), so that a counter polled by every page embedding it
    stays small whatever it sums.
``members``
    Only in a network's payload (its page ID in place of a hub's): the sums per
    region and per kind of member, and ``items_url``, the address of the members
    and their figures (``members_payload``, served apart so that the network's
    counter stays as small as a hub's whatever its number of members).

The payload, and each response rendered from it (``cached_rendering``), is
cached under the scopes of its address (``payload_scopes``: the campaign slug,
the hub page ID), so a warm request costs one cache round trip and no query. A
saved session drops only the addresses of its campaign and hub
(``scopes_of_change``); a saved campaign or hub, those naming it.
"""

import hashlib

from django.db import DatabaseError
from django.utils.translation import gettext_lazy

from ..models.hub import HubPage
from ..models.letters import LetterCampaign
from ..models.network import NetworkPage
from . import identity, network, totals
from .languages import default_language, language_code, pick_translation

#: Most counter identities a counter JSON lists itself (see ``published_includes``).
INLINE_INCLUDES = 50

#: Slugs are at most this long (``LetterCampaign.slug``); longer ones are not looked up.
MAX_SLUG_LENGTH = 80

NO_CAMPAIGN = gettext_lazy("There is no letter campaign at this address.")
NO_HUB = gettext_lazy("There is no Ville lumières hub with this number.")


class CounterNotFound(Exception):
    """No public counter at this address (unknown campaign slug, or unknown hub)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def find_campaign(slug, language=""):
    """The campaign whose slug is ``slug``, in ``language`` when it is translated into it.

    A slug is unique per language. When campaigns of different languages share
    it, the one in ``language`` wins, then the one in the site's language, then
    the oldest; its translation in ``language`` is returned when there is one.
    """
    if not slug or len(slug) > MAX_SLUG_LENGTH:
        raise CounterNotFound(NO_CAMPAIGN)
    campaigns = LetterCampaign.objects.select_related("locale")
    candidates = list(campaigns.filter(slug=slug).order_by("pk"))
    if not candidates:
        raise CounterNotFound(NO_CAMPAIGN)
    found = pick_translation(candidates, language, default_language())
    if language and language_code(found.locale.language_code) != language:
        same = campaigns.filter(translation_key=found.translation_key).order_by("pk")
        found = pick_translation([found, *same.exclude(pk=found.pk)], language)
    return found


def find_hub(page_id, language=""):
    """The live, public hub (or network) with this page ID, in ``language`` when translated."""
    pages = HubPage.objects.live().public().select_related("locale")
    hub = pages.filter(pk=page_id).first()
    if hub is None:
        pages = NetworkPage.objects.live().public().select_related("locale", "campaign")
        hub = pages.filter(pk=page_id).first()
    if hub is None:
        raise CounterNotFound(NO_HUB)
    if language and language_code(hub.locale.language_code) != language:
        same = pages.filter(translation_key=hub.translation_key).exclude(pk=hub.pk)
        hub = pick_translation([hub, *same], language)
    return hub


def build_payload(slug, hub=None, language=""):
    """The counter's figures and texts for a campaign (and hub), read through ``totals``."""
    campaign = find_campaign(slug, language)
    hub_page = find_hub(hub, language) if hub is not None else None
    if isinstance(hub_page, NetworkPage):
        return network_payload(campaign, hub_page, language)
    figures = totals.for_campaign(campaign, hub_page)
    goal = figures.goal
    return {
        "campaign": campaign_section(campaign),
        "hub": {"id": hub_page.pk, "title": hub_page.title} if hub_page is not None else None,
        "language": language or default_language(campaign),
        "total": figures.total,
        "goal": goal,
        "progress": figures.progress,
        "percent": figures.percent,
        "goal_reached": bool(goal) and figures.total >= goal,
        "by_kind": dict(figures.by_kind),
        "sessions": figures.sessions,
        "updated_at": figures.updated_at.isoformat() if figures.updated_at else None,
        "stale": figures.stale,
        "display_threshold": campaign.display_threshold or None,
        "goal_reached_message": campaign.goal_reached_message or "",
        **published_includes(counter_includes(campaign, hub_page)),
    }


def counter_includes(campaign, page=None):
    """The identities of every counter that the counter of ``page`` (or of the campaign) sums.

    Its own first: a hub's is itself; every hub together's, each hub with sessions;
    a network's, what its counted members include (``network.network_figures``).
    """
    if isinstance(page, NetworkPage):
        own_id = identity.page_counter_id(campaign.slug, page)
        return [own_id, *network.network_figures(page).includes]
    if page is not None:
        return [identity.page_counter_id(campaign.slug, page)]
    hub_keys = [row.hub_key for row in totals.per_hub(campaign)]
    ids = identity.page_counter_ids(campaign.slug, hub_keys)
    return [identity.campaign_counter_id(campaign.slug), *sorted(ids.values())]


def includes_url(counter_id):
    """The address of the whole ``includes`` list of the counter ``counter_id``."""
    return counter_id.removesuffix(".json") + "/includes.json"


def published_includes(includes):
    """The ``includes`` keys of a counter JSON: the list, or its link beyond ``INLINE_INCLUDES``."""
    if len(includes) <= INLINE_INCLUDES:
        return {"includes": includes}
    return {
        "includes": includes[:1],
        "includes_count": len(includes),
        "includes_url": includes_url(includes[0]),
    }


def network_payload(campaign, page, language=""):
    """A network's payload: a hub's keys with the members' sums, and the ``members`` section."""
    if page.campaign.translation_key != campaign.translation_key:
        raise CounterNotFound(NO_HUB)
    figures = network.network_figures(page)
    own_id = identity.page_counter_id(campaign.slug, page)
    goal = page.goal or campaign.goal
    total = figures.total
    progress = min(total / goal, 1.0) if goal else None
    return {
        "campaign": campaign_section(campaign),
        "hub": {"id": page.pk, "title": page.title},
        "language": language or default_language(campaign),
        "total": total,
        "goal": goal,
        "progress": progress,
        "percent": None if progress is None else int(progress * 100),
        "goal_reached": bool(goal) and total >= goal,
        "by_kind": figures.by_kind,
        "sessions": figures.sessions,
        "updated_at": figures.updated_at,
        "stale": False,
        "display_threshold": campaign.display_threshold or None,
        "goal_reached_message": campaign.goal_reached_message or "",
        **published_includes([own_id, *figures.includes]),
        "members": network_section(figures, members_url(own_id)),
    }


def campaign_section(campaign):
    """The ``campaign`` section of every payload: which campaign, in which language."""
    return {
        "slug": campaign.slug,
        "name": campaign.name,
        "year": campaign.year,
        "language": campaign.locale.language_code,
    }


def members_url(network_id):
    """The address of a network's members list, beside its counter JSON ``network_id``."""
    return network_id.removesuffix(".json") + "/members.json"


def network_section(figures, items_url):
    """The ``members`` section of a network's payload: its sums, and where its members are."""
    return {
        "counted": figures.counted,
        "stale": figures.stale,
        "by_region": figures.by_region,
        "by_kind": figures.by_member_kind,
        "items_url": items_url,
    }


def build_members(slug, hub, language=""):
    """A network's members list: which network, and per member its figures (``members.json``)."""
    campaign = find_campaign(slug, language)
    page = find_hub(hub, language)
    if not isinstance(page, NetworkPage) or (
        page.campaign.translation_key != campaign.translation_key
    ):
        raise CounterNotFound(NO_HUB)
    figures = network.network_figures(page)
    return {
        "campaign": campaign_section(campaign),
        "hub": {"id": page.pk, "title": page.title},
        "language": language or default_language(campaign),
        "stale": False,
        "counted": figures.counted,
        "items": [
            {
                "name": member.name,
                "kind": member.kind,
                "region": member.region,
                "latitude": member.latitude,
                "longitude": member.longitude,
                "id": member.id,
                "total": member.total,
                "by_kind": member.by_kind,
                "sessions": member.sessions,
                "updated_at": member.updated_at,
                "read_at": member.figures_at.isoformat() if member.figures_at else None,
                "stale": member.stale,
                "counted": member.counted,
            }
            for member in figures.members
        ],
    }


def counter_payload(slug, hub=None, language=""):
    """``build_payload``, cached with the totals; the last known copy when the database is down.

    Raises ``CounterNotFound``, or ``DatabaseError`` when the database is
    unreachable and no payload for this address was ever served.
    """
    return cached_document("payload", build_payload, slug, hub, language)


def cached_document(name, build, slug, hub=None, language=""):
    """``build(slug, hub, language)`` (a payload, a members or includes list), cached.

    Cached under the scopes of the counter's address (``payload_scopes``). While
    the database is unreachable, the last known copy is returned marked
    ``stale``, and is not cached: the next request tries the database again.
    """
    if not slug or len(slug) > MAX_SLUG_LENGTH:
        # Checked before the cache too: cache keys must stay short.
        raise CounterNotFound(NO_CAMPAIGN)
    return totals.cached(
        f"{name}:{slug}:{hub or 'all'}:{language or '-'}",
        lambda: build(slug, hub, language),
        scopes=payload_scopes(slug, hub),
        mark_stale=lambda last_known: {**last_known, "stale": True},
        cacheable=lambda payload: not payload["stale"],
    )


def build_includes(slug, hub=None, language=""):
    """The whole ``includes`` list of a counter (``includes.json``), with the counter it is of."""
    campaign = find_campaign(slug, language)
    page = find_hub(hub, language) if hub is not None else None
    if isinstance(page, NetworkPage) and page.campaign.translation_key != campaign.translation_key:
        raise CounterNotFound(NO_HUB)
    return {
        "campaign": campaign_section(campaign),
        "hub": {"id": page.pk, "title": page.title} if page is not None else None,
        "language": language or default_language(campaign),
        "stale": False,
        "includes": counter_includes(campaign, page),
    }


def includes_payload(slug, hub=None, language=""):
    """``build_includes``, cached with the counter's payload (same scopes, same stale rule)."""
    return cached_document("includes-payload", build_includes, slug, hub, language)


def members_payload(slug, hub, language=""):
    """``build_members``, cached with the network's payload (same scopes, same stale rule)."""
    return cached_document("members-payload", build_members, slug, hub, language)


def payload_scopes(slug, hub=None):
    """The invalidation scopes of the counter at ``slug`` (for one hub page ID, or all)."""
    scopes = (f"slug:{slug}", f"slug:{slug}:{hub or 'all'}")
    return (*scopes, f"hub:{hub}") if hub is not None else scopes


def cached_rendering(name, slug, hub, language, render, payload=counter_payload):
    """``(body, etag, language)`` of a response ``render(payload)`` builds, cached with the payload.

    ``payload``: the function giving it (``counter_payload``, or ``members_payload``
    for a network's members list).

    A warm request is one cache round trip: the body and its strong ETag are stored
    together, so a ``304`` is answered without building or hashing anything. A
    rendering of stale figures (database unreachable) is served, not cached.
    Raises what ``counter_payload`` raises.
    """
    if not slug or len(slug) > MAX_SLUG_LENGTH:
        raise CounterNotFound(NO_CAMPAIGN)

    def compute():
        data = payload(slug, hub, language)
        body = render(data)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        return body, etag, data["language"], data["stale"]

    def stale_rendering(last_known):
        try:
            return compute()  # from the payload's last known copy, marked stale
        except DatabaseError:
            # A rendering that reads more than the payload (oEmbed's provider name)
            # cannot be built again: its own last known copy.
            return last_known

    body, etag, shown_language, _stale = totals.cached(
        f"{name}:{slug}:{hub or 'all'}:{language or '-'}",
        compute,
        scopes=payload_scopes(slug, hub),
        mark_stale=stale_rendering,
        cacheable=lambda rendering: not rendering[3],
    )
    return body, etag, shown_language


def campaign_addresses(campaign_keys):
    """``{campaign_key: [slug, ...]}``: the slugs in the counter's addresses (one query)."""
    found = {}
    rows = LetterCampaign.objects.filter(translation_key__in=set(campaign_keys))
    for key, slug in rows.values_list("translation_key", "slug"):
        found.setdefault(key, set()).add(slug)
    return {key: sorted(slugs) for key, slugs in found.items()}


def hub_addresses(hub_keys):
    """``{hub_key: [page_id, ...]}``: every translation's page ID (one query)."""
    found = {}
    rows = HubPage.objects.filter(translation_key__in=set(hub_keys)).order_by("pk")
    for key, page_id in rows.values_list("translation_key", "pk"):
        found.setdefault(key, []).append(page_id)
    return found


def scopes_of_change(pairs):
    """What sessions changed in ``pairs`` of ``(campaign_key, hub_key)`` invalidate (two queries).

    Their hubs' and their campaigns' figures and the counter addresses showing
    them: the campaign's (every hub together) and each of those hubs'. Nothing of
    another hub or another campaign.
    """
    pairs = set(pairs)
    slugs = campaign_addresses(campaign for campaign, _hub in pairs)
    hub_ids = hub_addresses(hub for _campaign, hub in pairs)
    scopes = set()
    for campaign, hub in pairs:
        scopes |= {f"totals:{campaign}:all", f"totals:{campaign}:{hub}", f"per-hub:{campaign}"}
        scopes.add(totals.hub_sessions_scope(hub))  # the hub's agenda block
        for slug in slugs.get(campaign, ()):
            scopes.add(f"slug:{slug}:all")
            scopes |= {f"slug:{slug}:{page_id}" for page_id in hub_ids.get(hub, ())}
    return scopes
