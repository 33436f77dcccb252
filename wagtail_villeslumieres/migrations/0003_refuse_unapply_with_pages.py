"""Refuse to unapply the package's migrations while pages of its types exist.

Hand-written, kept by ``make migrations``. Going forward it does nothing. Going
back (``manage.py migrate wagtail_villeslumieres zero``) it runs first, before any
table is dropped: unapplying the initial migration drops the tables of the
package's page types (hub, adopted individual, commitment index, commitment) but
leaves their rows in ``wagtailcore_page``, so the page tree would keep pages
whose ``.specific`` raises and that neither the admin nor the site can show.
Deleting those pages is an editor's decision, not a migration's: the message says
which pages remain and how to remove them, and nothing is changed.
"""

from django.core.management.base import CommandError
from django.db import migrations

APP_LABEL = "wagtail_villeslumieres"


def refuse_while_pages_exist(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    pages = list(
        Page.objects.using(schema_editor.connection.alias)
        .filter(content_type__app_label=APP_LABEL)
        .order_by("path")
        .values_list("pk", "title", "path")
    )
    if not pages:
        return
    # Name the top of each branch (usually the hubs): deleting it deletes the rest.
    tops = []
    for pk, title, path in pages:
        if not any(path.startswith(top_path) for _, _, top_path in tops):
            tops.append((pk, title, path))
    named = ", ".join(f"{title!r} (page id {pk})" for pk, title, _ in tops)
    raise CommandError(
        f"Cannot unapply the migrations of {APP_LABEL}: {len(pages)} page(s) of its "
        f"types still exist, in: {named}. Unapplying would drop their tables and leave "
        "these pages in the page tree without their content, where opening them fails. "
        "Delete them first (in the Wagtail admin: delete each hub's writing sessions, "
        "then the hub with the pages below it), then run this command again. "
        "Nothing was changed."
    )


class Migration(migrations.Migration):
    dependencies = [
        (APP_LABEL, "0002_seed_commitment_categories"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reverse_code=refuse_while_pages_exist),
    ]
