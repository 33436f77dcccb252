"""``manage.py load_demo``: the example site's demo content, safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.agenda import load_agenda
from home.demo.brussels import load_brussels
from home.demo.commitments import load_commitments
from home.demo.hub import load_hub
from home.demo.individuals import load_individual
from home.demo.letters import load_letters
from home.demo.network import load_network
from home.demo.site import ADMIN_PASSWORD, ADMIN_USERNAME, load_admin, load_site


class Command(BaseCommand):
    help = (
        "Load the demo commune (Walcourt, Ville lumières 2016). Running it twice changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        home = load_site()
        load_admin()
        hub = load_hub(home)
        load_individual(hub)
        load_commitments(hub)
        load_letters(hub)
        load_agenda(hub)
        ixelles = load_brussels()
        load_network(hub, ixelles)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {hub.title} at {hub.url_path}"))
        self.stdout.write(f"Admin login: {ADMIN_USERNAME} / {ADMIN_PASSWORD}")
