"""``manage.py rebuild_letter_totals``: recompute the running letter totals from the sessions.

The running totals are kept with every session save and delete; a bulk import or
a ``QuerySet.update`` bypasses that. This command compares them with a fresh
aggregate of the sessions, prints every difference, and (unless ``--check``)
writes the fresh figures. With ``--check`` it exits with status 1 when any differ.
"""

from django.core.management.base import BaseCommand, CommandError

from ...counter import totals


class Command(BaseCommand):
    help = "Recompute the running letter totals from the writing sessions and report differences."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report differences; exit with status 1 if there are any.",
        )

    def handle(self, *args, check=False, **options):
        found = totals.differences() if check else totals.rebuild()
        for (campaign_key, hub_key), was, should in found:
            changes = ", ".join(
                f"{name} {was[name]} → {should[name]}"
                for name in totals.COUNTERS
                if was[name] != should[name]
            )
            self.stdout.write(f"campaign {campaign_key}, hub {hub_key}: {changes}")
        if not found:
            self.stdout.write("The running totals match the sessions.")
        elif check:
            raise CommandError(f"{len(found)} running totals differ from the sessions.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(found)} running totals rebuilt."))
