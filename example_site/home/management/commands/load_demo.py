"""``manage.py load_demo``: the example site's demo content, safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.agenda import load_agenda
from home.demo.brussels import load_brussels
from home.demo.commitments import load_commitments
from home.demo.hub import load_hub
from home.demo.individuals import load_example_individual, load_individual
from home.demo.letters import load_letters
from home.demo.network import load_network
from home.demo.reporting import load_reporting
from home.demo.site import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    demo_urls,
    load_admin,
    load_home_counter,
    load_site,
)


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
        load_example_individual(hub)
        load_commitments(hub)
        campaign = load_letters(hub)
        load_home_counter(home, campaign, hub)
        season = load_agenda(hub)
        load_reporting(hub, season)
        ixelles = load_brussels(season)
        load_network(hub, ixelles, season)
        self.report(hub)

    def report(self, hub):
        """The demo's real addresses: the hub, the admin and an embeddable counter."""
        urls = demo_urls(hub)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {hub.title}"))
        self.stdout.write(f"Hub:    {urls['hub']}")
        self.stdout.write(f"Admin:  {urls['admin']}  (login: {ADMIN_USERNAME} / {ADMIN_PASSWORD})")
        if urls["embed"]:
            self.stdout.write(f"Embed:  {urls['embed']}")
