"""Each page in the languages it exists in: redirects, canonical link and alternates.

With Wagtail's i18n on, the URL's language prefix (``/nl/``) chooses the language of
the interface, but Wagtail's routing still reaches a page that exists only in
French below it. A page of the package is therefore served only under its own
language's prefix: under another one, the visitor is redirected to the page's
translation in the requested language if one is published, else to the page's own
URL. Routes follow their page (the agenda, the exports, the feeds, the letter kit).

The page's head names one canonical URL and, when the page is published in several
languages, every translation (``hreflang``) plus ``x-default`` (the translation in
the site's default language). With i18n off nothing here changes a response.
"""

import dataclasses
from contextlib import nullcontext

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail.coreutils import get_supported_content_language_variant

from ..models.base import HubTreePageMixin, published_translations

#: How long a browser or a cache keeps a language redirect (seconds): a page may be
#: translated later, and its translation must then be reachable.
REDIRECT_MAX_AGE = 24 * 60 * 60

#: A redirect for these methods may change the method; for any other, it is a 308.
SAFE_METHODS = ("GET", "HEAD")


def i18n_enabled():
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


@dataclasses.dataclass(frozen=True)
class Alternate:
    """The page (or its route) in one language."""

    language_code: str
    page: object
    #: The URL relative to the site (for links on the page) and the absolute one (for <head>).
    url: str
    full_url: str


def route_suffix(page, request):
    """The part of the URL after ``page``'s own: the route served (``agenda/``), or ``""``."""
    match = getattr(request, "routable_resolver_match", None) if request else None
    if match is None or getattr(match.func, "__self__", None) is not page:
        return ""
    return page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)


def page_language(page):
    """The language ``page`` is written in: its locale's with i18n on, else the site's."""
    if i18n_enabled():
        return page.locale.language_code
    return translation.get_language() or settings.LANGUAGE_CODE


def requested_language(request):
    """The content language the URL's prefix asks for, or ``None`` without a prefix."""
    code = translation.get_language_from_path(request.path_info)
    if code is None:
        return None
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return None


def language_redirect(page, request):
    """The redirect to ``page`` in the language its URL asks for, or ``None`` to serve it.

    ``None`` when i18n is off, the URL has no language prefix, or the prefix is the
    page's own language. Otherwise the page's published translation in the requested
    language if there is one, else the page in its own language; the route and the
    query string are kept.
    """
    if not i18n_enabled():
        return None
    wanted = requested_language(request)
    if wanted is None or wanted == page.locale.language_code:
        return None
    suffix = route_suffix(page, request)
    translated = (
        page.get_translations().filter(locale__language_code=wanted).live().public().first()
    )
    url = _url_in_own_language(translated, request, suffix) if translated else None
    if url is None or url == request.path:
        # No translation, or one whose URL routes here (its parent's translation is
        # not live): the page in its own language.
        url = _url_in_own_language(page, request, suffix)
    if url is None or url == request.path:
        return None
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    response = HttpResponsePermanentRedirect(url)
    if request.method not in SAFE_METHODS:
        response.status_code = 308  # keeps the method and the body
    patch_cache_control(response, max_age=REDIRECT_MAX_AGE)
    return response


def _url_in_own_language(page, request, suffix):
    with translation.override(page.locale.language_code):
        url = page.get_url(request)
    return None if url is None else url + suffix


def redirect_to_page_language(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: the package's pages answer only in their own language.

    When the page is served, its language is the active one, so that the interface
    strings, ``<html lang>`` and ``Content-Language`` all say the page's language.
    """
    if not isinstance(page, HubTreePageMixin):
        return None
    return serve_in_page_language(page, request)


def serve_in_page_language(page, request):
    """Redirect (see ``language_redirect``) or activate ``page``'s language for its response.

    For a site's own page types: call it from the site's ``before_serve_page`` hook.
    """
    response = language_redirect(page, request)
    if response is None and i18n_enabled():
        translation.activate(page.locale.language_code)
        request.LANGUAGE_CODE = page.locale.language_code
    return response


def alternates(page, request, translations):
    """``translations`` of ``page`` (published pages) as ``Alternate``s of the same route."""
    suffix = route_suffix(page, request)
    found = []
    for other in translations:
        with translation.override(other.locale.language_code):
            url = other.get_url(request)
            full_url = other.get_full_url(request)
        if url is None:
            continue
        found.append(Alternate(other.locale.language_code, other, url + suffix, full_url + suffix))
    return found


def x_default(found):
    """The alternate for visitors whose language is none of them: the site's default language."""
    if not found:
        return None
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return next((item for item in found if item.language_code == default), found[0])


def language_context(page, request, translations):
    """The context every page of the package renders its head and switcher with."""
    suffix = route_suffix(page, request)
    with translation.override(page_language(page)) if i18n_enabled() else nullcontext():
        full_url = page.get_full_url(request)
    found = alternates(page, request, translations)
    return {
        "vl_language": page_language(page),
        "vl_canonical_url": None if full_url is None else full_url + suffix,
        "vl_alternates": found,
        "vl_x_default": x_default(found),
    }


def translations_context(page, request):
    """``language_context`` of any page, with its published translations (``vl_translations``).

    For a site's own page types (a home page): call it from their ``get_context`` and
    include ``languages/alternates.html`` and ``languages/switcher.html`` in their
    templates, as the package's pages do.
    """
    translations = published_translations(page)
    return {"vl_translations": translations, **language_context(page, request, translations)}
