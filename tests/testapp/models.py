"""The test site's home page: the site root the hubs sit below, as on a commune's site."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The site root; the "Ville lumières" hub sits below it."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
