"""The letter counter as JSON, and the payload every public counter view shares.

``GET counter/<campaign-slug>.json`` (every hub together) and
``GET counter/<campaign-slug>/<hub-id>.json`` (one hub: the page ID of the hub
or of any of its translations), with an optional ``lang`` parameter (fr, nl,
de, en) choosing the campaign's translation. The keys are documented in
docs/reference/counter-json-and-oembed.md: change them only with a changelog entry.

``counter_payload`` resolves a request (slug, hub, language) into that
payload. It is cached under the totals' version token, so a warm request costs
no database query at all, and it is dropped with the totals (a session, a
campaign or a hub saved). When the database is unreachable, the last known
payload is served with ``stale: true``.
"""

import json

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from .. import totals
from ..conf import vl_settings
from ..http import cacheable_response, public_headers, uncacheable, without_language_redirect

#: The languages of the public counter views (and the ``Intl`` locale of each).
LANGUAGES = {"fr": "fr-BE", "nl": "nl-BE", "de": "de-BE", "en": "en"}

#: Slugs are at most this long (``LetterCampaign.slug``); longer ones are not looked up.
MAX_SLUG_LENGTH = 80

#: Page IDs are positive 32-bit integers on every database.
MAX_HUB_ID = 2**31 - 1


NO_CAMPAIGN = gettext_lazy("There is no letter campaign at this address.")
NO_HUB = gettext_lazy("There is no Ville lumières hub with this number.")


class CounterNotFound(Exception):
    """No public counter at this address (unknown campaign slug, or unknown hub)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def language_code(value):
    """``value`` as one of ``LANGUAGES`` (``"fr-BE"`` gives ``"fr"``), else ``""``."""
    if not isinstance(value, str):
        return ""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else ""


def hub_id(value):
    """A hub page ID read from a URL parameter, or ``None`` when it is not one."""
    if isinstance(value, int):
        return value if 0 < value <= MAX_HUB_ID else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        return hub_id(int(value))
    return None


def default_language(campaign=None):
    """The campaign's own language when the views speak it, else the site's, else French."""
    if campaign is not None:
        code = language_code(campaign.locale.language_code)
        if code:
            return code
    return language_code(settings.LANGUAGE_CODE) or "fr"


def _pick(candidates, language):
    for candidate in candidates:
        if language and language_code(candidate.locale.language_code) == language:
            return candidate
    return None


def find_campaign(slug, language=""):
    """The campaign whose slug is ``slug``, in ``language`` when it is translated into it.

    A slug is unique per language. When campaigns of different languages share
    it, the one in ``language`` wins, then the one in the site's language, then
    the oldest; its translation in ``language`` is returned when there is one.
    """
    from ..models.letters import LetterCampaign

    if not slug or len(slug) > MAX_SLUG_LENGTH:
        raise CounterNotFound(NO_CAMPAIGN)
    campaigns = LetterCampaign.objects.select_related("locale")
    candidates = list(campaigns.filter(slug=slug).order_by("pk"))
    if not candidates:
        raise CounterNotFound(NO_CAMPAIGN)
    found = _pick(candidates, language) or _pick(candidates, default_language()) or candidates[0]
    if language and language_code(found.locale.language_code) != language:
        same = campaigns.filter(translation_key=found.translation_key).exclude(pk=found.pk)
        found = _pick(list(same), language) or found
    return found


def find_hub(page_id, language=""):
    """The live, public hub with this page ID, in ``language`` when translated into it."""
    from ..models.hub import VilleLumieresPage

    pages = VilleLumieresPage.objects.live().public().select_related("locale")
    hub = pages.filter(pk=page_id).first()
    if hub is None:
        raise CounterNotFound(NO_HUB)
    if language and language_code(hub.locale.language_code) != language:
        same = pages.filter(translation_key=hub.translation_key).exclude(pk=hub.pk)
        hub = _pick(list(same), language) or hub
    return hub


def build_payload(slug, hub=None, language=""):
    """The counter's figures and texts for a campaign (and hub), read through ``totals``."""
    campaign = find_campaign(slug, language)
    hub_page = find_hub(hub, language) if hub is not None else None
    figures = totals.for_campaign(campaign, hub_page)
    goal = figures.goal
    return {
        "campaign": {
            "slug": campaign.slug,
            "name": campaign.name,
            "year": campaign.year,
            "language": campaign.locale.language_code,
        },
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
        "display_threshold": getattr(campaign, "display_threshold", None) or None,
        "goal_reached_message": getattr(campaign, "goal_reached_message", "") or "",
    }


def counter_payload(slug, hub=None, language=""):
    """``build_payload``, cached with the totals; the last known copy when the database is down.

    Raises ``CounterNotFound``, or ``DatabaseError`` when the database is
    unreachable and no payload for this address was ever served.
    """
    if not slug or len(slug) > MAX_SLUG_LENGTH:
        # Checked before the cache too: cache keys must stay short.
        raise CounterNotFound(NO_CAMPAIGN)
    return totals.cached(
        f"payload:{slug}:{hub or 'all'}:{language or '-'}",
        lambda: build_payload(slug, hub, language),
        mark_stale=lambda last_known: {**last_known, "stale": True},
        # Stale figures are not cached: the next request tries the database again.
        cacheable=lambda payload: not payload["stale"],
    )


def json_error(status, code, message):
    """A small JSON error document: ``{"error": code, "message": message}``."""
    body = json.dumps({"error": code, "message": str(message)})
    response = HttpResponse(body, status=status, content_type="application/json")
    return public_headers(response)


def not_found(error, language=""):
    with translation.override(language or default_language()):
        response = json_error(404, "not_found", error.message)
    response["Cache-Control"] = f"public, max-age={vl_settings.JSON_MAX_AGE}"
    return response


def unavailable(language=""):
    with translation.override(language or default_language()):
        message = gettext(
            "The letter counter cannot be read just now. Please try again in a minute."
        )
        response = json_error(503, "unavailable", message)
    response["Retry-After"] = "60"
    return uncacheable(response)


@require_safe
def counter_json(request, slug, hub=None):
    """The figures of a campaign (optionally of one hub) as JSON, cacheable by any CDN."""
    language = language_code(request.GET.get("lang"))
    page_id = hub_id(hub) if hub is not None else None
    if hub is not None and page_id is None:
        return without_language_redirect(request, not_found(CounterNotFound(NO_HUB), language))
    try:
        payload = counter_payload(slug, page_id, language)
    except CounterNotFound as error:
        return without_language_redirect(request, not_found(error, language))
    except DatabaseError:
        return unavailable(language)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return cacheable_response(request, body, "application/json")
