"""The section's national counter: a third Site whose network federates the demo's communes.

``http://section.localhost:8000/`` while ``make demo`` runs. Its network page
("Belgique, Villes lumières") counts Walcourt and Ixelles **over HTTP**, from the
demo's own counter JSON, exactly as it would count other communes' sites: the demo's
settings allow plain ``http://`` and loopback addresses for that
(``NETWORK_ALLOW_HTTP``, ``NETWORK_ALLOWED_ADDRESSES``), which a production site
never does. Walcourt is given by its JSON address, Ixelles by its embed address
(resolved to its JSON). Two more members show the workflow: Namur waits for an
editor's approval, Leuven is paused; neither is pulled nor counted.

Pulls need the demo's server running: ``make demo`` pulls once it is up, and
``cd example_site && ../.venv/bin/python manage.py pull_network`` pulls again. Walcourt's
hub also shows the network's total beside its own ("Ensemble, la Belgique a écrit …").
"""

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.models import Locale, Page, Site

from home.demo.site import served_at
from home.models import HomePage
from wagtail_villeslumieres.models import (
    MemberKind,
    MemberStatus,
    NetworkMember,
    NetworkPage,
    Region,
)

SITE_HOSTNAME = "section.localhost"
SITE_NAME = "Amnesty International Belgique francophone"
HOME_SLUG = "section"
NETWORK_SLUG = "villes-lumieres"

#: Approximate coordinates of each place (the map's dots).
WALCOURT = (50.25402, 4.43325)
IXELLES = (50.82750, 4.37250)
NAMUR = (50.46690, 4.86746)
LEUVEN = (50.87959, 4.70093)


def load_network(walcourt_hub, ixelles_hub, campaign):
    """The section's Site, its network page and members for ``campaign`` (this season's);
    Walcourt's hub shows its total."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    campaign_slug = campaign.slug
    home = load_home(french)
    network = NetworkPage.objects.child_of(home).filter(slug=NETWORK_SLUG).first()
    if network is None:
        network = home.add_child(
            instance=NetworkPage(
                title="Belgique, Villes lumières",
                slug=NETWORK_SLUG,
                locale=french,
                campaign=campaign,
                intro=(
                    "Chaque commune, ville et université labellisée compte ses lettres sur "
                    "son propre site ; ce compteur national les additionne."
                ),
            )
        )
        network.save_revision().publish()
    hostname, port = served_at()
    origin = f"http://127.0.0.1:{port}"
    walcourt_json = origin + reverse(
        "wagtail_villeslumieres:counter_hub_json",
        kwargs={"slug": campaign_slug, "hub": walcourt_hub.pk},
    )
    members = [
        ("Walcourt", MemberKind.COMMUNE, Region.WALLONIA, WALCOURT, walcourt_json, "active"),
        ("Namur", MemberKind.CITY, Region.WALLONIA, NAMUR, "", MemberStatus.PENDING),
        ("Leuven", MemberKind.UNIVERSITY, Region.FLANDERS, LEUVEN, "", MemberStatus.PAUSED),
    ]
    if ixelles_hub is not None:
        embed = reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": campaign_slug})
        query = urlencode({"lang": "fr", "style": "progress", "hub": ixelles_hub.pk})
        members.insert(
            1,
            (
                "Ixelles",
                MemberKind.COMMUNE,
                Region.BRUSSELS,
                IXELLES,
                f"{origin}{embed}?{query}",
                MemberStatus.ACTIVE,
            ),
        )
    for name, kind, region, (latitude, longitude), url, status in members:
        if NetworkMember.objects.filter(network=network, name=name).exists():
            continue
        NetworkMember.objects.create(
            network=network,
            name=name,
            kind=kind,
            region=region,
            latitude=latitude,
            longitude=longitude,
            # The members not pulled yet point at their (fictitious) future address.
            url=url
            or f"https://www.{name.lower()}.example/villeslumieres/counter/{campaign_slug}.json",
            status=status,
        )
    if not walcourt_hub.network_url:
        walcourt_hub.network_url = origin + reverse(
            "wagtail_villeslumieres:counter_hub_json",
            kwargs={"slug": campaign_slug, "hub": network.pk},
        )
        walcourt_hub.network_name = "la Belgique"
        walcourt_hub.save_revision().publish()
    return network


def load_home(locale):
    """The section's home page, root of its own Site."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(locale=locale, slug=HOME_SLUG).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Amnesty International Belgique francophone",
                slug=HOME_SLUG,
                locale=locale,
                intro="Le site (fictif) de la section, avec le compteur national des lettres.",
            )
        )
        home.save_revision().publish()
    _hostname, port = served_at()
    site = Site.objects.filter(hostname=SITE_HOSTNAME).first() or Site(hostname=SITE_HOSTNAME)
    if (site.root_page_id, site.site_name, site.port) != (home.pk, SITE_NAME, port):
        site.root_page = home
        site.site_name = SITE_NAME
        site.port = port
        site.save()
    return home
