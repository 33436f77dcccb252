"""Benchmark a network of 600 members: ``make benchmark`` (third part).

In a throw-away SQLite database (a temporary directory), builds the demo and then
``--hubs`` hubs (600) with one writing session each, serves them with gunicorn on
127.0.0.1 (a free port), and creates a network whose members are those hubs' counter
JSON addresses, pulled over HTTP as other sites' counters would be. Prints:

- a full pull (every member read, every figure written): wall time, queries, writes;
  the server and this process share Redis (``REDIS_URL``, default 127.0.0.1:6379);
- an all-unchanged pull (every member answers ``304``): wall time, queries, writes,
  which must be zero;
- the warm throughput of the network's JSON beside a commune's counter JSON, measured
  in interleaved rounds in the same run, and their ratio.

Nothing leaves 127.0.0.1; the server is stopped at the end.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "example_site"), str(ROOT)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"{label:<52} {time.perf_counter() - started:8.2f} s")
    return result


def build(hubs):
    from django.core.management import call_command
    from wagtail.models import Site

    from wagtail_villeslumieres.models import (
        HolderKind,
        HubPage,
        LabelAward,
        LetterCampaign,
        Region,
        WritingSession,
    )

    call_command("migrate", "--no-input", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    home = Site.objects.get(is_default_site=True).root_page
    campaign = LetterCampaign.objects.filter(slug="marathon-2016").order_by("pk").first()
    existing = HubPage.objects.count()
    regions = list(Region.values)
    for number in range(existing, hubs):
        hub = HubPage(
            title=f"Commune {number}",
            slug=f"commune-{number}",
            holder_name=f"Commune {number}",
            holder_kind=HolderKind.COMMUNE,
            region=regions[number % len(regions)],
            intro="Benchmark.",
            locale=home.locale,
        )
        hub.awards = [LabelAward(year=2016)]
        home.add_child(instance=hub)
        session = WritingSession(
            campaign=campaign,
            hub=hub,
            place_name="Salle",
            starts_at=WritingSession._meta.get_field("starts_at").to_python(
                f"{campaign.starts_on}T14:00:00+01:00"
            ),
            ends_at=WritingSession._meta.get_field("ends_at").to_python(
                f"{campaign.starts_on}T17:00:00+01:00"
            ),
            letters=number + 1,
        )
        session.save()
    return campaign, list(HubPage.objects.live().order_by("pk")[:hubs])


def make_network(campaign, hubs, origin):
    from django.urls import reverse
    from wagtail.models import Site

    from wagtail_villeslumieres.models import NetworkMember, NetworkPage

    home = Site.objects.get(is_default_site=True).root_page
    network = home.add_child(
        instance=NetworkPage(title="Benchmark network", slug="benchmark", campaign=campaign)
    )
    network.save_revision().publish()
    NetworkMember.objects.bulk_create(
        NetworkMember(
            network=network,
            name=hub.title,
            region=hub.region,
            status="active",
            url=origin
            + reverse(
                "wagtail_villeslumieres:counter_hub_json",
                kwargs={"slug": campaign.slug, "hub": hub.pk},
            ),
        )
        for hub in hubs
    )
    return network


def measured_pull(label, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail_villeslumieres.counter import network as pulling

    # The build logged queries (DEBUG): a full log would hide the pull's.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = pulling.pull(network)
        elapsed = time.perf_counter() - started
    writes = sum(
        1 for query in queries if query["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    )
    print(
        f"{label:<30} {elapsed:7.2f} s  {len(queries):5d} queries  {writes:5d} writes  ({report})"
    )
    return elapsed, len(queries), writes, report


def throughput(url, seconds):
    count = 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            response.read()
        count += 1
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="per round and address")
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="vl-benchmark-network-")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "villeslumieres_demo.settings",
            "DATABASE_URL": f"sqlite:///{directory}/benchmark.sqlite3",
            "WAGTAILADMIN_BASE_URL": origin,
        }
    )
    # The workers and this process share Redis (REDIS_URL, default 127.0.0.1:6379), as a
    # production site does; the demo's file cache culls past 300 entries, which 600
    # hubs' counters exceed.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ["CACHE_KEY_PREFIX"] = f"vl-benchmark-network-{os.getpid()}"
    import django

    django.setup()
    campaign, hubs = timed(
        f"build: demo + {args.hubs} hubs, a session each", lambda: build(args.hubs)
    )
    network = make_network(campaign, hubs, origin)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--chdir",
            str(ROOT / "example_site"),
            "-w",
            "2",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "villeslumieres_demo.wsgi",
        ],
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{origin}/villeslumieres/counter/marathon-2016.json")  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        print(f"\nPulling {len(hubs)} members over HTTP from one local server (gunicorn, 2x4):")
        full = measured_pull("full pull", network)
        unchanged = measured_pull("all-unchanged pull (304)", network)
        if unchanged[2]:
            raise SystemExit("an unchanged pull wrote to the database")

        from django.urls import reverse

        network_url = origin + reverse(
            "wagtail_villeslumieres:counter_hub_json",
            kwargs={"slug": campaign.slug, "hub": network.pk},
        )
        commune_url = origin + reverse(
            "wagtail_villeslumieres:counter_hub_json",
            kwargs={"slug": campaign.slug, "hub": hubs[0].pk},
        )
        sizes = {}
        for name, url in (("network", network_url), ("commune", commune_url)):  # warm both
            sizes[name] = len(urllib.request.urlopen(url).read())  # noqa: S310
        rates = {"network": [], "commune": []}
        for number in range(args.rounds):
            # Each goes first in every other round, so that neither gains from its place.
            order = ("network", "commune") if number % 2 == 0 else ("commune", "network")
            for name in order:
                url = network_url if name == "network" else commune_url
                rates[name].append(throughput(url, args.seconds))
        network_rate = statistics.median(rates["network"])
        commune_rate = statistics.median(rates["commune"])
        print("\nWarm JSON, sequential requests, median of interleaved rounds:")
        network_label = f"network JSON ({len(hubs)} members, {sizes['network']} bytes)"
        print(f"{network_label:<40} {network_rate:8.0f} req/s")
        commune_label = f"commune counter JSON ({sizes['commune']} bytes)"
        print(f"{commune_label:<40} {commune_rate:8.0f} req/s")
        print(f"{'ratio network / commune':<40} {network_rate / commune_rate:8.2f}")
        print(
            f"\nfull pull {full[0]:.2f} s ({full[1]} queries, {full[2]} writes); "
            f"unchanged pull {unchanged[0]:.2f} s ({unchanged[1]} queries, 0 writes)"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
