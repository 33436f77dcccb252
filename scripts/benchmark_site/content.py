"""The benchmark's content and actions, run in their own process by ``scripts/benchmark.py``.

``python -m benchmark_site.content prepare``: on top of the demo, 200 commitments in
the first hub's commitment index and a bare page (a leaf of the demo's home page
type: the same base template as every page, and nothing else); prints the
addresses to measure as one JSON line.
``python -m benchmark_site.content save CAMPAIGN HUB``: saves a writing session (as an editor
would), then sets the recomputes counter (``benchmark_site.wsgi``) to 0.
``python -m benchmark_site.content recomputes``: prints that counter.
"""

import datetime
import json
import sys

import django

COMMITMENTS = 200


def path_of(page):
    return page.get_url_parts()[2]


def prepare():
    from django.utils import timezone
    from wagtail.models import Site

    from home.models import HomePage
    from wagtail_villeslumieres.models import (
        AdoptedIndividualPage,
        CommitmentCategory,
        CommitmentIndexPage,
        CommitmentPage,
        CommitmentUpdate,
        HubPage,
        LetterCampaign,
        WritingSession,
    )

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    bare = HomePage.objects.child_of(home).filter(slug="bare").first()
    if bare is None:
        bare = home.add_child(instance=HomePage(title="Page", slug="bare", live=True))
    hub = HubPage.objects.descendant_of(home).live().order_by("path").first()
    commitment_index = CommitmentIndexPage.objects.child_of(hub).first()
    categories = list(CommitmentCategory.objects.order_by("pk"))
    existing = CommitmentPage.objects.child_of(commitment_index).count()
    today = datetime.date.today()
    for number in range(existing, COMMITMENTS):
        commitment = CommitmentPage(
            title=f"Engagement numéro {number + 1}",
            slug=f"engagement-{number + 1}",
            summary="La commune s'engage, et rend compte de chaque étape.",
            category=categories[number % len(categories)],
            start_date=today - datetime.timedelta(days=400),
            target_date=today + datetime.timedelta(days=number),
            live=True,
        )
        commitment.updates = [
            CommitmentUpdate(
                date=today - datetime.timedelta(days=300 - step * 100),
                title=f"Étape {step + 1}",
                status="in-progress",
                progress=20 * (step + 1),
            )
            for step in range(3)
        ]
        commitment_index.add_child(instance=commitment)
    individual = AdoptedIndividualPage.objects.child_of(hub).live().order_by("path").first()
    commitment = CommitmentPage.objects.child_of(commitment_index).live().order_by("path").first()
    campaign = LetterCampaign.objects.filter(locale=hub.locale).order_by("-starts_on").first()
    session = WritingSession.objects.filter(hub=hub, is_public=True).order_by("pk").first()
    if session is None:
        session = WritingSession.objects.create(
            campaign=campaign,
            hub=hub,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
            place_name="Bibliothèque",
            is_public=True,
        )
    hub_path = path_of(hub)
    index_path = path_of(commitment_index)
    embed = f"/villeslumieres/embed/counter/{campaign.slug}/"
    print(
        json.dumps(
            {
                "bare": path_of(bare),
                "hub": hub_path,
                "individual": path_of(individual),
                "index": index_path,
                "commitment": path_of(commitment),
                "agenda": hub_path + hub.reverse_subpage("agenda"),
                "agenda_ical": hub_path + hub.reverse_subpage("agenda_ical"),
                "session_ical": hub_path + hub.reverse_subpage("session_ical", args=[session.pk]),
                "letter_kit": path_of(individual) + individual.reverse_subpage("letter_kit"),
                "index_csv": index_path + commitment_index.reverse_subpage("export_csv"),
                "index_json": index_path + commitment_index.reverse_subpage("export_json"),
                "index_rss": index_path + commitment_index.reverse_subpage("feed_rss"),
                "index_atom": index_path + commitment_index.reverse_subpage("feed_atom"),
                "home": path_of(home),
                "json": f"/villeslumieres/counter/{campaign.slug}.json",
                "hub_json": f"/villeslumieres/counter/{campaign.slug}/{hub.pk}.json",
                "embed": embed + "?style=progress",
                "campaign": campaign.pk,
                "hub_id": hub.pk,
            }
        )
    )


def save(campaign_id, hub_id):
    from django.core.cache import cache
    from django.utils import timezone

    from benchmark_site import RECOMPUTES_KEY
    from wagtail_villeslumieres.models import WritingSession

    WritingSession.objects.create(
        campaign_id=int(campaign_id),
        hub_id=int(hub_id),
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
        place_name="Maison communale",
        letters=12,
    )
    cache.set(RECOMPUTES_KEY, 0, None)


def recomputes():
    from django.core.cache import cache

    from benchmark_site import RECOMPUTES_KEY

    print(cache.get(RECOMPUTES_KEY, 0))


if __name__ == "__main__":
    django.setup()
    {"prepare": prepare, "save": save, "recomputes": recomputes}[sys.argv[1]](*sys.argv[2:])
