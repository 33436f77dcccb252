"""Numbers and percentages written the way each language writes them.

The one implementation: the template filters ``vl_number`` and ``vl_percent``
call these, and the embed's script receives ``percent_pattern()`` so that a
refreshed figure reads exactly like the server's (3 700 / 3.700 / 3,700;
45 % / 45 % / 45%).
"""

from django.utils import formats, translation

#: How a language writes a percentage, after the Unicode CLDR: French puts a narrow
#: no-break space before the sign, German a no-break space; the others none.
PERCENT_PATTERNS = {"fr": "{number}\u202f%", "de": "{number}\u00a0%"}
DEFAULT_PERCENT_PATTERN = "{number}%"


def format_number(value):
    """A whole number grouped as the active language does, whatever ``USE_THOUSAND_SEPARATOR``."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def percent_pattern(language=None):
    """The pattern of a percentage in ``language`` (default: the active one), with ``{number}``."""
    language = (language or translation.get_language() or "").lower()
    return PERCENT_PATTERNS.get(language) or PERCENT_PATTERNS.get(
        language.split("-")[0], DEFAULT_PERCENT_PATTERN
    )


def format_percent(value):
    """A whole percentage with its sign placed as the active language does."""
    if value is None or value == "":
        return ""
    return percent_pattern().format(number=format_number(value))
