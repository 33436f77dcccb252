"""Benchmark the letter totals at campaign-day scale: ``make benchmark`` (second part).

In a throw-away PostgreSQL database (``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/vl_benchmark_totals``, dropped and created
again), builds the demo, then 600 hubs and 100 000 writing sessions over 3
campaigns (the sessions with bulk SQL, then ``rebuild_letter_totals``; each step
timed and printed). Then, in one process and in interleaved rounds, measures the
cold ``totals.for_campaign`` and ``totals.per_hub`` of the largest campaign beside
their anchor, a render of the demo's bare home page (a plain Wagtail page with the
same base template), and prints medians and ratios. Last, 50 concurrent readers
after an invalidation: how many recomputes they trigger. Nothing leaves 127.0.0.1.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "example_site"), str(ROOT)]

HUBS = 600
SESSIONS = 100_000
CAMPAIGNS = 3


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"{label:<52} {time.perf_counter() - started:8.2f} s")
    return result


def setup_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def build():
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Locale, Site

    from wagtail_villeslumieres.counter import totals
    from wagtail_villeslumieres.models import HubPage, LetterCampaign

    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    home = Site.objects.get(is_default_site=True).root_page
    locale = Locale.objects.get(language_code="fr")
    existing = LetterCampaign.objects.filter(locale=locale).count()
    for number in range(existing, CAMPAIGNS):
        LetterCampaign.objects.create(
            name=f"Marathon {2020 + number}",
            year=2020 + number,
            slug=f"marathon-{2020 + number}",
            starts_on="2020-11-25",
            ends_on="2020-12-17",
            goal=50_000,
            locale=locale,
        )

    def make_hubs():
        for number in range(HUBS - HubPage.objects.count()):
            home.add_child(
                instance=HubPage(
                    title=f"Commune {number}",
                    slug=f"commune-{number}",
                    holder_name=f"Commune {number}",
                    intro="Une commune.",
                    holder_kind="commune",
                    region="wallonia",
                    locale=locale,
                    live=True,
                )
            )

    timed(f"build {HUBS} hubs (Wagtail pages)", make_hubs)
    hub_ids = list(HubPage.objects.values_list("pk", flat=True))
    campaign_ids = list(LetterCampaign.objects.values_list("pk", flat=True))[:CAMPAIGNS]

    def insert_sessions():
        # Bulk SQL: the first campaign gets a third of the table, like the copy.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO wagtail_villeslumieres_writingsession
                    (campaign_id, hub_id, starts_at, ends_at, place_name, address, is_public,
                     letters, drawings, messages, emails, tweets, public_note, note,
                     created_at, updated_at)
                SELECT (%s::int[])[1 + n %% %s], (%s::int[])[1 + (n / 3) %% %s],
                       now(), now(), 'Bibliothèque', '', true,
                       n %% 40, n %% 7, n %% 3, 0, 0, '', '', now(), now()
                FROM generate_series(1, %s) AS n
                """,
                [campaign_ids, len(campaign_ids), hub_ids, len(hub_ids), SESSIONS],
            )
            cursor.execute("ANALYZE")

    timed(f"insert {SESSIONS} sessions (bulk SQL)", insert_sessions)
    found = timed("rebuild_letter_totals (aggregate of every session)", totals.rebuild)
    print(f"  {len(found)} running-total rows written")
    return LetterCampaign.objects.get(pk=campaign_ids[0])


def explain(campaign):
    from django.db import connection

    from wagtail_villeslumieres.models import LetterTotal

    rows = LetterTotal.objects.filter(campaign_key=campaign.translation_key)
    for label, queryset in (
        ("for_campaign (every hub)", rows),
        ("for_campaign (one hub)", rows.filter(hub_key=rows.first().hub_key)),
    ):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            print(f"EXPLAIN {label}:")
            for (line,) in cursor.fetchall():
                print("    " + line)


def interleaved(rounds, measures):
    """``{name: [seconds, ...]}``, the measures run one after the other in each round."""
    times = {name: [] for name in measures}
    for _ in range(rounds):
        for name, function in measures.items():
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    url = os.environ.get(
        "TOTALS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vl_benchmark_totals"
    )
    setup_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "villeslumieres_demo.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    import django

    django.setup()
    from django.test import Client
    from django.utils import translation

    from wagtail_villeslumieres.counter import totals

    campaign = build()
    explain(campaign)
    client = Client()
    translation.activate("fr")

    def bare_page():
        status = client.get("/fr/").status_code
        if status != 200:
            raise SystemExit(f"the bare page answered {status}")

    def cold(read):
        def measure():
            totals.invalidate()
            read()

        return measure

    bare_page()
    times = interleaved(
        args.rounds,
        {
            "bare Wagtail page render": bare_page,
            "for_campaign cold": cold(lambda: totals.for_campaign(campaign)),
            "per_hub cold (600 hubs)": cold(lambda: totals.per_hub(campaign)),
        },
    )
    anchor = statistics.median(times["bare Wagtail page render"])
    print(f"{args.rounds} interleaved rounds, medians:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<28} {median * 1000:8.2f} ms   {median / anchor:5.2f}× the bare page")

    # 50 concurrent readers after an invalidation: how many recomputes?
    calls = []
    compute = totals._compute

    def counted(*arguments):
        calls.append(1)
        return compute(*arguments)

    totals._compute = counted
    totals.for_campaign(campaign)
    calls.clear()
    totals.invalidate(*totals.campaign_scopes(campaign.translation_key))
    barrier = threading.Barrier(50)

    def reader():
        barrier.wait()
        totals.for_campaign(campaign)

    threads = [threading.Thread(target=reader) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    totals._compute = compute
    print(f"50 concurrent readers after an invalidation: {len(calls)} recompute(s)")


if __name__ == "__main__":
    main()
