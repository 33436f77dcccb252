"""An optional Content-Security-Policy for the public pages of the site.

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
"""

import contextlib
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .conf import vl_settings


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
