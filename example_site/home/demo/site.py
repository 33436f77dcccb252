"""The site itself: its home page, the Wagtail Site record, and the demo admin."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage
from wagtail_villeslumieres.counter.embed_code import EmbedOptions, embed_path
from wagtail_villeslumieres.models import LetterCampaign

ADMIN_USERNAME = "admin"
ADMIN_FIRST_NAME = "Claire"
ADMIN_LAST_NAME = "Dumont"
ADMIN_PASSWORD = "villeslumieres"  # a demo on 127.0.0.1 only: printed by `make demo`


def served_at():
    """The host name and port the demo is served on, read from ``WAGTAILADMIN_BASE_URL``.

    With several communes on one install, Wagtail links pages of another Site with
    that Site's host and port, so each demo Site names the address it is served at.
    """
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


def load_site():
    """Make a HomePage the root of the default Site, replacing Wagtail's welcome page."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale, depth=2, slug="walcourt").first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Commune de Walcourt",
                slug="walcourt",
                locale=locale,
                intro=(
                    "Bienvenue sur le site (fictif) de la commune de Walcourt et de ses "
                    "villages, de Fraire à Yves-Gomezée, dans la province de Namur. "
                    "Walcourt porte le label « Ville lumières » d'Amnesty International "
                    "Belgique : découvrez ses engagements, la personne qu'elle défend et "
                    "les séances d'écriture du Marathon des lettres."
                ),
            )
        )
    hostname, port = served_at()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname=hostname, port=port, is_default_site=True)
    wanted = (home.pk, settings.WAGTAIL_SITE_NAME, hostname, port)
    if (site.root_page_id, site.site_name, site.hostname, site.port) != wanted:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.hostname, site.port = hostname, port
        site.save()
    # Wagtail's own "Welcome to your new Wagtail site!" page, once replaced.
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk).type(Page).exact_type(Page):
        page.delete()
    return home


def demo_urls(hub):
    """The addresses ``load_demo`` prints: ``{"hub": ..., "admin": ..., "embed": ...}``.

    The hub's is its full URL on its Site (its language prefix included), the
    admin's is on ``WAGTAILADMIN_BASE_URL``, the embed is this hub's counter of the
    active campaign (``""`` without one).
    """
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    campaign = (
        LetterCampaign.objects.filter(locale=hub.locale, is_active=True).order_by("-year").first()
    )
    embed = ""
    if campaign is not None:
        site_root = hub.get_site().root_url
        options = EmbedOptions(hub=hub.pk)
        embed = site_root + embed_path(campaign.slug, options, hub.locale.language_code)
    return {
        "hub": hub.get_full_url(),
        "admin": base_url + reverse("wagtailadmin_home"),
        "embed": embed,
    }


def load_admin():
    """A superuser for the demo admin; its password is reset to the documented one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
    )
    changed = created or not user.check_password(ADMIN_PASSWORD)
    if changed:
        user.set_password(ADMIN_PASSWORD)
    # Wagtail's account form asks for a name: without one, changing the admin's
    # language is refused.
    if not (user.first_name and user.last_name):
        user.first_name, user.last_name = ADMIN_FIRST_NAME, ADMIN_LAST_NAME
        changed = True
    if changed:
        user.save()
    return user


def load_home_counter(home, campaign, hub):
    """The campaign's counter for Walcourt in the home page's body (a block of the
    site's own page type): pasting the home page's address elsewhere embeds it."""
    if any(block.block_type == "letter_counter" for block in home.body):
        return home
    home.body = [
        (
            "paragraph",
            RichText(
                "<p>Pendant le Marathon des lettres, Walcourt écrit pour les personnes "
                "en danger : lettres, dessins d'enfants, messages.</p>"
            ),
        ),
        (
            "letter_counter",
            {"campaign": campaign, "hub": hub, "style": "number", "heading": ""},
        ),
    ]
    home.save_revision().publish()
    return home
