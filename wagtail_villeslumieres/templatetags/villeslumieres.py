"""Template tags of the package: ``{% load villeslumieres %}``.

- ``{% letter_counter campaign hub=None style="number" heading="" %}``: a
  campaign's letter counter, its numbers in the HTML, formatted for the page's
  language. Styles: see ``counter.styles``.
- ``{% current_campaign as campaign %}``: the active campaign (see ``counter.totals``).
- ``{% counter_discovery_link %}`` (in ``<head>``): the oEmbed discovery link of
  the page when it shows a counter (see ``counter.pages``), so that pasting its
  address into WordPress embeds that counter.
- ``{{ value|vl_number }}``: a whole number grouped the way the active language
  writes it (3 700 in French, 3.700 in Dutch and German, 3,700 in English).
- ``{{ value|vl_percent }}``: a percentage written the way the active language
  writes it (45 % in French and German, 45% in Dutch and English).
- ``{{ total|vl_unit }}``: what a counter counts, in the plural ``total`` takes.
- ``{{ url|vl_safe_link }}``: a link from editor data, emptied unless it is
  ``http``, ``https``, ``mailto`` or relative (see ``links``).
- ``{% vl_cached "name" value ... %}…{% endvl_cached %}``: the section's HTML, cached
  for the page being served until the page or what it shows changes (see
  ``views.pages.cached_html``); the values name the variant (bounded ones only).
"""

import uuid

from django import template
from django.template.loader import render_to_string
from django.utils import translation

from .. import formatting, links
from ..counter import pages, styles, totals
from ..counter.embed_code import page_discovery_href
from ..counter.languages import default_language, language_code, unit_label
from ..models.letters import KIND_LABELS, KINDS
from ..views.pages import cached_html

register = template.Library()


@register.filter
def vl_number(value):
    """Group thousands as the active language does."""
    return formatting.format_number(value)


@register.filter
def vl_percent(value):
    """A whole percentage with its sign placed as the active language does (45 % / 45%)."""
    return formatting.format_percent(value)


@register.filter
def vl_unit(count):
    """What a counter counts ("letters, drawings and messages"), in the plural ``count`` takes."""
    return unit_label(count or 0)


@register.filter
def vl_language_name(value):
    """A language code ("fr", "en-gb") as its name in the active language; other text as is."""
    text = str(value or "").strip()
    try:
        info = translation.get_language_info(text.lower())
    except KeyError:
        return text
    return translation.gettext(info["name"])


@register.filter
def vl_safe_link(value):
    """A link from editor data, or ``""`` when its scheme is not safe in an ``href``."""
    return links.safe_link(value)


def render_letter_counter(campaign, hub=None, style=styles.DEFAULT_STYLE, heading="", request=None):
    """The counter's HTML (used by the tag and by ``LetterCounterBlock``)."""
    if campaign is None:
        return ""
    chosen = styles.get(style)
    figures = totals.for_campaign(campaign, hub)
    context = {
        "campaign": campaign,
        # The campaign's name in the page's language when it is translated.
        "campaign_name": campaign.localized.name,
        "hub": hub,
        "totals": figures,
        "kinds": [(kind, KIND_LABELS[kind], figures.by_kind[kind]) for kind in KINDS],
        "heading": heading,
        "style": chosen.name,
        "bar_value": min(figures.total, figures.goal) if figures.goal else None,
        # Unique per counter, so several counters on one page keep valid ids.
        "counter_id": f"vl-counter-{uuid.uuid4().hex[:8]}",
    }
    return render_to_string(chosen.template, context, request=request)


@register.simple_tag(takes_context=True)
def letter_counter(context, campaign, hub=None, style=styles.DEFAULT_STYLE, heading=""):
    """Render ``campaign``'s letter counter (for ``hub`` only when given)."""
    return render_letter_counter(campaign, hub, style, heading, request=context.get("request"))


@register.simple_tag
def current_campaign():
    """The active letter campaign in the current language, or ``None``."""
    return totals.current_campaign()


@register.simple_tag(takes_context=True)
def counter_discovery_link(context, page=None, hub=None):
    """The oEmbed discovery ``<link>`` of ``page`` (default: the context's) if it shows a counter.

    ``hub`` is the page's hub when the template knows it (saves a query). Empty
    without a request, or for a page that shows no counter.
    """
    request = context.get("request")
    page = page if page is not None else context.get("page")
    if request is None or page is None or not hasattr(page, "_meta"):
        return ""
    counter = pages.page_counter(page, hub=hub)
    if counter is None:
        return ""
    base_url = f"{request.scheme}://{request.get_host()}"
    language = language_code(translation.get_language()) or default_language()
    href = page_discovery_href(
        base_url, counter.slug, counter.style or pages.HUB_COUNTER_STYLE, language, counter.hub
    )
    return render_to_string(
        "wagtail_villeslumieres/embed/discovery_link.html", {"href": href, "title": counter.name}
    )


class CachedSectionNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        vary = [value.resolve(context) for value in self.vary]
        return cached_html(
            context, self.name.resolve(context), lambda: self.nodelist.render(context), vary
        )


@register.tag
def vl_cached(parser, token):
    """``{% vl_cached "name" value ... %}…{% endvl_cached %}`` (see the module)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("vl_cached needs a name.")
    nodelist = parser.parse(("endvl_cached",))
    parser.delete_first_token()
    return CachedSectionNode(
        nodelist,
        *[parser.compile_filter(bit) for bit in bits[1:2]],
        [parser.compile_filter(bit) for bit in bits[2:]],
    )
