"""Small helpers that build the objects tests need (no fixture files)."""

import datetime

from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage
from wagtail_villeslumieres.models import HolderKind, LabelAward, Region, VilleLumieresPage


def ensure_wagtail_tree(language_code="fr"):
    """The rows Wagtail's migrations create, which a transactional test's flush removes."""
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root, locale


def make_home(hostname="localhost", port=80, language_code="fr"):
    """A HomePage under the tree root, as root of the default site."""
    root, locale = ensure_wagtail_tree(language_code)
    home = root.add_child(
        instance=HomePage(title=f"Home {hostname}", slug=f"home-{hostname}-{port}", locale=locale)
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    elif site.hostname == hostname and site.port == port:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname=hostname, port=port, root_page=home)
    return home


def make_hub(parent, *, title="Walcourt, Ville lumières", slug="ville-lumieres", **fields):
    """A published hub with one label award (2016)."""
    defaults = {
        "holder_name": "Walcourt",
        "holder_kind": HolderKind.COMMUNE,
        "region": Region.WALLONIA,
        "intro": "Walcourt s'engage pour les droits humains.",
    }
    defaults.update(fields)
    hub = VilleLumieresPage(title=title, slug=slug, **defaults)
    hub.awards = [LabelAward(year=2016, date_awarded=datetime.date(2016, 12, 10))]
    parent.add_child(instance=hub)
    hub.save_revision().publish()
    hub.refresh_from_db()
    return hub
