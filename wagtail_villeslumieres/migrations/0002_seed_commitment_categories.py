"""Seed the commitment categories every "Ville lumières" place starts with.

Hand-written data migration. The categories are created in the site's default
locale (the one for ``settings.LANGUAGE_CODE``, created if missing, as
``Locale.get_default()`` does). Their names are the English source strings
translated into that language when the package ships a translation, so a French
site starts with French names; the slugs are stable English words used in filter
and export URLs. Editors may rename or translate the categories; a category whose
slug already exists in that locale is left alone, so running this again (or on a
site that created its own) changes nothing. Reversing it keeps the rows.
"""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext_noop

SEEDED_CATEGORIES = [
    (
        "asylum-seekers",
        gettext_noop("Integration of asylum seekers"),
        gettext_noop("Welcoming asylum seekers and helping them find their place in the commune."),
    ),
    (
        "human-rights-education",
        gettext_noop("Human-rights education"),
        gettext_noop("Teaching and promoting human rights in schools, libraries and associations."),
    ),
    (
        "individual-at-risk",
        gettext_noop("Adoption of an individual at risk"),
        gettext_noop("Supporting the individual at risk the commune officially adopted."),
    ),
    (
        "solidarity",
        gettext_noop("Local and international solidarity"),
        gettext_noop("Acting for human rights here and elsewhere, with the local Amnesty group."),
    ),
]


def default_language_code():
    """The content language Wagtail's ``Locale.get_default()`` picks for LANGUAGE_CODE."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def seed_categories(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    CommitmentCategory = apps.get_model("wagtail_villeslumieres", "CommitmentCategory")
    language_code = default_language_code()
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    existing = set(CommitmentCategory.objects.filter(locale=locale).values_list("slug", flat=True))
    with translation.override(language_code):
        for slug, name, description in SEEDED_CATEGORIES:
            if slug in existing:
                continue
            CommitmentCategory.objects.create(
                locale=locale,
                slug=slug,
                name=translation.gettext(name),
                description=translation.gettext(description),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_villeslumieres", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_categories, migrations.RunPython.noop, elidable=True),
    ]
