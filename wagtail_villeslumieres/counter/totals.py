"""Letter totals: the one place they are computed and cached.

Every reader (template tag, StreamField block, dashboard panel, report, and the
counter payload behind the JSON, embed and oEmbed) calls this module; nothing
else aggregates writing sessions.

- ``for_campaign(campaign, hub=None)``: a campaign's totals, optionally for one hub.
- ``per_hub(campaign)``: the same figures for every hub, for reports.
- ``current_campaign()``: the active campaign in the current language.
- ``invalidate()``: called (on commit) whenever a writing session changes.
- ``cached(name, compute, ...)``: the caching path of everything derived from
  sessions, also used by the counter's JSON and embed payloads.

Identity: a campaign is its ``translation_key`` (a campaign and its translations
share one total) and a hub is its page's ``translation_key`` (a hub and its
translations share one total).

Caching: results live in the cache named by ``CACHE_ALIAS`` for ``CACHE_TIMEOUT``
seconds under keys that include a version token. Saving or deleting a session
replaces the token once the transaction commits, so every cached total is
dropped at once and no reader ever caches a state that was rolled back. A
"last known" copy of each result is kept without expiry: when the database is
unreachable, ``for_campaign`` returns it with ``stale=True`` instead of failing.
"""

import dataclasses
import datetime
import uuid

from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import translation
from wagtail.models import Locale

from ..conf import vl_settings
from ..models.hub import HubPage
from ..models.letters import KINDS, LetterCampaign, WritingSession
from .languages import pick_translation

KEY_PREFIX = "wagtail_villeslumieres:totals"
VERSION_KEY = f"{KEY_PREFIX}:version"


@dataclasses.dataclass(frozen=True)
class CampaignTotals:
    """A campaign's figures, for all hubs or for one hub."""

    #: The campaign's ``translation_key`` (shared by its translations).
    campaign_key: str
    #: The hub page's ``translation_key``, or ``None`` for every hub together.
    hub_key: str | None
    #: Letters, drawings, messages, e-mails and tweets together.
    total: int
    #: The campaign's goal, or ``None`` when it has none.
    goal: int | None
    #: Count per kind, in the order of ``models.letters.KINDS``.
    by_kind: dict
    #: Number of sessions that recorded at least one count.
    sessions: int
    #: ``total / goal`` capped at 1.0, or ``None`` without a goal.
    progress: float | None
    #: When a counted session was last saved (aware datetime), or ``None``.
    updated_at: datetime.datetime | None
    #: ``True`` when the database could not be reached and these are the last known figures.
    stale: bool = False

    @property
    def percent(self):
        """Progress as a whole percentage (0 to 100), or ``None`` without a goal."""
        return None if self.progress is None else int(self.progress * 100)


@dataclasses.dataclass(frozen=True)
class HubTotals:
    """One hub's figures for a campaign, as ``per_hub`` lists them."""

    hub_key: str
    #: The hub's title in the active language if translated, else in its original language.
    title: str
    hub_id: int
    total: int
    by_kind: dict
    sessions: int
    updated_at: datetime.datetime | None

    def __getattr__(self, name):
        # Lets spreadsheet exports and templates read ``row.letters`` and so on.
        if name in KINDS:
            return self.by_kind[name]
        raise AttributeError(name)


def _cache():
    return caches[vl_settings.CACHE_ALIAS]


def _version():
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        # ``add`` keeps a token another process set in between.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or "0"
    return version


def invalidate():
    """Drop every cached total (not the last known copies). Call it after a commit."""
    _cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def _sessions():
    return WritingSession.objects.all()


def _aggregates():
    recorded = Q()
    for kind in KINDS:
        recorded |= Q(**{f"{kind}__gt": 0})
    # Aliases differ from the field names: Django refuses an aggregate named like a field.
    aggregates = {f"sum_{kind}": Coalesce(Sum(kind), 0) for kind in KINDS}
    aggregates["recorded_sessions"] = Count("pk", filter=recorded)
    aggregates["last_update"] = Max("updated_at", filter=recorded)
    return aggregates


def _compute(campaign, hub):
    sessions = _sessions().filter(campaign__translation_key=campaign.translation_key)
    if hub is not None:
        sessions = sessions.filter(hub__translation_key=hub.translation_key)
    row = sessions.aggregate(**_aggregates())
    by_kind = {kind: row[f"sum_{kind}"] for kind in KINDS}
    total = sum(by_kind.values())
    goal = campaign.goal or None
    return CampaignTotals(
        campaign_key=str(campaign.translation_key),
        hub_key=str(hub.translation_key) if hub is not None else None,
        total=total,
        goal=goal,
        by_kind=by_kind,
        sessions=row["recorded_sessions"],
        progress=min(total / goal, 1.0) if goal else None,
        updated_at=row["last_update"],
    )


def cached(name, compute, *, mark_stale=None, cacheable=lambda value: True):
    """``compute()``, cached under the totals' version token: dropped by ``invalidate``.

    The one caching path of everything derived from writing sessions (totals, and
    the counter's JSON and embed payloads): one computation per cache period, none
    on a warm cache. With ``mark_stale``, each computed value is also kept as the
    last known copy without expiry; when the database is unreachable,
    ``mark_stale(last_known)`` is returned instead of raising. Values for which
    ``cacheable(value)`` is false are returned but not cached.
    """
    cache = _cache()
    key = f"{KEY_PREFIX}:{_version()}:{name}"
    value = cache.get(key)
    if value is not None:
        return value
    last_known_key = f"{KEY_PREFIX}:last:{name}"
    try:
        value = compute()
    except DatabaseError:
        last_known = cache.get(last_known_key) if mark_stale is not None else None
        if last_known is None:
            raise
        return mark_stale(last_known)
    if cacheable(value):
        cache.set(key, value, vl_settings.CACHE_TIMEOUT)
        if mark_stale is not None:
            cache.set(last_known_key, value, None)
    return value


def for_campaign(campaign, hub=None):
    """The totals of ``campaign`` (any of its translations), optionally for one hub.

    At most one aggregate query per cache period; none on a warm cache. When the
    database is unreachable, returns the last known totals with ``stale=True``;
    if none are known, the ``DatabaseError`` propagates.
    """
    hub_part = hub.translation_key if hub is not None else "all"
    return cached(
        f"{campaign.translation_key}:{hub_part}:{campaign.goal or 0}",
        lambda: _compute(campaign, hub),
        mark_stale=lambda last_known: dataclasses.replace(last_known, stale=True),
    )


def per_hub(campaign):
    """Every hub's totals for ``campaign``, largest total first (a list of ``HubTotals``).

    Two queries per cache period (the aggregate, then the hubs' titles), cached
    per language since titles are translated.
    """

    language = translation.get_language() or ""
    return cached(
        f"per-hub:{campaign.translation_key}:{language}",
        lambda: _compute_per_hub(campaign, language),
    )


def _compute_per_hub(campaign, language):
    grouped = (
        _sessions()
        .filter(campaign__translation_key=campaign.translation_key)
        .values("hub__translation_key")
        .annotate(**_aggregates())
        .order_by()
    )
    grouped = list(grouped)
    keys = [row["hub__translation_key"] for row in grouped]
    translations = {}
    pages = HubPage.objects.filter(translation_key__in=keys).select_related("locale")
    for page in pages.order_by("pk"):
        translations.setdefault(page.translation_key, []).append(page)
    # The hub's translation in the active language, else its original (oldest) page.
    hubs = {key: pick_translation(same, language) for key, same in translations.items()}
    rows = []
    for row in grouped:
        page = hubs.get(row["hub__translation_key"])
        if page is None:  # pragma: no cover - a session always has a hub
            continue
        by_kind = {kind: row[f"sum_{kind}"] for kind in KINDS}
        rows.append(
            HubTotals(
                hub_key=str(page.translation_key),
                title=page.title,
                hub_id=page.pk,
                total=sum(by_kind.values()),
                by_kind=by_kind,
                sessions=row["recorded_sessions"],
                updated_at=row["last_update"],
            )
        )
    rows.sort(key=lambda item: (-item.total, item.title))
    return rows


def current_campaign():
    """The active campaign in the current language, else in the default language.

    Falls back to an active campaign in any language; ``None`` when no campaign
    is active. The most recent campaign wins when several are ticked active.
    Cached per language like the totals (saving a campaign drops it), so a page
    that shows the counter costs no query to find its campaign.
    """
    language = translation.get_language() or ""
    # ``cached`` does not store None, so "no active campaign" is stored as False.
    found = cached(f"current-campaign:{language}", lambda: _find_current_campaign() or False)
    return found or None


def _find_current_campaign():
    """The query behind ``current_campaign`` (uncached)."""
    active = LetterCampaign.objects.filter(is_active=True).select_related("locale")
    candidates = list(active.order_by("-starts_on", "pk")[:20])
    if not candidates:
        return None
    latest_key = candidates[0].translation_key
    same = [c for c in candidates if c.translation_key == latest_key]
    try:
        default = Locale.get_default().language_code
    except Locale.DoesNotExist:
        default = None
    return pick_translation(same, translation.get_language(), default)
