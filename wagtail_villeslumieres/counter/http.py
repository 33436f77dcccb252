"""HTTP headers of the counter's public responses: caching, validators, CORS and framing.

The counter's JSON and embed responses are read by other websites and polled on
campaign day, so they are built to sit behind a CDN: a public ``Cache-Control``
with ``stale-while-revalidate`` and ``stale-if-error``, a strong ``ETag`` (and
``304 Not Modified``), no cookie and nothing that varies per visitor.
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import ResponseHeaders

from ..conf import vl_settings

#: Neither the JSON nor the embed needs to tell anyone where it was read from.
REFERRER_POLICY = "no-referrer"


def cache_control():
    """The ``Cache-Control`` value of the counter's responses, from the settings."""
    return (
        f"public, max-age={vl_settings.COUNTER_MAX_AGE}, "
        f"stale-while-revalidate={vl_settings.COUNTER_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={vl_settings.COUNTER_STALE_IF_ERROR}"
    )


def strong_etag(body: bytes) -> str:
    """A strong entity tag computed from the exact bytes of the body."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(request, etag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``etag`` (weak comparison, RFC 9110)."""
    # Read from ``META``: ``request.headers`` would copy every header first.
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if header.strip() == "*":
        return True
    candidates = (candidate.strip() for candidate in header.split(","))
    return any(candidate.removeprefix("W/") == etag for candidate in candidates)


def public_headers(response):
    """CORS and referrer headers every public counter response carries (errors included).

    ``Access-Control-Allow-Origin: *`` without ``Allow-Credentials``: any page may
    read the figures, and no browser ever sends cookies with such a request.
    """
    response["Access-Control-Allow-Origin"] = "*"
    response["Referrer-Policy"] = REFERRER_POLICY
    return response


def cacheable_response(request, body: bytes, content_type: str, etag=None, language=None):
    """A ``200`` with ``body``, or a body-less ``304`` when the client already holds it.

    ``etag`` is the body's strong ETag when already known (stored beside the body),
    so a ``304`` costs no hashing. With ``language`` (the one the URL asked for),
    the response says so in ``Content-Language`` and does not vary on
    ``Accept-Language`` (see ``language_from_url``).
    """
    etag = etag or strong_etag(body)
    if etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control()
    if language:
        language_from_url(response, language)
    return public_headers(response)


class _HeadersOfALanguageFromTheURL(ResponseHeaders):
    """Response headers that never name ``Accept-Language`` in ``Vary``."""

    def __setitem__(self, key, value):
        if key.lower() == "vary":
            kept = [part.strip() for part in str(value).split(",")]
            kept = [part for part in kept if part and part.lower() != "accept-language"]
            if not kept:
                self.pop(key, None)
                return
            value = ", ".join(kept)
        super().__setitem__(key, value)


def language_from_url(response, language):
    """Marks ``response`` as being in ``language``, chosen by its URL (``?lang=``), not the visitor.

    Django's ``LocaleMiddleware`` adds ``Vary: Accept-Language`` to every response
    whose path carries no language prefix, which would split every shared cache in
    front of the counter by the visitors' browser languages although the body does
    not depend on them. These responses' headers drop that value whoever adds it
    (any other ``Vary`` stays), and ``Content-Language`` is set here, so the
    middleware's default (the visitor's language) does not apply.
    """
    headers = _HeadersOfALanguageFromTheURL(None)
    for key, value in response.headers.items():
        headers[key] = value
    response.headers = headers
    response["Content-Language"] = language
    return response


def briefly_cacheable(response):
    """Public for ``COUNTER_MAX_AGE`` only: a ``404`` (unknown campaign or hub), an oEmbed."""
    response["Cache-Control"] = f"public, max-age={vl_settings.COUNTER_MAX_AGE}"
    return public_headers(response)


def uncacheable(response):
    """Marks an error response (database unreachable) so no cache keeps it."""
    response["Cache-Control"] = "no-store"
    return public_headers(response)


def static_source():
    """The CSP source of the package's static files: ``'self'``, plus their origin if elsewhere."""
    parts = urlsplit(settings.STATIC_URL or "")
    if parts.scheme and parts.netloc:
        return f"'self' {parts.scheme}://{parts.netloc}"
    return "'self'"


def frame_ancestors():
    """The ``frame-ancestors`` sources allowed by ``EMBED_FRAME_ANCESTORS`` (default any)."""
    origins = [origin for origin in vl_settings.EMBED_FRAME_ANCESTORS if isinstance(origin, str)]
    return " ".join(origins) or "'none'"


def embed_content_security_policy():
    """The strict policy of the embed documents: our own static files and JSON, nothing else.

    ``frame-ancestors`` is what lets other sites frame these views (and only
    these: every other view keeps the site's ``X-Frame-Options``).
    """
    static = static_source()
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {static}",
            f"script-src {static}",
            "connect-src 'self'",
            "img-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {frame_ancestors()}",
        ]
    )


def frameable(response):
    """Lets ``response`` be framed by the allowed origins (and by no one else)."""
    response["Content-Security-Policy"] = embed_content_security_policy()
    # Read by XFrameOptionsMiddleware: without it, the site's DENY/SAMEORIGIN applies.
    response.xframe_options_exempt = True
    return response


#: An empty URLconf (see ``without_language_redirect``).
urlpatterns = []


def without_language_redirect(request, response):
    """Keeps Django's ``LocaleMiddleware`` from turning our ``404`` into a redirect.

    On a site with ``i18n_patterns(prefix_default_language=True)`` and Wagtail's
    catch-all, the middleware answers a ``404`` whose path would match once
    prefixed (``/en/villeslumieres/embed/...``) with a redirect there, where
    Wagtail serves its own 404 page, which cannot be framed and varies by cookie.
    The middleware reads ``request.urlconf``; pointing it at this module's empty
    URLconf, once our view has answered, tells it no language prefix applies.
    """
    if response.status_code == 404:
        request.urlconf = __name__
    return response
