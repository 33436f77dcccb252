"""``manage.py pull_network``: pull the members of every live network (for cron)."""

from django.core.management.base import BaseCommand, CommandError

from ...counter import network
from ...models.network import NetworkPage


class Command(BaseCommand):
    help = "Pull the counters of every network's members (or of one network) and sum them."

    def add_arguments(self, parser):
        parser.add_argument("--network", type=int, help="The page ID of one network.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the pull on the site's task backend instead of pulling here.",
        )
        parser.add_argument(
            "--after",
            type=int,
            default=0,
            help="With --enqueue: the worker pulls no sooner than this many seconds.",
        )

    def handle(self, *args, network_id=None, enqueue=False, after=0, **options):
        network_id = options.get("network")
        if after and not enqueue:
            raise CommandError("--after needs --enqueue.")
        if enqueue:
            from ...counter.tasks import enqueue_pull

            result = enqueue_pull(network_id, after=after)
            self.stdout.write(f"Enqueued: {result.id} ({result.status})")
            return
        if network_id is not None:
            page = NetworkPage.objects.filter(pk=network_id).select_related("campaign").first()
            if page is None:
                raise CommandError(f"No network with page ID {network_id}.")
            reports = {page.pk: network.pull(page)}
        else:
            reports = network.pull_all()
        for pk, report in reports.items():
            self.stdout.write(f"Network {pk}: {report}")
