"""The test site's pages: the home page (the site root the hubs sit below, as on a
commune's site) and a content page of the site's own with the package's counter block."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_villeslumieres.blocks import LetterCounterBlock


class HomePage(Page):
    """The site root; the "Ville lumières" hub sits below it."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]


class ContentPage(Page):
    """A page type of the commune's own, whose body may show a letter counter block."""

    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("letter_counter", LetterCounterBlock()),
            (
                "aside",
                blocks.StructBlock(
                    [("heading", blocks.CharBlock()), ("counter", LetterCounterBlock())]
                ),
            ),
        ],
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
