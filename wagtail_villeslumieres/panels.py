"""Admin panel of a letter campaign: ready-to-copy embed code and a live preview.

Declared in ``LetterCampaign.panels``. It edits nothing: it shows, for each
counter style, the code to paste into another website (the frame with the
loader script that fits its height, and the plain frame), and the embed itself.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class EmbedCodePanel(Panel):
    """The campaign's embed code for each style, ready to copy, with a preview."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Embed the counter on another website"))
        kwargs.setdefault(
            "help_text",
            _(
                "Copy one of these codes into the other website's page (in WordPress, a "
                "“Custom HTML” block). The number updates by itself. Pasting this "
                "campaign's counter address into WordPress works too."
            ),
        )
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_villeslumieres/admin/embed_code_panel.html"

        def get_context_data(self, parent_context=None):
            from .views.api import default_language
            from .views.embed import STYLES, embed_code

            context = super().get_context_data(parent_context)
            campaign = self.instance
            saved = bool(campaign is not None and campaign.pk and campaign.slug)
            context["saved"] = saved
            if not saved or self.request is None:
                return context
            base_url = self.request.build_absolute_uri("/").rstrip("/")
            language = default_language(campaign)
            labels = {
                "number": _("The number"),
                "progress": _("The number and progress toward the goal"),
                "breakdown": _("The number and what it is made of"),
            }
            context["styles"] = [
                {
                    "style": style,
                    "label": labels.get(style, style),
                    "code": embed_code(base_url, campaign.slug, style, language, campaign.name),
                    "prefix": f"{self.prefix}-{style}",
                }
                for style in STYLES
            ]
            context["json_url"] = base_url + campaign_json_path(campaign.slug)
            return context


def campaign_json_path(slug):
    from django.urls import reverse

    return reverse("wagtail_villeslumieres:counter_json", kwargs={"slug": slug})
