"""Optional: a ``503`` instead of a bare ``500`` while the database cannot be reached.

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

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from .counter import http, totals

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
