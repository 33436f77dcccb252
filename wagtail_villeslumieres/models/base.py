"""What every page type of the package shares."""

from django.conf import settings
from wagtail.models import Page

from ..conf import vl_settings


class VillesLumieresPageMixin:
    """Lets the site choose the base template every package page extends."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["vl_base_template"] = vl_settings.BASE_TEMPLATE
        context["vl_translations"] = self.get_published_translations()
        return context

    def get_published_translations(self):
        """This page in every language it is published in, in the order of LANGUAGES.

        Empty when internationalisation is off or the page exists in one language only.
        Feeds the ``hreflang`` alternates and the language switcher (one query).
        """
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return []
        pages = list(self.get_translations(inclusive=True).live().public().select_related("locale"))
        if len(pages) < 2:
            return []
        order = [code for code, _name in settings.LANGUAGES]

        def position(page):
            code = page.locale.language_code
            return order.index(code) if code in order else len(order)

        return sorted(pages, key=position)

    def get_hub(self):
        """The ``VilleLumieresPage`` this page belongs to (itself for a hub)."""
        from .hub import VilleLumieresPage

        if isinstance(self, VilleLumieresPage):
            return self
        return VilleLumieresPage.objects.ancestor_of(self).first()


__all__ = ["Page", "VillesLumieresPageMixin"]
