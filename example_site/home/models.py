"""The example site's home page: the commune's site root."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The site root; the "Ville lumières" hub sits below it, as on a real commune site."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        """The commune's "Ville lumières" hub, which the home page leads to."""
        from wagtail_villeslumieres.models import HubPage

        context = super().get_context(request, *args, **kwargs)
        hub = HubPage.objects.child_of(self).live().public().first()
        context["hub"] = hub
        others = self.get_children().live().public().specific()
        context["other_pages"] = others.exclude(pk=hub.pk) if hub else others
        return context
