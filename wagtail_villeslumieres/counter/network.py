"""Networks of counters: pulling members' counters and summing them.

``pull(network)`` reads every active member of a network: a remote member's
counter JSON over HTTP (``counter.fetch``: https only, no private address, a
time and size limit, ``If-None-Match`` so an unchanged member answers ``304``),
a local hub's running totals directly (``counter.totals``). What a member
answered is checked against the payload's documented schema (``read_payload``)
before anything is kept. The database is written only for what changed: an
all-unchanged pull writes nothing. A member that fails keeps its last figures
(counted, marked stale, with their age); its error is recorded.

``network_figures(network)`` sums the members' last figures, counting each
counter once (``includes``, see ``count_once``); the counter payload publishes it
at the network's counter addresses (``counter.payload``).
"""

import dataclasses
import datetime
import json
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..conf import vl_settings
from ..models.hub import HubPage, Region
from ..models.letters import KINDS
from ..models.network import (
    FollowedNetwork,
    MemberKind,
    MemberStatus,
    NetworkMember,
    NetworkPage,
    NetworkSnapshot,
)
from . import identity, totals
from .fetch import FetchError, fetch

#: Longest identity kept from a member's ``includes``, and most identities kept.
MAX_ID_LENGTH = 500
MAX_INCLUDES = 10_000
LAST_PULL_KEY = "wagtail_villeslumieres:network:last-pull:{key}"


class InvalidPayload(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# ---------------------------------------------------------------------------
# What a member answered
# ---------------------------------------------------------------------------


def _count(value, name, limit):
    # bool is an int in Python: refused too.
    if type(value) is not int or not 0 <= value <= limit:
        raise InvalidPayload(
            _("“%(name)s” is not a whole number from 0 to %(limit)s.")
            % {"name": name, "limit": limit}
        )
    return value


def read_payload(body, campaign_slug):
    """``(figures, includes)`` of a counter JSON ``body``, or ``InvalidPayload``.

    Only these keys are read: ``campaign.slug`` (must be ``campaign_slug``),
    ``by_kind`` (the five kinds, each a whole number up to ``NETWORK_MAX_COUNT``),
    ``total`` (their sum), ``sessions``, ``updated_at`` and ``includes``. Nothing
    else a member sends is kept, and nothing it sends is ever shown as HTML.
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidPayload(_("The answer is not JSON.")) from None
    if not isinstance(data, dict):
        raise InvalidPayload(_("The answer is not a counter: no JSON object."))
    campaign = data.get("campaign")
    if not isinstance(campaign, dict) or not isinstance(campaign.get("slug"), str):
        raise InvalidPayload(_("The answer is not a counter: no campaign."))
    if campaign["slug"] != campaign_slug:
        raise InvalidPayload(
            _("This counter counts another campaign (“%(found)s”, not “%(expected)s”).")
            % {"found": campaign["slug"][:80], "expected": campaign_slug}
        )
    limit = vl_settings.NETWORK_MAX_COUNT
    by_kind = data.get("by_kind")
    if not isinstance(by_kind, dict) or set(by_kind) != set(KINDS):
        raise InvalidPayload(_("The answer is not a counter: its counts by kind are missing."))
    by_kind = {kind: _count(by_kind[kind], kind, limit) for kind in KINDS}
    total = _count(data.get("total"), "total", limit * len(KINDS))
    if total != sum(by_kind.values()):
        raise InvalidPayload(_("The total is not the sum of the counts by kind."))
    sessions = _count(data.get("sessions", 0), "sessions", limit)
    updated_at = data.get("updated_at")
    if updated_at is not None:
        parsed = (
            parse_datetime(updated_at)
            if isinstance(updated_at, str) and len(updated_at) <= 40
            else None
        )
        if parsed is None or parsed.tzinfo is None:
            raise InvalidPayload(_("“updated_at” is not a date and time with its time zone."))
        updated_at = parsed.isoformat()
    includes = _includes_list(data.get("includes", []))
    figures = {
        "total": total,
        "by_kind": by_kind,
        "sessions": sessions,
        "updated_at": updated_at,
        "stale": data.get("stale") is True,
    }
    return figures, includes


def _includes_list(includes):
    if not isinstance(includes, list) or len(includes) > MAX_INCLUDES:
        raise InvalidPayload(_("“includes” is not a list of counter addresses."))
    for value in includes:
        if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH:
            raise InvalidPayload(_("“includes” is not a list of counter addresses."))
    return includes


def linked_includes(body):
    """``(includes_url, includes_count)`` of a counter JSON linking its ``includes``, or ``None``.

    A counter summing many others lists only its own identity in ``includes`` and
    gives the whole list's address (``counter.payload.published_includes``). Malformed
    bodies give ``None`` here: ``read_payload`` says what is wrong with them.
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or "includes_url" not in data:
        return None
    url, count = data["includes_url"], data.get("includes_count")
    if not isinstance(url, str) or not url or len(url) > MAX_ID_LENGTH:
        raise InvalidPayload(_("“includes_url” is not the address of a list of counters."))
    if type(count) is not int or not 1 <= count <= MAX_INCLUDES:
        raise InvalidPayload(_("“includes_count” is not a number of counters."))
    return url, count


def read_includes(body, own_id, count):
    """The whole ``includes`` of a counter, read from its ``includes.json`` ``body``.

    The list must start with the counter's own identity ``own_id`` and hold
    ``count`` identities, as its counter JSON says: a list cached before the
    counter changed is refused, and read again at the next pull. Raises ``InvalidPayload``.
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidPayload(_("The list of the counters it includes is not JSON.")) from None
    includes = _includes_list(data.get("includes") if isinstance(data, dict) else None)
    if not includes or includes[0] != own_id or len(includes) != count:
        raise InvalidPayload(
            _("The list of the counters it includes does not match its counter yet.")
        )
    return includes


# ---------------------------------------------------------------------------
# From the address an editor gives to the counter's JSON
# ---------------------------------------------------------------------------


def known_json_url(url):
    """The JSON address of a counter or embed address, without a request; else ``None``.

    ``…/counter/<slug>.json`` and ``…/counter/<slug>/<id>.json`` are kept (without
    ``lang``); ``…/embed/counter/<slug>/?hub=<id>`` becomes the JSON of that hub.
    """
    parts = urlsplit(url)
    segments = parts.path.split("/")
    if parts.path.endswith(".json") and len(segments) >= 3 and "counter" in segments[-3:-1]:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    if len(segments) >= 4 and segments[-1] == "" and segments[-4:-2] == ["embed", "counter"]:
        slug = segments[-2]
        hub = parse_qs(parts.query).get("hub", [""])[0]
        base = "/".join(segments[:-4]) + "/counter/" + slug
        path = f"{base}/{hub}.json" if hub.isdigit() else f"{base}.json"
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return None


class _OEmbedLink(HTMLParser):
    """Finds the first ``<link rel="alternate" type="application/json+oembed">``'s ``href``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.href = None

    def handle_starttag(self, tag, attrs):
        if tag != "link" or self.href is not None:
            return
        values = {name: value or "" for name, value in attrs}
        if "alternate" in values.get("rel", "").split() and values.get("type") == (
            "application/json+oembed"
        ):
            self.href = values.get("href")


def json_url_of(url):
    """The JSON address of the counter at ``url`` (a JSON, embed, or page address).

    A page's address is read once (under the same rules as every pull) for its
    oEmbed discovery link, which names the embed address of its counter.
    """
    found = known_json_url(url)
    if found:
        return found
    page = fetch(url, accept="text/html")
    parser = _OEmbedLink()
    parser.feed(page.body.decode("utf-8", "replace"))
    if parser.href:
        embed = parse_qs(urlsplit(urljoin(page.url, parser.href)).query).get("url", [""])[0]
        found = known_json_url(urljoin(page.url, embed)) if embed else None
        if found:
            return found
    raise FetchError(_("No letter counter was found at this address."))


# ---------------------------------------------------------------------------
# Pulling
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """What pulling one member found, before anything is written."""

    member: NetworkMember
    json_url: str = ""
    status: int = 0
    body: bytes = b""
    etag: str = ""
    error: str = ""
    #: The whole ``includes`` list and its announced length, when the counter JSON links to it.
    includes_body: bytes = b""
    includes_count: int = 0


@dataclasses.dataclass
class PullReport:
    members: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    #: The network's total after the pull, or ``None`` when nothing changed.
    total: int | None = None

    def __str__(self):
        total = "total unchanged" if self.total is None else f"total {self.total}"
        return (
            f"{self.members} members: {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.failed} failed; {total}"
        )


def _fetch_member(member):
    """Runs in a worker thread: HTTP only, no database."""
    outcome = Outcome(member=member)
    try:
        json_url = member.json_url or json_url_of(member.url)
        outcome.json_url = json_url
        etag = member.etag if json_url == member.json_url and member.figures is not None else ""
        fetched = fetch(json_url, etag=etag)
    except FetchError as error:
        outcome.error = str(error.message)
        return outcome
    outcome.status, outcome.body, outcome.etag = fetched.status, fetched.body, fetched.etag
    if fetched.status == 200:
        try:
            linked = linked_includes(fetched.body)
            if linked is not None:
                outcome.includes_count = linked[1]
                outcome.includes_body = fetch(linked[0]).body
        except InvalidPayload as invalid:
            outcome.error = str(invalid.message)
        except FetchError as error:
            outcome.error = gettext(
                "The list of the counters it includes could not be read: %(error)s"
            ) % {"error": error.message}
    return outcome


def network_members(network, *statuses):
    rows = NetworkMember.objects.filter(network__translation_key=network.translation_key)
    return rows.filter(status__in=statuses) if statuses else rows


def pull(network, now=None):
    """Pulls every active member of ``network`` (any translation); returns a ``PullReport``."""
    now = now or timezone.now()
    campaign = network.campaign
    own_id = identity.page_counter_id(campaign.slug, network)
    members = list(network_members(network, MemberStatus.ACTIVE).select_related("local_hub"))
    remote = [member for member in members if not member.local_hub_id]
    report = PullReport(members=len(members))
    workers = max(1, min(int(vl_settings.NETWORK_PULL_CONCURRENCY), len(remote) or 1))
    # Messages are stored in the site's language: they are read by its editors.
    with translation.override(settings.LANGUAGE_CODE):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_fetch_member, remote))
        outcomes += [_read_local(member, campaign) for member in members if member.local_hub_id]
        changed = False
        for outcome in outcomes:
            state = _apply(outcome, campaign.slug, own_id, now)
            if state == "changed":
                report.changed += 1
                changed = True
            elif state == "failed-changed":
                report.failed += 1
                changed = True
            elif state == "failed":
                report.failed += 1
            else:
                report.unchanged += 1
    figures = network_figures(network) if changed else None
    if changed:
        report.total = figures.total
        last = NetworkSnapshot.objects.filter(network=network).order_by("-taken_at").first()
        if last is None or last.total != figures.total:
            NetworkSnapshot.objects.create(
                network=network, taken_at=now, total=figures.total, members=figures.counted
            )
        invalidate_network(network)
    caches[vl_settings.CACHE_ALIAS].set(
        LAST_PULL_KEY.format(key=network.translation_key), now, None
    )
    return report


def last_pull(network):
    """When ``network`` was last pulled (kept in the cache, so an unchanged pull writes nothing)."""
    return caches[vl_settings.CACHE_ALIAS].get(LAST_PULL_KEY.format(key=network.translation_key))


def invalidate_network(network):
    """Drops the network's cached payloads and renderings (every translation's address)."""
    page_ids = NetworkPage.objects.filter(translation_key=network.translation_key).values_list(
        "pk", flat=True
    )
    totals.invalidate(*(f"hub:{pk}" for pk in page_ids), f"network:{network.translation_key}")


def _read_local(member, campaign):
    hub = member.local_hub
    outcome = Outcome(member=member, json_url="", status=200)
    figures = totals.for_campaign(campaign, hub)
    outcome.body = json.dumps(
        {
            "campaign": {"slug": campaign.slug},
            "total": figures.total,
            "by_kind": dict(figures.by_kind),
            "sessions": figures.sessions,
            "updated_at": figures.updated_at.isoformat() if figures.updated_at else None,
            "stale": figures.stale,
            "includes": [identity.page_counter_id(campaign.slug, hub)],
        }
    ).encode()
    return outcome


def _apply(outcome, campaign_slug, own_id, now):
    """Writes what changed for one member: ``"changed"``, ``"unchanged"``, ``"failed"``…"""
    member = outcome.member
    updates = {}
    error = outcome.error
    if not error and outcome.status == 200:
        try:
            figures, includes = read_payload(outcome.body, campaign_slug)
            if outcome.includes_count:  # read in the worker (``_fetch_member``)
                own = includes[0] if includes else ""
                includes = read_includes(outcome.includes_body, own, outcome.includes_count)
        except InvalidPayload as invalid:
            error = str(invalid.message)
        else:
            if own_id in includes:
                error = gettext(
                    "Refused: this counter already includes this network (directly or "
                    "through another network), which would count it twice."
                )
            else:
                updates = {
                    "figures": figures,
                    "includes": includes or [outcome.json_url],
                    "etag": outcome.etag[:200],
                    "json_url": outcome.json_url,
                }
                if member.figures != figures or member.includes != updates["includes"]:
                    updates["figures_at"] = now
                    updates["pulled_at"] = now
    if error:
        if member.error == error:
            return "failed"
        updates = {"error": error[:2000], "error_at": member.error_at or now}
        if outcome.json_url and not member.json_url:
            updates["json_url"] = outcome.json_url
        _save(member, updates)
        return "failed-changed"
    if member.error:
        updates.update({"error": "", "error_at": None})
    changed = {name: value for name, value in updates.items() if getattr(member, name) != value}
    if not changed:
        return "unchanged"
    _save(member, changed)
    return "changed" if ({"figures", "includes", "error"} & set(changed)) else "unchanged"


def _save(member, updates):
    for name, value in updates.items():
        setattr(member, name, value)
    NetworkMember.objects.filter(pk=member.pk).update(**updates)


# ---------------------------------------------------------------------------
# Summing
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MemberFigures:
    """One member as the network's payload and page list it."""

    name: str
    kind: str
    region: str
    latitude: float | None
    longitude: float | None
    id: str
    total: int
    by_kind: dict
    sessions: int
    updated_at: str | None
    figures_at: datetime.datetime | None
    stale: bool
    error: str
    #: ``counted``, ``duplicate`` (the same counter is counted through another
    #: member), ``overlap`` (part of it is), or ``waiting`` (no figures yet).
    counted: str
    counted_through: str = ""

    @property
    def kind_label(self):
        return MemberKind(self.kind).label if self.kind in MemberKind.values else self.kind

    @property
    def region_label(self):
        return Region(self.region).label if self.region in Region.values else self.region


@dataclasses.dataclass(frozen=True)
class NetworkFigures:
    total: int
    by_kind: dict
    sessions: int
    updated_at: str | None
    members: list
    by_region: dict
    by_member_kind: dict
    includes: list
    counted: int
    stale: int


def count_once(members):
    """``{member_pk: (state, through)}``: which members count, each counter once.

    A member's ``includes`` names the counters it already sums (itself first). The
    members that include the most are counted first; a member whose own counter is
    already counted through another is a ``duplicate`` (counted once, through that
    one), and one that shares only part of its counters with those counted is an
    ``overlap`` and is not added (its figures cannot be split).
    """
    counted_ids = {}
    states = {}
    ordered = sorted(
        (member for member in members if member.figures is not None),
        key=lambda member: (-len(member.includes or ()), member.pk),
    )
    for member in ordered:
        ids = list(member.includes or [member.json_url])
        own = ids[0]
        if own in counted_ids:
            states[member.pk] = ("duplicate", counted_ids[own])
            continue
        shared = [value for value in ids if value in counted_ids]
        if shared:
            states[member.pk] = ("overlap", counted_ids[shared[0]])
            continue
        for value in ids:
            counted_ids[value] = member.name
        states[member.pk] = ("counted", "")
    return states


def network_figures(network):
    """The network's figures from its active members' last figures (one query)."""
    members = list(network_members(network, MemberStatus.ACTIVE).order_by("name", "pk"))
    states = count_once(members)
    by_kind = dict.fromkeys(KINDS, 0)
    by_region = dict.fromkeys(Region.values, 0)
    by_member_kind = dict.fromkeys(MemberKind.values, 0)
    sessions = 0
    updated = []
    includes = set()
    listed = []
    stale = 0
    for member in members:
        state, through = states.get(member.pk, ("waiting", ""))
        figures = member.figures or {}
        total = figures.get("total", 0)
        if state == "counted":
            for kind in KINDS:
                by_kind[kind] += figures["by_kind"][kind]
            sessions += figures.get("sessions", 0)
            by_region[member.region] = by_region.get(member.region, 0) + total
            by_member_kind[member.kind] = by_member_kind.get(member.kind, 0) + total
            if figures.get("updated_at"):
                updated.append(figures["updated_at"])
            includes.update(member.includes or [member.json_url])
            stale += int(member.is_stale)
        listed.append(
            MemberFigures(
                name=member.name,
                kind=member.kind,
                region=member.region,
                latitude=float(member.latitude) if member.latitude is not None else None,
                longitude=float(member.longitude) if member.longitude is not None else None,
                id=(member.includes or [member.json_url or ""])[0],
                total=total,
                by_kind=figures.get("by_kind", dict.fromkeys(KINDS, 0)),
                sessions=figures.get("sessions", 0),
                updated_at=figures.get("updated_at"),
                figures_at=member.figures_at,
                stale=member.is_stale,
                error=member.error,
                counted=state,
                counted_through=through,
            )
        )
    return NetworkFigures(
        total=sum(by_kind.values()),
        by_kind=by_kind,
        sessions=sessions,
        updated_at=max(updated, key=parse_datetime) if updated else None,
        members=listed,
        by_region=by_region,
        by_member_kind=by_member_kind,
        includes=sorted(includes),
        counted=sum(1 for state, _through in states.values() if state == "counted"),
        stale=stale,
    )


def pull_all(now=None):
    """Pulls every live network of this site, then the networks its hubs show.

    The task and ``pull_network`` call it. Returns ``{network page ID: PullReport}``.
    """
    reports = {}
    seen = set()
    for network in NetworkPage.objects.live().select_related("campaign").order_by("pk"):
        if network.translation_key in seen:
            continue
        seen.add(network.translation_key)
        reports[network.pk] = pull(network, now=now)
    pull_followed(now=now)
    return reports


# ---------------------------------------------------------------------------
# Networks hubs show beside their own total ("Together, Belgium has written…")
# ---------------------------------------------------------------------------

FOLLOWED_SCOPE = "followed-networks"


def followed_addresses():
    """The JSON addresses of the networks live hubs show (``HubPage.network_url``)."""
    urls = HubPage.objects.live().exclude(network_url="").values_list("network_url", flat=True)
    return sorted({known_json_url(url) or url for url in urls})


def pull_followed(now=None):
    """Pulls the networks hubs show, under the same rules as members; writes only changes."""
    now = now or timezone.now()
    urls = followed_addresses()
    rows = {row.url: row for row in FollowedNetwork.objects.filter(url__in=urls)}
    for url in urls:
        if url not in rows:
            rows[url] = FollowedNetwork.objects.create(url=url)
    workers = max(1, min(int(vl_settings.NETWORK_PULL_CONCURRENCY), len(urls) or 1))

    def read(row):
        try:
            return row, fetch(row.url, etag=row.etag if row.figures else ""), ""
        except FetchError as error:
            return row, None, str(error.message)

    changed = False
    with translation.override(settings.LANGUAGE_CODE):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(read, [rows[url] for url in urls]))
        for row, fetched, error in results:
            updates = {}
            if fetched is not None and fetched.status == 200:
                try:
                    figures, _includes = read_payload(fetched.body, slug_of(row.url))
                except InvalidPayload as invalid:
                    error = str(invalid.message)
                else:
                    updates = {"figures": figures, "etag": fetched.etag[:200], "pulled_at": now}
                    if figures == row.figures:
                        updates.pop("pulled_at")
            updates["error"] = error[:2000]
            updates = {
                name: value for name, value in updates.items() if getattr(row, name) != value
            }
            if updates:
                FollowedNetwork.objects.filter(pk=row.pk).update(**updates)
                changed = True
    if changed:
        totals.invalidate(FOLLOWED_SCOPE)


def slug_of(json_url):
    """The campaign slug in a counter's JSON address (``…/counter/<slug>[/<id>].json``)."""
    segments = urlsplit(json_url).path.split("/")
    if segments[-2] == "counter":
        return segments[-1].removesuffix(".json")
    return segments[-2]


def followed_figures(url):
    """The last figures pulled of the network at ``url`` (cached; no query when warm), or None."""
    if not url:
        return None
    json_url = known_json_url(url) or url

    def read():
        row = FollowedNetwork.objects.filter(url=json_url).values_list("figures", flat=True)
        return row.first() or False

    return totals.cached(f"followed:{json_url}", read, scopes=(FOLLOWED_SCOPE,)) or None
