"""oEmbed provider (https://oembed.com/): paste a counter's address into another CMS.

``GET oembed/?url=<embed address>&format=json&maxwidth=&maxheight=`` returns a
``rich`` response whose ``html`` is a ``<blockquote>`` with a link (what a
consumer shows if it drops the frame) followed by the ``<iframe>``. WordPress
keeps exactly that shape for providers it does not know, sandboxes the frame and
resizes it through its ``secret``/``height`` messages, which the embed sends.

Consumers keep this html for a long time (``cache_age``), so it never contains
the number: the live figure is inside the frame.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Site

from ..conf import vl_settings
from ..counter import http, styles
from ..counter.embed_code import EmbedOptions, embed_path, iframe_title
from ..counter.languages import default_language
from ..counter.payload import CounterNotFound, cached_rendering
from .counter_json import json_error

#: Seconds a consumer may keep the response (the html holds no figure, only the frame).
CACHE_AGE = 7 * 24 * 3600

EMBED_VIEW = "wagtail_villeslumieres:counter_embed"
NOT_AN_EMBED = gettext_lazy("This address is not a letter counter of this site.")


def embed_target(url):
    """``(origin, slug, query)`` of one of our embed addresses, else ``None``.

    The host must be one this site answers to (``ALLOWED_HOSTS``) and the path
    must be the embed view's.
    """
    if not isinstance(url, str) or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
        domain, _port = split_domain_port(parts.netloc)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not domain:
        return None
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not validate_host(domain, allowed):
        return None
    prefix = get_script_prefix()
    path = parts.path if parts.path.startswith(prefix) else None
    if path is None:
        return None
    try:
        match = resolve("/" + path[len(prefix) :])
    except Resolver404:
        return None
    if match.view_name != EMBED_VIEW:
        return None
    return f"{parts.scheme}://{parts.netloc}", match.kwargs["slug"], QueryDict(parts.query)


def bounded(value, default):
    """``default``, lowered to the consumer's ``maxwidth``/``maxheight`` when one is given."""
    try:
        limit = int(value)
    except (TypeError, ValueError):
        return default
    return min(default, limit) if limit > 0 else default


def provider_name(request):
    """``PROVIDER_NAME`` from the settings, else the Wagtail site's name."""
    if vl_settings.PROVIDER_NAME:
        return str(vl_settings.PROVIDER_NAME)
    site = Site.find_for_request(request)
    return (site and site.site_name) or getattr(settings, "WAGTAIL_SITE_NAME", "") or ""


@require_safe
def oembed(request):
    """The oEmbed response for one of our embed addresses (JSON only)."""
    format_ = request.GET.get("format") or "json"
    if format_ != "json":
        response = HttpResponse(
            "Only format=json is provided.", status=501, content_type="text/plain"
        )
        return http.public_headers(response)
    target = embed_target(request.GET.get("url"))
    if target is None:
        return http.without_language_redirect(
            request, http.briefly_cacheable(json_error(404, "not_found", NOT_AN_EMBED))
        )
    origin, slug, query = target
    options = EmbedOptions.from_query(query)
    width = bounded(request.GET.get("maxwidth"), styles.EMBED_WIDTH)
    height = bounded(request.GET.get("maxheight"), styles.get(options.style).height)

    def render(payload):
        return json.dumps(
            oembed_data(request, origin, slug, options, payload, width, height),
            ensure_ascii=False,
        ).encode()

    # Cached like the counter, with the provider's name (a query) inside: a warm
    # oEmbed costs no query, and the last known copy is served while the database is away.
    variant = f"{origin}:{options.style}:{options.theme}:{width}:{height}"
    try:
        body, _etag, _language = cached_rendering(
            f"oembed:{variant}", slug, options.hub, options.language, render
        )
    except CounterNotFound as error:
        return http.without_language_redirect(
            request, http.briefly_cacheable(json_error(404, "not_found", error.message))
        )
    except DatabaseError:
        response = json_error(503, "unavailable", "")
        response["Retry-After"] = "60"
        return http.uncacheable(response)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return http.briefly_cacheable(response)


def oembed_data(request, origin, slug, options, payload, width, height):
    """The oEmbed document of one embed (a dict)."""
    language = payload["language"]
    with translation.override(language or default_language()):
        title = iframe_title(payload["campaign"]["name"], (payload["hub"] or {}).get("title"))
        html = render_to_string(
            "wagtail_villeslumieres/embed/oembed.html",
            {
                "url": origin + embed_path(slug, options, language),
                "title": title,
                "width": width,
                "height": height,
            },
        )
    return {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": provider_name(request),
        "provider_url": request.build_absolute_uri("/"),
        "cache_age": CACHE_AGE,
        "html": html.strip(),
        "width": width,
        "height": height,
    }
