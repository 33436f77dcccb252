"""The languages a counter speaks, what it says in them, and the one way of picking a translation.

A campaign and a hub exist in one or more languages (Wagtail locales) and share
one total across them. Every reader that shows a name (the JSON, the embed, the
report, the current campaign on a page) picks the translation to show through
``pick_translation``.
"""

from django.conf import settings
from django.utils.translation import ngettext

#: The languages of the public counter views, with the ``Intl`` locale of each.
LANGUAGES = {"fr": "fr-BE", "nl": "nl-BE", "de": "de-BE", "en": "en"}


def base_language(value):
    """``"fr-BE"`` → ``"fr"``: the language part of a code, lower case (``""`` if none)."""
    if not isinstance(value, str):
        return ""
    return value.strip().lower().replace("_", "-").split("-")[0]


def language_code(value):
    """``value`` as one of ``LANGUAGES`` (``"fr-BE"`` gives ``"fr"``), else ``""``."""
    code = base_language(value)
    return code if code in LANGUAGES else ""


def default_language(campaign=None):
    """The campaign's own language when a counter speaks it, else the site's, else French."""
    if campaign is not None:
        code = language_code(campaign.locale.language_code)
        if code:
            return code
    return language_code(settings.LANGUAGE_CODE) or "fr"


def pick_translation(candidates, *languages):
    """The first of ``candidates`` in the first of ``languages`` that one of them is in.

    ``candidates`` are translations of one object (each with a ``locale``), in
    order of preference when no language matches: the first is then returned
    (``None`` for no candidates). Languages compare by their language part, so
    ``"fr"`` finds a ``fr-BE`` locale; empty languages are skipped.
    """
    candidates = list(candidates)
    for language in languages:
        wanted = base_language(language)
        if not wanted:
            continue
        for candidate in candidates:
            if base_language(candidate.locale.language_code) == wanted:
                return candidate
    return candidates[0] if candidates else None


def unit_label(count):
    """What a total counts, in the plural form ``count`` takes in the active language.

    The one wording of the counter's unit: the on-site counter, the embed, the
    script's two forms and the dashboard all read it from here.
    """
    return ngettext("letter, drawing or message", "letters, drawings and messages", count)
