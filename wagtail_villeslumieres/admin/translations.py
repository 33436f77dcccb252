"""A page's translations in the admin: links to each, and the pages below a hub that
its translation lacks (a Dutch hub translated without "Include subtree" publishes
without its adopted individual and commitments).

Used by ``TranslationsPanel`` (the page's edit view), by the warning shown on opening
a hub translation whose editor is wagtail-localize's, and by the hub's row in the
page listing (``wagtail_hooks.py``). Imports no model of the package: the panel's
module is imported by the models.
"""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page


def translations_of(page):
    """The page's other translations, each with its edit address, in locale order."""
    others = (
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    return [
        {"page": other, "edit_url": reverse("wagtailadmin_pages:edit", args=[other.pk])}
        for other in others
    ]


def untranslated_below(page):
    """Pages below ``page``'s other translations with no translation in ``page``'s locale.

    Only the top of each missing branch (what is below it comes with it when it is
    translated with its subtree), one page per translation key, in tree order.
    """
    others = list(
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .only("path", "depth")
    )
    if not others:
        return []
    below = Q()
    for other in others:
        below |= Q(path__startswith=other.path, depth__gt=other.depth)
    pages = list(
        Page.objects.filter(below)
        .only("path", "depth", "title", "translation_key", "locale_id")
        .order_by("path")
    )
    translated = set(
        Page.objects.filter(
            locale_id=page.locale_id, translation_key__in={p.translation_key for p in pages}
        ).values_list("translation_key", flat=True)
    )
    missing_paths, tops = set(), {}
    for found in pages:
        if found.translation_key in translated:
            continue
        missing_paths.add(found.path)
        if found.path[: -Page.steplen] in missing_paths:
            continue  # inside a missing branch: translated with its top
        tops.setdefault(found.translation_key, found)
    return list(tops.values())


def translate_url(page):
    """Where to translate ``page`` (with what is below it): wagtail-localize's form."""
    if "wagtail_localize" in settings.INSTALLED_APPS:
        return reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def missing_pages(page):
    """What the edit view and the listing show: each missing page with its translate link."""
    return [
        {"page": found, "translate_url": translate_url(found)} for found in untranslated_below(page)
    ]


def missing_summary(count, language_name):
    return ngettext(
        "%(count)s page below this hub has no %(language)s translation yet: it is not "
        "published in %(language)s.",
        "%(count)s pages below this hub have no %(language)s translation yet: they are not "
        "published in %(language)s.",
        count,
    ) % {"count": count, "language": language_name}


def include_subtree_hint():
    return _("Translate each one with “Include subtree” ticked, into this hub's language.")
