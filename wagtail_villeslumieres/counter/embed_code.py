"""The addresses of a counter (JSON, embed, oEmbed) and the code other sites paste.

``EmbedOptions`` reads an embed's query parameters (``lang``, ``theme``,
``style``, ``hub``), each valid or back to its default; ``embed_code`` builds
the ready-to-paste codes the admin shows. Nothing here reads the database.
"""

import dataclasses
from urllib.parse import urlencode

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from . import styles
from .languages import language_code

THEMES = ("light", "dark")
DEFAULT_THEME = "light"

#: Page IDs are positive 32-bit integers on every database.
MAX_HUB_ID = 2**31 - 1


def hub_id(value):
    """A hub page ID read from a URL parameter, or ``None`` when it is not one."""
    if isinstance(value, int):
        return value if 0 < value <= MAX_HUB_ID else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        return hub_id(int(value))
    return None


@dataclasses.dataclass(frozen=True)
class EmbedOptions:
    """The embed's parameters, each valid or back to its default."""

    language: str = ""
    theme: str = DEFAULT_THEME
    style: str = styles.DEFAULT_STYLE
    hub: int | None = None

    @classmethod
    def from_query(cls, query):
        """Read ``lang``, ``theme``, ``style`` and ``hub`` from a ``QueryDict``."""

        def first(name):
            value = query.get(name, "")
            return value.strip().lower() if isinstance(value, str) else ""

        return cls(
            language=language_code(first("lang")),
            theme=first("theme") if first("theme") in THEMES else DEFAULT_THEME,
            style=first("style") if first("style") in styles.STYLES else styles.DEFAULT_STYLE,
            hub=hub_id(first("hub")),
        )

    def querystring(self, language):
        """The canonical query string of this embed, its language spelled out."""
        params = {"lang": language, "theme": self.theme, "style": self.style}
        if self.hub is not None:
            params["hub"] = self.hub
        return urlencode(params)


def embed_path(slug, options, language):
    """The site-relative URL of an embed."""
    path = reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": slug})
    return f"{path}?{options.querystring(language)}"


def json_path(slug, hub=None, language=""):
    """The site-relative URL of a counter's JSON (the one the embed refreshes from)."""
    if hub is None:
        path = reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": slug})
    else:
        path = reverse("wagtail_villeslumieres:counter_hub_json", kwargs={"slug": slug, "hub": hub})
    return f"{path}?{urlencode({'lang': language})}" if language else path


def page_discovery_href(base_url, slug, style, language, hub=None):
    """The href of a page's oEmbed discovery link, naming the counter the page shows.

    WordPress replaces ``url`` with the pasted page's address and keeps every
    other parameter: ``style``, ``lang`` and ``hub`` are repeated outside ``url``
    for the provider, which resolves the page itself. Other consumers fetch it as is.
    """
    options = EmbedOptions(style=style, hub=hub)
    params = {"format": "json", "style": style, "lang": language}
    if hub is not None:
        params["hub"] = hub
    params["url"] = base_url + embed_path(slug, options, language)
    return f"{base_url}{reverse('wagtail_villeslumieres:oembed')}?{urlencode(params)}"


def iframe_title(campaign_name, hub_title=None):
    """The accessible name of the embed's ``<iframe>`` on the host page."""
    if hub_title:
        return gettext("Letter counter: %(campaign)s, %(hub)s") % {
            "campaign": campaign_name,
            "hub": hub_title,
        }
    return gettext("Letter counter: %(campaign)s") % {"campaign": campaign_name}


def absolute(base_url, url):
    """``url`` made absolute on ``base_url`` unless it already is (static files on a CDN)."""
    return url if url.startswith(("http://", "https://", "//")) else base_url + url


def embed_code(base_url, slug, style, language, campaign_name, hub=None, hub_title=None):
    """The ready-to-paste codes of an embed: ``{"url": ..., "loader": ..., "iframe": ...}``.

    ``base_url`` is the site's origin (``https://www.walcourt.be``). ``url`` is
    the address to paste (WordPress and other oEmbed consumers embed it, for every
    WordPress role); the loader version lets the iframe fit its content's height;
    the plain iframe works on sites that accept no script. The frame's title is in
    the counter's ``language``, like the counter, whatever the editor's language.
    """
    options = EmbedOptions(style=style, hub=hub)
    url = base_url + embed_path(slug, options, language)
    with translation.override(language):
        title = iframe_title(campaign_name, hub_title)
    height = styles.get(style).height
    iframe = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" frameborder="0" loading="lazy" '
        'style="display:block;max-width:100%"></iframe>',
        url,
        title,
        height,
    )
    # The loader turns the link into the frame: when the counter's site cannot be
    # reached, the loader cannot load either, and the host page keeps the link
    # instead of the browser's error box. A host page without scripts gets the frame.
    with_loader = format_html(
        '<a href="{}" data-vl-embed data-vl-height="{}">{}</a>\n'
        "<noscript>{}</noscript>\n"
        '<script src="{}" async></script>',
        url,
        height,
        title,
        format_html(
            '<iframe src="{}" title="{}" width="100%" height="{}" frameborder="0" '
            'loading="lazy" data-vl-embed></iframe>',
            url,
            title,
            height,
        ),
        absolute(base_url, static("wagtail_villeslumieres/embed/loader.js")),
    )
    return {"url": url, "iframe": str(iframe), "loader": str(with_loader)}
