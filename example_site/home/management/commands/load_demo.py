"""``manage.py load_demo``: the example site's demo content, safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.hub import load_hub
from home.demo.site import ADMIN_PASSWORD, ADMIN_USERNAME, load_admin, load_site


class Command(BaseCommand):
    help = "Load the demo commune (Walcourt, Ville lumières 2016). Running it twice changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        home = load_site()
        load_admin()
        hub = load_hub(home)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {hub.title} at {hub.url_path}")
        )
        self.stdout.write(f"Admin login: {ADMIN_USERNAME} / {ADMIN_PASSWORD}")
