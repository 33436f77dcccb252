"""StreamField blocks of the package's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .counter import styles


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source, for testimonies and statements."""

    quote = blocks.TextBlock(label=_("Quote"), max_length=1000)
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        max_length=255,
        help_text=_("Who said or wrote it, for example “Albert Woodfox, 2016”."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_villeslumieres/blocks/quote.html"
        preview_value = {
            "quote": _("Every letter counts."),
            "attribution": "Amnesty International",
        }


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text, an optional caption and a credit."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    credit = blocks.CharBlock(
        label=_("Photo credit"),
        required=False,
        max_length=255,
        help_text=_("Photographer or source, as the licence requires."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_villeslumieres/blocks/image.html"


class LetterCounterBlock(blocks.StructBlock):
    """A letter campaign's counter: plain number, progress toward the goal, or breakdown.

    The figures come from ``counter.totals.for_campaign``; the page renders with the same
    number of queries however many sessions were recorded.
    """

    campaign = SnippetChooserBlock(
        "wagtail_villeslumieres.LetterCampaign",
        label=_("Campaign"),
    )
    hub = blocks.PageChooserBlock(
        label=_("Hub"),
        page_type="wagtail_villeslumieres.HubPage",
        required=False,
        help_text=_("Count only this hub's sessions. Leave empty for the whole campaign."),
    )
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=styles.choices,
        default="progress",
    )
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=120,
        help_text=_("Shown above the number. Leave empty to show the campaign's name."),
    )

    class Meta:
        icon = "mail"
        label = _("Letter counter")
        template = "wagtail_villeslumieres/blocks/letter_counter.html"


class BodyBlock(blocks.StreamBlock):
    """The body of the package's pages."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        form_classname="title",
        icon="title",
        template="wagtail_villeslumieres/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    embed = EmbedBlock(
        label=_("Embedded media"),
        help_text=_("Link to a video or a post, for example on YouTube or Vimeo."),
        icon="media",
    )
    letter_counter = LetterCounterBlock()

    class Meta:
        label = _("Body")
