"""Letter totals: the one place they are computed and cached.

Every reader (template tag, StreamField block, dashboard panel, report, and the
counter payload behind the JSON, embed and oEmbed) calls this module, and it
reads running totals (``models.LetterTotal``, one row per campaign and hub) that
each session save and delete updates in its own transaction (``record_change``):
no reader aggregates the session table. ``rebuild`` recomputes the running totals
from the sessions (``manage.py rebuild_letter_totals``).

- ``for_campaign(campaign, hub=None)``: a campaign's totals, optionally for one hub.
- ``per_hub(campaign)``: the same figures for every hub, for reports.
- ``current_campaign()``: the active campaign in the current language.
- ``invalidate()``: called (on commit) whenever a writing session changes.
- ``cached(name, compute, ...)``: the caching path of everything derived from
  sessions, also used by the counter's JSON and embed payloads.

Identity: a campaign is its ``translation_key`` (a campaign and its translations
share one total) and a hub is its page's ``translation_key`` (a hub and its
translations share one total).

Caching (``cached``): each result lives in the cache named by ``CACHE_ALIAS``
with the *stamps* of the scopes it depends on (its campaign, its hub, ...). A
saved session replaces, once its transaction commits, the stamps of its own
campaign and hub only (``counter.signals``): other campaigns and hubs stay warm,
and no reader ever caches a state that was rolled back. The replaced entry stays
as the last known copy: concurrent readers get it while one of them recomputes
(single flight), and when the database is unreachable ``for_campaign`` returns it
with ``stale=True`` instead of failing.
"""

import dataclasses
import datetime
import hashlib
import time
import uuid

from django.core.cache import caches
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from wagtail.models import Locale

from ..conf import vl_settings
from ..models.hub import HubPage
from ..models.letters import KINDS, LetterCampaign, LetterTotal, WritingSession
from .languages import pick_translation

KEY_PREFIX = "wagtail_villeslumieres:totals"
#: The scope every cached value belongs to: ``invalidate()`` without scopes drops them all.
EVERYTHING = "everything"
#: Set when a read of the database fails: cached figures are then served marked stale.
DATABASE_DOWN_KEY = f"{KEY_PREFIX}:database-unreachable"
DATABASE_DOWN_SECONDS = 30
#: Scopes of what every campaign, or every hub, changes: the current campaign, hub titles.
CAMPAIGNS = "campaigns"
HUBS = "hubs"
#: Scope of cached page listings that carry image renditions (a new rendition drops them).
RENDITIONS = "renditions"
#: Scope of what a page's address resolves to (the counter it shows): any page change drops it.
PAGES = "pages"
#: Scope of cached page sections that name commitment categories (a category edit drops them).
CATEGORIES = "categories"
#: Seconds a recompute may hold its lock; readers wait for it at most ``WAIT_SECONDS``.
LOCK_SECONDS = 10
WAIT_SECONDS = 2.0


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


def stamp_key(scope):
    """The cache key of one invalidation scope's stamp (see ``cached``)."""
    return f"{KEY_PREFIX}:stamp:{scope}"


def invalidate(*scopes):
    """Drop what was cached under ``scopes`` (every cached value when none is given).

    Replaces the stamps of those scopes in one cache round trip; the entries stay
    as last known copies. Call it after a commit (``counter.signals`` does).
    """
    scopes = scopes or (EVERYTHING,)
    token = uuid.uuid4().hex
    _cache().set_many({stamp_key(scope): token for scope in set(scopes)}, None)


def mark_database_unreachable():
    """Marks every counter stale for ``DATABASE_DOWN_SECONDS``: a read has just failed."""
    _cache().set(DATABASE_DOWN_KEY, True, DATABASE_DOWN_SECONDS)


#: The figures a ``LetterTotal`` row keeps besides the counts by kind.
COUNTERS = (*KINDS, "sessions", "all_sessions")


def _figures(row):
    """``by_kind``, total and recorded sessions of an aggregate ``row`` of totals."""
    by_kind = {kind: row[f"sum_{kind}"] or 0 for kind in KINDS}
    return by_kind, sum(by_kind.values()), row["sum_sessions"] or 0


def _sums():
    # Aliases differ from the field names: Django refuses an aggregate named like a field.
    aggregates = {f"sum_{name}": Sum(name) for name in COUNTERS}
    aggregates["last_update"] = Max("updated_at")
    return aggregates


def _compute(campaign, hub):
    # Reads the running totals (one row per hub of the campaign), never the sessions.
    rows = LetterTotal.objects.filter(campaign_key=campaign.translation_key)
    if hub is not None:
        rows = rows.filter(hub_key=hub.translation_key)
    row = rows.aggregate(**_sums())
    by_kind, total, sessions = _figures(row)
    goal = campaign.goal or None
    return CampaignTotals(
        campaign_key=str(campaign.translation_key),
        hub_key=str(hub.translation_key) if hub is not None else None,
        total=total,
        goal=goal,
        by_kind=by_kind,
        sessions=sessions,
        progress=min(total / goal, 1.0) if goal else None,
        updated_at=row["last_update"],
    )


# Running totals: kept by ``counter.signals`` in the transaction of each session change.


def _contribution(counts):
    """What one session adds to its row of running totals."""
    recorded = any(counts[kind] > 0 for kind in KINDS)
    return {**{kind: counts[kind] for kind in KINDS}, "sessions": int(recorded), "all_sessions": 1}


def session_state(session):
    """``(campaign_key, hub_key, contribution)`` of a session as it is in memory."""
    campaign_key = _key_of(WritingSession.campaign, session, LetterCampaign, session.campaign_id)
    hub_key = _key_of(WritingSession.hub, session, HubPage, session.hub_id)
    return campaign_key, hub_key, _contribution(session.counts)


def stored_state(session, *, lock=True):
    """``(campaign_key, hub_key, contribution)`` of a session as the database has it, or ``None``.

    The row is locked (``SELECT … FOR UPDATE``) until the transaction ends, so two
    concurrent edits of one session each apply their change to the totals once.
    """
    if session.pk is None:
        return None
    rows = WritingSession.objects.filter(pk=session.pk)
    if lock:
        rows = rows.select_for_update()
    found = rows.values_list("campaign_id", "hub_id", *KINDS).first()
    if found is None:
        return None
    campaign_id, hub_id, *counts = found
    same_campaign = campaign_id == session.campaign_id
    same_hub = hub_id == session.hub_id
    campaign_key = (
        _key_of(WritingSession.campaign, session, LetterCampaign, campaign_id)
        if same_campaign
        else _key_of(None, None, LetterCampaign, campaign_id)
    )
    hub_key = (
        _key_of(WritingSession.hub, session, HubPage, hub_id)
        if same_hub
        else _key_of(None, None, HubPage, hub_id)
    )
    return campaign_key, hub_key, _contribution(dict(zip(KINDS, counts, strict=True)))


def _key_of(field, session, model, pk):
    # The related object's translation key without a query when it is already loaded.
    if field is not None and field.is_cached(session):
        related = getattr(session, field.field.name)
        if related is not None and related.pk == pk:
            return related.translation_key
    return model.objects.filter(pk=pk).values_list("translation_key", flat=True).first()


def record_change(before, after, when=None):
    """Applies one session change to the totals (``before``/``after``: ``*_state`` or ``None``).

    Atomic increments (``UPDATE … SET letters = letters + d``), so concurrent writers
    lose nothing; rows are touched in a fixed order, so two writers never deadlock.
    Returns the ``(campaign_key, hub_key)`` pairs whose figures changed.
    """
    when = when or timezone.now()
    deltas = {}
    for state, sign in ((before, -1), (after, 1)):
        if state is None:
            continue
        campaign_key, hub_key, contribution = state
        delta = deltas.setdefault((campaign_key, hub_key), dict.fromkeys(COUNTERS, 0))
        for name in COUNTERS:
            delta[name] += sign * contribution[name]
    counted = after is not None and after[2]["sessions"]
    changed = []
    for key in sorted(deltas, key=lambda pair: (str(pair[0]), str(pair[1]))):
        delta = {name: value for name, value in deltas[key].items() if value}
        # A counted session saved again moves "last update" even with the same counts.
        if not delta and not (counted and key == after[:2]):
            continue
        _apply(key, delta, when)
        changed.append(key)
    return changed


def _apply(key, delta, when):
    campaign_key, hub_key = key
    rows = LetterTotal.objects.filter(campaign_key=campaign_key, hub_key=hub_key)
    updates = {name: F(name) + value for name, value in delta.items()}
    updates["updated_at"] = Greatest(Coalesce(F("updated_at"), Value(when)), Value(when))
    if rows.update(**updates):
        return
    try:
        with transaction.atomic():
            LetterTotal.objects.create(
                campaign_key=campaign_key, hub_key=hub_key, updated_at=when, **delta
            )
    except IntegrityError:
        # Another writer created the row in between: add to it.
        rows.update(**updates)


def fresh_aggregate():
    """Figures per ``(campaign_key, hub_key)`` aggregated from the sessions (maintenance only).

    What the running totals must always equal; ``rebuild`` compares them. The
    ``updated_at`` of a fresh aggregate is the last save of a counted session.
    """
    recorded = Q()
    for kind in KINDS:
        recorded |= Q(**{f"{kind}__gt": 0})
    aggregates = {f"sum_{kind}": Coalesce(Sum(kind), 0) for kind in KINDS}
    aggregates["sum_sessions"] = Count("pk", filter=recorded)
    aggregates["sum_all_sessions"] = Count("pk")
    aggregates["last_update"] = Max("updated_at", filter=recorded)
    grouped = (
        WritingSession.objects.values("campaign__translation_key", "hub__translation_key")
        .annotate(**aggregates)
        .order_by()
    )
    return {
        (row["campaign__translation_key"], row["hub__translation_key"]): {
            **{name: row[f"sum_{name}"] for name in COUNTERS},
            "updated_at": row["last_update"],
        }
        for row in grouped
    }


def stored_totals():
    """Figures per ``(campaign_key, hub_key)`` as the running totals have them."""
    return {
        (row.campaign_key, row.hub_key): {
            **{name: getattr(row, name) for name in COUNTERS},
            "updated_at": row.updated_at,
        }
        for row in LetterTotal.objects.all()
    }


def differences():
    """``[(key, stored, fresh)]`` for every row whose counts differ from the sessions."""
    fresh, stored = fresh_aggregate(), stored_totals()
    empty = dict.fromkeys(COUNTERS, 0)
    found = []
    for key in sorted(set(fresh) | set(stored), key=lambda pair: (str(pair[0]), str(pair[1]))):
        was = {name: stored.get(key, empty)[name] for name in COUNTERS}
        should = {name: fresh.get(key, empty)[name] for name in COUNTERS}
        if was != should:
            found.append((key, was, should))
    return found


def rebuild():
    """Recomputes every running total from the sessions; returns what ``differences`` found.

    Locks the totals table's rows while it works, so no session change slips in
    between the aggregate and the write.
    """
    with transaction.atomic():
        list(LetterTotal.objects.select_for_update().values_list("pk"))
        found = differences()
        fresh = fresh_aggregate()
        for key, _was, should in found:
            values = {**should, "updated_at": (fresh.get(key) or {}).get("updated_at")}
            LetterTotal.objects.update_or_create(
                campaign_key=key[0], hub_key=key[1], defaults=values
            )
    transaction.on_commit(invalidate)
    return found


def cached(name, compute, *, scopes=(), mark_stale=None, cacheable=lambda value: True):
    """``compute()``, cached until one of its ``scopes`` is invalidated (or ``CACHE_TIMEOUT``).

    The one caching path of everything derived from writing sessions (totals, and
    the counter's payloads and responses). A warm read is one cache round trip
    (``get_many`` of the entry, the scopes' stamps and the "database unreachable"
    flag) and no query. Each entry keeps the stamps it was computed under and is
    stored without expiry: once a stamp changes it is the *last known* value.

    Single flight: after an invalidation, the first reader takes a lock (``add``)
    and recomputes; concurrent readers get the last known value meanwhile, or wait
    up to ``WAIT_SECONDS`` for the recompute when nothing is known yet.

    When the database is unreachable (``compute()`` raised ``DatabaseError``, or any
    read failed in the last ``DATABASE_DOWN_SECONDS``), ``mark_stale(last_known)`` is
    returned if ``mark_stale`` is given and a value is known; else the error
    propagates. Values for which ``cacheable(value)`` is false are not cached.
    """
    cache = _cache()
    key = _entry_key(name)
    stamp_keys = [stamp_key(scope) for scope in (EVERYTHING, *scopes)]
    found = cache.get_many([key, DATABASE_DOWN_KEY, *stamp_keys])
    stamps = _stamps(cache, found, stamp_keys)
    entry = found.get(key)
    known = entry[2] if entry is not None else None
    if known is not None and mark_stale is not None and found.get(DATABASE_DOWN_KEY):
        return mark_stale(known)
    if (
        known is not None
        and entry[0] == stamps
        and time.time() - entry[1] < vl_settings.CACHE_TIMEOUT
    ):
        return known
    lock = f"{key}:lock"
    if not cache.add(lock, True, LOCK_SECONDS):
        # Another reader is recomputing: the last known value meanwhile.
        if known is not None:
            return known
        value = _wait_for(cache, key, stamps)
        if value is not None:
            return value
    try:
        # Double check: a reader that held the lock may have stored the value between
        # this reader's read and its lock; then there is nothing left to compute.
        entry = cache.get(key)
        if (
            entry is not None
            and entry[0] == stamps
            and time.time() - entry[1] < vl_settings.CACHE_TIMEOUT
        ):
            return entry[2]
        try:
            value = compute()
        except DatabaseError:
            mark_database_unreachable()
            if known is None or mark_stale is None:
                raise
            return mark_stale(known)
        if cacheable(value):
            cache.set(key, (stamps, time.time(), value), None)
        return value
    finally:
        cache.delete(lock)


def _entry_key(name):
    # Names hold addresses (a host, a slug): hashed when long, so that every cache
    # backend (memcached: 250 characters, no spaces) accepts the key.
    if len(name) > 120 or any(character.isspace() for character in name):
        name = "h:" + hashlib.sha256(name.encode()).hexdigest()
    return f"{KEY_PREFIX}:{name}"


def _stamps(cache, found, stamp_keys):
    """The stamps of ``stamp_keys`` as a tuple, creating those the cache lost (or never had)."""
    missing = [stamp for stamp in stamp_keys if found.get(stamp) is None]
    if missing:
        for stamp in missing:
            # ``add`` keeps a stamp another process set in between.
            cache.add(stamp, uuid.uuid4().hex, None)
        found = {**found, **cache.get_many(missing)}
    return tuple(found.get(stamp) or "" for stamp in stamp_keys)


def _wait_for(cache, key, stamps):
    """What another reader is computing under ``stamps``; ``None`` after ``WAIT_SECONDS``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        entry = cache.get(key)
        if entry is not None and entry[0] == stamps:
            return entry[2]
    return None


def hub_pages_scope(hub_key):
    """The scope of what a hub's page lists (individuals, commitments): a page below it changed."""
    return f"hub-pages:{hub_key}"


def page_path_scope(path):
    """The scope of the page at ``path`` in Wagtail's tree: it or one of its children changed."""
    return f"tree:{path}"


def page_translations_scope(translation_key):
    """The scope of a page's translations: one of them was published, unpublished or deleted."""
    return f"translations:{translation_key}"


def page_scopes(page):
    """The scopes of what a page shows beyond its own row (its timeline, hub, parent, translations).

    It depends on itself and on every page above it (a hub's name, an index's title),
    so it has the scope of each of their paths (``page_path_scope``): a change to a
    page drops its own path's scope and its parent's. A moved page has a new path,
    hence new scopes.
    """
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return (*map(page_path_scope, paths), page_translations_scope(page.translation_key))


def hub_sessions_scope(hub_key):
    """The scope of a hub's agenda block: one of its sessions changed."""
    return f"sessions:{hub_key}"


def campaign_scopes(campaign_key, hub_key=None):
    """The scopes of a campaign's figures (for every hub, or for one hub)."""
    return (f"campaign:{campaign_key}", f"totals:{campaign_key}:{hub_key or 'all'}")


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
        scopes=campaign_scopes(campaign.translation_key, hub_part if hub is not None else None),
        mark_stale=lambda last_known: dataclasses.replace(last_known, stale=True),
    )


def per_hub(campaign):
    """Every hub's totals for ``campaign``, largest total first (a list of ``HubTotals``).

    Two queries per cache period (the aggregate, then the hubs' titles), cached
    per language since titles are translated.
    """

    language = translation.get_language() or ""
    key = campaign.translation_key
    return cached(
        f"per-hub:{key}:{language}",
        lambda: _compute_per_hub(campaign, language),
        scopes=(f"campaign:{key}", f"per-hub:{key}", HUBS),
    )


def _compute_per_hub(campaign, language):
    rows = list(
        LetterTotal.objects.filter(campaign_key=campaign.translation_key, all_sessions__gt=0)
    )
    keys = [row.hub_key for row in rows]
    translations = {}
    pages = HubPage.objects.filter(translation_key__in=keys).select_related("locale")
    for page in pages.order_by("pk"):
        translations.setdefault(page.translation_key, []).append(page)
    # The hub's translation in the active language, else its original (oldest) page.
    hubs = {key: pick_translation(same, language) for key, same in translations.items()}
    found = []
    for row in rows:
        page = hubs.get(row.hub_key)
        if page is None:  # pragma: no cover - a session always has a hub
            continue
        by_kind = {kind: getattr(row, kind) for kind in KINDS}
        found.append(
            HubTotals(
                hub_key=str(page.translation_key),
                title=page.title,
                hub_id=page.pk,
                total=sum(by_kind.values()),
                by_kind=by_kind,
                sessions=row.sessions,
                updated_at=row.updated_at,
            )
        )
    found.sort(key=lambda item: (-item.total, item.title))
    return found


def current_campaign():
    """The active campaign in the current language, else in the default language.

    Falls back to an active campaign in any language; ``None`` when no campaign
    is active. The most recent campaign wins when several are ticked active.
    Cached per language like the totals (saving a campaign drops it), so a page
    that shows the counter costs no query to find its campaign.
    """
    language = translation.get_language() or ""
    # ``cached`` does not store None, so "no active campaign" is stored as False.
    found = cached(
        f"current-campaign:{language}",
        lambda: _find_current_campaign() or False,
        scopes=(CAMPAIGNS,),
    )
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
