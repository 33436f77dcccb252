"""The letter counter as JSON: the payload (``counter.payload``) for scripts and other sites.

``GET counter/<campaign-slug>.json`` (every hub together) and
``GET counter/<campaign-slug>/<hub-id>.json`` (one hub: the page ID of the hub
or of any of its translations; a network's page ID gives the network's counter, and
``…/<network-id>/members.json`` its members; ``…/includes.json`` beside a counter's
address, every counter it sums), with an optional ``lang`` parameter (fr, nl,
de, en) choosing the campaign's translation. A warm request costs one cache
round trip and no database query (the body and its ETag are cached together, so a
``304`` builds nothing); when the database is unreachable, the last known payload is served with
``stale: true``.
"""

import json

from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from ..counter import http
from ..counter.embed_code import hub_id
from ..counter.languages import default_language, language_code
from ..counter.payload import (
    NO_HUB,
    CounterNotFound,
    cached_rendering,
    counter_payload,
    includes_payload,
    members_payload,
)


def json_error(status, code, message):
    """A small JSON error document: ``{"error": code, "message": message}``."""
    body = json.dumps({"error": code, "message": str(message)})
    response = HttpResponse(body, status=status, content_type="application/json")
    return http.public_headers(response)


def not_found(request, message, language=""):
    """The JSON ``404`` of an unknown campaign or hub, in ``language``."""
    with translation.override(language or default_language()):
        response = json_error(404, "not_found", message)
    return http.without_language_redirect(request, http.briefly_cacheable(response))


def unavailable(language=""):
    with translation.override(language or default_language()):
        message = gettext(
            "The letter counter cannot be read just now. Please try again in a minute."
        )
        response = json_error(503, "unavailable", message)
    response["Retry-After"] = "60"
    return http.uncacheable(response)


@require_safe
def counter_json(request, slug, hub=None):
    """The figures of a campaign (optionally of one hub) as JSON, cacheable by any CDN."""
    return counter_document(request, "json", counter_payload, slug, hub)


@require_safe
def network_members_json(request, slug, hub):
    """A network's members and their figures (the address its counter JSON gives)."""
    return counter_document(request, "members", members_payload, slug, hub)


@require_safe
def counter_includes_json(request, slug, hub=None):
    """Every counter a counter sums (the address its JSON gives in ``includes_url``)."""
    return counter_document(request, "includes", includes_payload, slug, hub)


def counter_document(request, name, payload, slug, hub=None):
    """The JSON of ``payload(slug, hub, language)``, through the cached rendering named ``name``."""
    language = language_code(request.GET.get("lang"))
    page_id = hub_id(hub) if hub is not None else None
    if hub is not None and page_id is None:
        return not_found(request, NO_HUB, language)
    try:
        body, etag, shown = cached_rendering(
            name, slug, page_id, language, render_json, payload=payload
        )
    except CounterNotFound as error:
        return not_found(request, error.message, language)
    except DatabaseError:
        return unavailable(language)
    return http.cacheable_response(request, body, "application/json", etag=etag, language=shown)


def render_json(payload):
    """The JSON document of a payload, as bytes."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
