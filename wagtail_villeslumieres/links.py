"""Links from editor data: only ``http``, ``https`` (and ``mailto``) ever reach an ``href``.

Two lines of defence. On save, the URL fields of the package's models
(``WebLinkField``) accept only ``http`` and ``https``. In templates, ``vl_safe_link``
drops any other scheme (``javascript:``, ``data:``, ...) for values that reached
the database another way: an import, a script, an API.
"""

from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Schemes a link from editor data may have on a public page.
SAFE_SCHEMES = ("http", "https", "mailto")

#: The validator of the package's URL fields: a web address, nothing else.
validate_web_link = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with https:// (or http://)."),
)


class WebLinkField(models.URLField):
    """A ``URLField`` that accepts ``http`` and ``https`` addresses only (one message)."""

    default_validators = [validate_web_link]


def safe_link(value):
    """``value`` when it is a relative link or has a safe scheme, else ``""``."""
    if not value:
        return ""
    text = str(value).strip()
    # Browsers ignore tabs and newlines inside a scheme ("java\\tscript:"), so must we.
    cleaned = "".join(ch for ch in text if ch not in "\t\n\r")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return ""
    if scheme and scheme not in SAFE_SCHEMES:
        return ""
    if not scheme and cleaned.startswith("//"):
        return cleaned  # protocol-relative: the page's own scheme, http(s)
    return cleaned
