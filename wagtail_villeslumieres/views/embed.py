"""The embeddable counter: a tiny standalone HTML document other websites frame.

``GET embed/counter/<campaign-slug>/?lang=fr&theme=light&style=number&hub=<id>``.
The number is in the HTML (readable without JavaScript); one CSS and one JS
static file refresh it from the JSON. Parameters with a wrong value fall back to
their default, never to an error page; an unknown campaign or hub gets a small
404 document. Only these views may be framed (see ``http.frameable``).
"""

import dataclasses
from urllib.parse import urlencode

from django.db import DatabaseError
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from ..conf import vl_settings
from ..http import (
    cacheable_response,
    frameable,
    public_headers,
    uncacheable,
    without_language_redirect,
)
from ..models.letters import KIND_LABELS, KINDS
from ..templatetags.villeslumieres import COUNTER_STYLES
from .api import (
    LANGUAGES,
    CounterNotFound,
    counter_payload,
    default_language,
    hub_id,
    language_code,
)

THEMES = ("light", "dark")
STYLES = tuple(COUNTER_STYLES)
DEFAULT_STYLE = "number"
DEFAULT_THEME = "light"

#: The size an embed asks for (the loader and WordPress then fit the height).
WIDTH = 480
HEIGHTS = {"number": 190, "progress": 250, "breakdown": 420}

TEMPLATES = {style: f"wagtail_villeslumieres/embed/{style}.html" for style in STYLES}
NOT_FOUND_TEMPLATE = "wagtail_villeslumieres/embed/not_found.html"


@dataclasses.dataclass(frozen=True)
class EmbedOptions:
    """The embed's parameters, each valid or back to its default."""

    language: str = ""
    theme: str = DEFAULT_THEME
    style: str = DEFAULT_STYLE
    hub: int | None = None
    #: A well-formed hub ID was given (an unknown one is a 404, not the whole campaign).
    hub_requested: bool = False

    @classmethod
    def from_query(cls, query):
        """Read ``lang``, ``theme``, ``style`` and ``hub`` from a ``QueryDict``."""

        def first(name):
            value = query.get(name, "")
            return value.strip().lower() if isinstance(value, str) else ""

        page_id = hub_id(first("hub"))
        return cls(
            language=language_code(first("lang")),
            theme=first("theme") if first("theme") in THEMES else DEFAULT_THEME,
            style=first("style") if first("style") in STYLES else DEFAULT_STYLE,
            hub=page_id,
            hub_requested=page_id is not None,
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


def json_path(slug, hub, language):
    """The site-relative URL of the JSON the embed refreshes from."""
    if hub is None:
        path = reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": slug})
    else:
        path = reverse("wagtail_villeslumieres:counter_hub_json", kwargs={"slug": slug, "hub": hub})
    return f"{path}?{urlencode({'lang': language})}"


def iframe_title(campaign_name, hub_title=None):
    """The accessible name of the embed's ``<iframe>`` on the host page."""
    if hub_title:
        return gettext("Letter counter: %(campaign)s, %(hub)s") % {
            "campaign": campaign_name,
            "hub": hub_title,
        }
    return gettext("Letter counter: %(campaign)s") % {"campaign": campaign_name}


def embed_code(base_url, slug, style, language, campaign_name, hub=None, hub_title=None):
    """The two ready-to-paste codes of an embed: ``{"loader": ..., "iframe": ..., "url": ...}``.

    ``base_url`` is the site's origin (``https://www.walcourt.be``). The loader
    version lets the iframe fit its content's height; the plain iframe works on
    sites that accept no script.
    """
    from django.utils.html import format_html

    options = EmbedOptions(style=style, hub=hub)
    url = base_url + embed_path(slug, options, language)
    title = iframe_title(campaign_name, hub_title)
    iframe = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" frameborder="0" loading="lazy"{}>'
        "</iframe>",
        url,
        title,
        HEIGHTS[style],
        "",
    )
    with_loader = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" frameborder="0" loading="lazy" '
        "data-vl-embed></iframe>\n"
        '<script src="{}" async></script>',
        url,
        title,
        HEIGHTS[style],
        absolute(base_url, static("wagtail_villeslumieres/embed/loader.js")),
    )
    return {"url": url, "iframe": str(iframe), "loader": str(with_loader)}


def absolute(base_url, url):
    """``url`` made absolute on ``base_url`` unless it already is (static files on a CDN)."""
    return url if url.startswith(("http://", "https://", "//")) else base_url + url


def unit_label(count):
    """What the total counts, in the plural form ``count`` takes (same words as the counter)."""
    return ngettext("letter, drawing or message", "letters, drawings and messages", count)


def embed_context(slug, options, payload):
    """What the embed templates show, from a counter payload."""
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
        "kinds": [(kind, KIND_LABELS[kind], payload["by_kind"][kind]) for kind in KINDS],
        "below_threshold": bool(threshold) and total < threshold,
        "json_url": json_path(slug, options.hub, language),
        "refresh_interval": vl_settings.EMBED_REFRESH_INTERVAL,
    }


def render_embed(request, template, context, status=200):
    """The embed document as a framable response (``200``/``304`` cacheable, errors not)."""
    # Rendered without the request on purpose: no context processor may touch the
    # session or the user, which would add a cookie or ``Vary: Cookie``.
    body = render_to_string(template, context).encode()
    if status == 200:
        response = cacheable_response(request, body, "text/html; charset=utf-8")
    else:
        from django.http import HttpResponse

        response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
        public_headers(response)
        if status == 404:
            response["Cache-Control"] = f"public, max-age={vl_settings.JSON_MAX_AGE}"
        else:
            uncacheable(response)
    return frameable(response)


@require_safe
def counter_embed(request, slug):
    """The embeddable counter of a campaign (optionally of one hub)."""
    options = EmbedOptions.from_query(request.GET)
    try:
        payload = counter_payload(slug, options.hub, options.language)
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
            return without_language_redirect(request, response)
    context = embed_context(slug, options, payload)
    # oEmbed discovery: pasting this address into WordPress embeds it.
    context["oembed_url"] = oembed_discovery_url(request)
    with translation.override(payload["language"]):
        return render_embed(request, TEMPLATES[options.style], context)


def oembed_discovery_url(request):
    """The address of the oEmbed response for the embed ``request`` asks for."""
    endpoint = request.build_absolute_uri(reverse("wagtail_villeslumieres:oembed"))
    return f"{endpoint}?{urlencode({'format': 'json', 'url': request.build_absolute_uri()})}"
