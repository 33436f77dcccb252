"""The example site's home page: the commune's site root."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_villeslumieres.blocks import LetterCounterBlock
from wagtail_villeslumieres.models import HubPage
from wagtail_villeslumieres.views.languages import translations_context


class HomePage(Page):
    """The site root; the "Ville lumières" hub sits below it, as on a real commune site."""

    intro = models.TextField(blank=True)
    #: The site's own blocks and the package's letter counter: pasting the home page's
    #: address into WordPress embeds its first counter.
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link"])),
            ("letter_counter", LetterCounterBlock()),
        ],
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    def get_context(self, request, *args, **kwargs):
        """The commune's "Ville lumières" hub, which the home page leads to."""
        context = super().get_context(request, *args, **kwargs)
        # Its translations for the head (hreflang) and the language switcher.
        context.update(translations_context(self, request))
        hub = HubPage.objects.child_of(self).live().public().first()
        context["hub"] = hub
        others = self.get_children().live().public().specific()
        context["other_pages"] = others.exclude(pk=hub.pk) if hub else others
        return context
