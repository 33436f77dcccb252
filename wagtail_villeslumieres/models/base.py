"""What every page type of the package shares."""

from wagtail.models import Page

from ..conf import vl_settings


class VillesLumieresPageMixin:
    """Lets the site choose the base template every package page extends."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["vl_base_template"] = vl_settings.BASE_TEMPLATE
        return context

    def get_hub(self):
        """The ``VilleLumieresPage`` this page belongs to (itself for a hub)."""
        from .hub import VilleLumieresPage

        if isinstance(self, VilleLumieresPage):
            return self
        return VilleLumieresPage.objects.ancestor_of(self).first()


__all__ = ["Page", "VillesLumieresPageMixin"]
