"""Template tags of the package: ``{% load villeslumieres %}``.

- ``{% letter_counter campaign hub=None style="number" heading="" %}``: a
  campaign's letter counter, its numbers in the HTML, formatted for the page's
  language. Styles: ``number``, ``progress``, ``breakdown``.
- ``{% current_campaign as campaign %}``: the active campaign (see ``totals``).
- ``{{ value|vl_number }}``: a whole number grouped the way the active language
  writes it (3 700 in French, 3.700 in Dutch and German, 3,700 in English).
- ``{{ value|vl_percent }}``: a percentage written the way the active language
  writes it (45 % in French and German, 45% in Dutch and English).
"""

import uuid

from django import template
from django.template.loader import render_to_string
from django.utils import formats, translation

from .. import totals as totals_module
from ..models.letters import KIND_LABELS, KINDS

register = template.Library()

#: Counter styles and the template each renders with.
COUNTER_STYLES = {
    "number": "wagtail_villeslumieres/counter/number.html",
    "progress": "wagtail_villeslumieres/counter/progress.html",
    "breakdown": "wagtail_villeslumieres/counter/breakdown.html",
}


@register.filter
def vl_number(value):
    """Group thousands as the active language does, whatever ``USE_THOUSAND_SEPARATOR`` says."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


#: How a language writes a percentage, after the Unicode CLDR: French puts a narrow
#: no-break space before the sign, German a no-break space; others none.
PERCENT_PATTERNS = {"fr": "{number}\u202f%", "de": "{number}\u00a0%"}
DEFAULT_PERCENT_PATTERN = "{number}%"


@register.filter
def vl_percent(value):
    """A whole percentage with its sign placed as the active language does (45 % / 45%)."""
    if value is None or value == "":
        return ""
    language = (translation.get_language() or "").lower()
    pattern = PERCENT_PATTERNS.get(language) or PERCENT_PATTERNS.get(
        language.split("-")[0], DEFAULT_PERCENT_PATTERN
    )
    return pattern.format(number=vl_number(value))


def render_letter_counter(campaign, hub=None, style="number", heading="", request=None):
    """The counter's HTML (used by the tag and by ``LetterCounterBlock``)."""
    if campaign is None:
        return ""
    if style not in COUNTER_STYLES:
        raise ValueError(
            f"Unknown letter counter style {style!r}; use one of: {', '.join(COUNTER_STYLES)}."
        )
    figures = totals_module.for_campaign(campaign, hub)
    context = {
        "campaign": campaign,
        # The campaign's name in the page's language when it is translated.
        "campaign_name": campaign.localized.name,
        "hub": hub,
        "totals": figures,
        "kinds": [(kind, KIND_LABELS[kind], figures.by_kind[kind]) for kind in KINDS],
        "heading": heading,
        "style": style,
        "bar_value": min(figures.total, figures.goal) if figures.goal else None,
        # Unique per counter, so several counters on one page keep valid ids.
        "counter_id": f"vl-counter-{uuid.uuid4().hex[:8]}",
    }
    return render_to_string(COUNTER_STYLES[style], context, request=request)


@register.simple_tag(takes_context=True)
def letter_counter(context, campaign, hub=None, style="number", heading=""):
    """Render ``campaign``'s letter counter (for ``hub`` only when given)."""
    return render_letter_counter(campaign, hub, style, heading, request=context.get("request"))


@register.simple_tag
def current_campaign():
    """The active letter campaign in the current language, or ``None``."""
    return totals_module.current_campaign()
