"""The site itself: its home page, the Wagtail Site record, and the demo admin."""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "villeslumieres"  # a demo on 127.0.0.1 only: printed by `make demo`


def load_site():
    """Make a HomePage the root of the default Site, replacing Wagtail's welcome page."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Commune de Walcourt",
                slug="walcourt",
                locale=locale,
                intro=(
                    "Le site (fictif) de la commune de Walcourt, qui porte le label "
                    "« Ville lumières » d'Amnesty International Belgique."
                ),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk or site.site_name != settings.WAGTAIL_SITE_NAME:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    # Wagtail's own "Welcome to your new Wagtail site!" page, once replaced.
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk).type(Page).exact_type(Page):
        page.delete()
    return home


def load_admin():
    """A superuser for the demo admin; its password is reset to the documented one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
    )
    if created or not user.check_password(ADMIN_PASSWORD):
        user.set_password(ADMIN_PASSWORD)
        user.save()
    return user
