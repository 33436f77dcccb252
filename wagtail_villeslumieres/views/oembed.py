"""oEmbed provider (https://oembed.com/): paste a counter's address into another CMS.

``GET oembed/?url=<address>&format=json&maxwidth=&maxheight=`` returns a
``rich`` response whose ``html`` is a hidden ``<blockquote>`` with a link (what
WordPress shows until the frame answers, or when it cannot load) followed by the
``<iframe>`` (``width="100%"``). The address is an embed address, or a public
page of ours that shows a counter (``counter.pages``): a hub page or an adopted
individual's page (the hub's counter of the current campaign), or any page with a
letter counter block (its first one), in the page's language. WordPress replaces
the discovery link's ``url`` with the pasted page's address and keeps its other
parameters (``style``), which this view honours where the page sets no style.
WordPress keeps that shape for providers it does not know (dropping ``hidden``),
sandboxes the frame and resizes it through its ``secret``/``height`` messages.

Consumers keep this html for a long time (``cache_age``), so it never contains
the number: the live figure is inside the frame.
"""

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, QueryDict
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from ..conf import vl_settings
from ..counter import http, pages, styles, totals
from ..counter.embed_code import EmbedOptions, embed_path, iframe_title
from ..counter.languages import default_language
from ..counter.payload import CounterNotFound, cached_rendering
from .counter_json import json_error

#: Seconds a consumer may keep the response (the html holds no figure, only the frame).
CACHE_AGE = 7 * 24 * 3600

EMBED_VIEW = "wagtail_villeslumieres:counter_embed"
NOT_AN_EMBED = gettext_lazy("This address is not a letter counter of this site.")


def our_address(url):
    """``(parts, domain, port)`` of ``url`` when this site answers to its host, else ``None``.

    The host must be one this site answers to (``ALLOWED_HOSTS``).
    """
    if not isinstance(url, str) or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
        domain, port = split_domain_port(parts.netloc)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not domain:
        return None
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not validate_host(domain, allowed):
        return None
    return parts, domain, port


def site_path(parts):
    """The path of ``parts`` below the script prefix (``/...``), else ``None``."""
    prefix = get_script_prefix()
    if not parts.path.startswith(prefix):
        return None
    return "/" + parts.path[len(prefix) :]


def embed_target(url):
    """``(origin, slug, query)`` of one of our embed addresses, else ``None``."""
    address = our_address(url)
    if address is None:
        return None
    parts = address[0]
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


def page_target(request, url):
    """``(origin, slug, query)`` of the counter a public page of ours shows, else ``None``.

    The page is one of the Site this request is for, live and public; its counter
    is the one it shows first (``counter.pages.page_counter``): its hub's counter
    of the current campaign on a hub or adopted individual's page, else its first
    letter counter block. The page's language is the embed's. Parameters the
    counter does not set (``theme``, and ``style`` for a hub's counter) come from
    the oEmbed request, which WordPress passes on from the discovery link.

    What an address resolves to is cached until a page, a Site or a campaign
    changes, so a warm request costs no query and the last known answer is served
    while the database is away. Raises ``DatabaseError`` when the database is away
    and the address was never resolved.
    """
    address = our_address(url)
    if address is None:
        return None
    parts, domain, port = address
    path = site_path(parts)
    if path is None:
        return None
    language = translation.get_language_from_path(path) or default_language()
    port = int(port or default_port(parts.scheme))
    if port > 65535:
        return None

    def resolve_counter():
        with translation.override(language):
            try:
                match = resolve(path)
            except Resolver404:
                return False
            if match.url_name != "wagtail_serve":
                return False
            page = find_page(request, domain, port, match)
            # ``cached`` stores no None: "no counter" is stored as False.
            return (page is not None and pages.page_counter(page)) or False

    # Hashed: an address may hold any character, which some cache backends refuse.
    address_key = hashlib.sha256(f"{request.get_host()}|{domain}|{port}|{path}".encode())
    counter = totals.cached(
        f"page-counter:{address_key.hexdigest()[:40]}",
        resolve_counter,
        scopes=(totals.PAGES, totals.CAMPAIGNS, totals.HUBS),
        mark_stale=lambda last_known: last_known,
    )
    if not counter:
        return None
    query = request.GET.copy()
    query["lang"] = language
    if counter.hub is None:
        query.pop("hub", None)
    else:
        query["hub"] = str(counter.hub)
    if counter.style is None:
        query.setdefault("style", pages.HUB_COUNTER_STYLE)
    else:
        query["style"] = counter.style
    return f"{parts.scheme}://{parts.netloc}", counter.slug, query


def default_port(scheme):
    return 443 if scheme == "https" else 80


def find_page(request, domain, port, match):
    """The live, public page at ``match``'s path on this request's Site, else ``None``.

    The address's host must name the Site the request is for: a page of another
    Site of the same install is refused.
    """
    site = get_site_for_hostname(domain, port)
    if site is None or site.pk != getattr(Site.find_for_request(request), "pk", None):
        return None
    path = match.args[0] if match.args else match.kwargs.get("path", "")
    components = [part for part in path.split("/") if part]
    try:
        route = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    page = route[0].specific
    if page.get_view_restrictions().exists():
        return None
    return page


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
    try:
        site = Site.find_for_request(request)
    except DatabaseError:
        # A rendering of the last known figures while the database is away.
        site = None
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
    url = request.GET.get("url")
    try:
        target = embed_target(url) or page_target(request, url)
    except DatabaseError:
        return unavailable()
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
        return unavailable()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return http.briefly_cacheable(response)


def unavailable():
    """The ``503`` of a counter that cannot be read (database away, nothing known)."""
    response = json_error(503, "unavailable", "")
    response["Retry-After"] = "60"
    return http.uncacheable(response)


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
