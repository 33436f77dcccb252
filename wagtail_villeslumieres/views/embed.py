"""The embeddable counter: a tiny standalone HTML document other websites frame.

``GET embed/counter/<campaign-slug>/?lang=fr&theme=light&style=number&hub=<id>``.
The number is in the HTML (readable without JavaScript); one CSS and one JS
static file refresh it from the JSON. Parameters with a wrong value fall back to
their default, never to an error page; an unknown campaign or hub gets a small
404 document. Only these views may be framed (see ``counter.http.frameable``).
"""

from urllib.parse import urlencode

from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from .. import formatting
from ..conf import vl_settings
from ..counter import http, styles
from ..counter.embed_code import EmbedOptions, embed_path, json_path
from ..counter.languages import LANGUAGES, default_language, unit_label
from ..counter.payload import CounterNotFound, cached_rendering
from ..models.letters import KIND_LABELS, KINDS

NOT_FOUND_TEMPLATE = "wagtail_villeslumieres/embed/not_found.html"


def embed_context(slug, options, payload):
    """What the embed templates show, from a counter payload, in the active language."""
    language = payload["language"]
    total, goal = payload["total"], payload["goal"]
    threshold = payload["display_threshold"]
    return {
        "payload": payload,
        "campaign_name": payload["campaign"]["name"],
        "hub_title": (payload["hub"] or {}).get("title"),
        "language": language,
        "intl_locale": LANGUAGES[language],
        "style": options.style,
        "theme": options.theme,
        "total": total,
        "goal": goal,
        "bar_value": min(total, goal) if goal else None,
        "unit": unit_label(total),
        # Both forms for the script, which picks one with Intl.PluralRules.
        "unit_one": unit_label(1),
        "unit_other": unit_label(2),
        # The script writes a refreshed percentage with the server's pattern.
        "percent_pattern": formatting.percent_pattern(language),
        "kinds": [(kind, KIND_LABELS[kind], payload["by_kind"][kind]) for kind in KINDS],
        "below_threshold": bool(threshold) and total < threshold,
        "json_url": json_path(slug, options.hub, language),
        "refresh_interval": vl_settings.EMBED_REFRESH_INTERVAL,
    }


def render_embed(request, template, context, status):
    """An embed error document (``404`` briefly cacheable, ``503`` not) as a framable response."""
    # Rendered without the request on purpose: no context processor may touch the
    # session or the user, which would add a cookie or ``Vary: Cookie``.
    body = render_to_string(template, context).encode()
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    if status == 404:
        http.briefly_cacheable(response)
    else:
        response["Retry-After"] = "60"
        http.uncacheable(response)
    return http.frameable(response)


@require_safe
def counter_embed(request, slug):
    """The embeddable counter of a campaign (optionally of one hub)."""
    options = EmbedOptions.from_query(request.GET)
    origin = f"{request.scheme}://{request.get_host()}"

    def render(payload):
        with translation.override(payload["language"]):
            context = embed_context(slug, options, payload)
            # oEmbed discovery: pasting this address into WordPress embeds it.
            context["oembed_url"] = oembed_discovery_url(request, origin, slug, options, payload)
            template = styles.get(options.style).embed_template
            # Without the request on purpose (see ``render_embed``).
            return render_to_string(template, context).encode()

    variant = f"{options.style}:{options.theme}:{origin}"
    try:
        body, etag, language = cached_rendering(
            f"embed:{variant}", slug, options.hub, options.language, render
        )
    except (CounterNotFound, DatabaseError) as error:
        language = options.language or default_language()
        missing = isinstance(error, CounterNotFound)
        with translation.override(language):
            context = {
                "language": language,
                "message": error.message
                if missing
                else gettext("The letter counter cannot be read just now."),
            }
            response = render_embed(request, NOT_FOUND_TEMPLATE, context, 404 if missing else 503)
            return http.without_language_redirect(request, response)
    response = http.cacheable_response(
        request, body, "text/html; charset=utf-8", etag=etag, language=language
    )
    return http.frameable(response)


def oembed_discovery_url(request, origin, slug, options, payload):
    """The address of the oEmbed response for this embed, at its canonical address.

    Canonical (not the address as requested, whatever its parameters' order), so
    the document is the same for every request of this embed and is cached once.
    """
    url = origin + embed_path(slug, options, payload["language"])
    endpoint = origin + reverse("wagtail_villeslumieres:oembed")
    return f"{endpoint}?{urlencode({'format': 'json', 'url': url})}"
