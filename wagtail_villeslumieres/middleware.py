"""Two optional middlewares for the site's public pages.

``PublicContentSecurityPolicyMiddleware``
    An optional Content-Security-Policy for the public pages of the site.

    Add ``"wagtail_villeslumieres.middleware.PublicContentSecurityPolicyMiddleware"`` to
    ``MIDDLEWARE``. Every HTML response gets the policy of ``CONTENT_SECURITY_POLICY``
    (default: ``DEFAULT_POLICY``, which the package's templates satisfy: no inline
    script or style, scripts and styles from the static files, counters from the same
    site), except:

    - a response that already carries a policy: the counter's embed views set their own,
      stricter one (``counter/http.py``), with the ``frame-ancestors`` other sites need;
    - the Wagtail admin and Django's admin, whose editing panels use inline scripts.

    Why not Django's ``ContentSecurityPolicyMiddleware``: Django 5.2 LTS, which the
    package supports, has none, and Django 6's applies one policy to every view,
    Wagtail's admin included. The setting has the same shape as Django's
    ``SECURE_CSP`` (a dict of directive → sources, ``django.utils.csp.CSP`` constants
    accepted), so a site can move it there once the admin needs no exemption.

``DatabaseUnavailableMiddleware``
    Optional: a ``503`` instead of a bare ``500`` while the database cannot be reached.

    Add it to ``MIDDLEWARE`` (anywhere; the example site puts it first)::

        "wagtail_villeslumieres.middleware.DatabaseUnavailableMiddleware",

    When a view (a Wagtail page, its agenda or iCalendar feed, an export) fails
    because the database cannot be reached (``OperationalError`` or
    ``InterfaceError``; not an ``IntegrityError``, which is a bug to see), the visitor
    gets a short ``503 Service Unavailable`` page with ``Retry-After`` and
    ``Cache-Control: no-store`` (so no cache keeps it and a CDN with
    ``stale-if-error`` serves its last copy instead), and every letter counter is
    marked stale at once. The counter's own JSON, embed and oEmbed need no
    middleware: they serve their last known copy, or answer the same ``503``.
"""

import contextlib
from urllib.parse import urlsplit

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from .conf import vl_settings
from .counter import http, totals


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def default_policy():
    """The package's policy: the site's own files, the static and media origins if
    elsewhere (a CDN, object storage), and embedded media from any HTTPS site."""
    files = ["'self'", *filter(None, {_origin(settings.STATIC_URL)})]
    media = ["'self'", *filter(None, {_origin(settings.STATIC_URL), _origin(settings.MEDIA_URL)})]
    return {
        "default-src": ["'self'"],
        "script-src": files,
        "style-src": files,
        "font-src": files,
        "img-src": [*media, "data:"],
        "connect-src": ["'self'"],
        # Video and post embeds (YouTube, Vimeo, ...) and counters of other sites.
        "frame-src": ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }


def policy_header():
    """The header value of ``CONTENT_SECURITY_POLICY`` (or the default); ``""`` for none."""
    policy = vl_settings.CONTENT_SECURITY_POLICY
    if policy is None:
        policy = default_policy()
    parts = []
    for directive, sources in policy.items():
        values = [sources] if isinstance(sources, str) else list(sources)
        parts.append(" ".join([directive, *[str(value) for value in values]]))
    return "; ".join(parts)


def _admin_prefixes():
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        with contextlib.suppress(NoReverseMatch):  # an admin the site does not include
            prefixes.append(reverse(name))
    return tuple(prefixes)


class PublicContentSecurityPolicyMiddleware:
    """Sets ``Content-Security-Policy`` on public HTML responses (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if request.path.startswith(_admin_prefixes()):
            return response
        header = policy_header()
        if header:
            response["Content-Security-Policy"] = header
        return response


#: Seconds after which a client may try again.
RETRY_AFTER = 60

#: What means "the database is away", as opposed to a programming error.
UNREACHABLE = (OperationalError, InterfaceError)


def unavailable_response(request=None):
    """The ``503`` page (no database, no request context: nothing that could fail again)."""
    body = render_to_string(
        "wagtail_villeslumieres/unavailable.html",
        {"message": gettext("This site cannot be read just now. Please try again in a minute.")},
    )
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    return http.uncacheable(response)


class DatabaseUnavailableMiddleware:
    """Answers ``503`` (``Retry-After``, ``no-store``) when a view cannot reach the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNREACHABLE):
            return None
        # The cache may be away too: the 503 matters more than the flag.
        with contextlib.suppress(Exception):
            totals.mark_database_unreachable()
        return unavailable_response(request)
