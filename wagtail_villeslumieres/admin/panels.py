"""Edit-view panels that models declare next to their fields.

- ``EmbedCodePanel`` (a letter campaign): ready-to-copy embed code and a preview.
- ``ConsentReviewPanel`` (an adopted individual): a warning once the portrait's
  publication clearance needs a fresh look.
- ``TranslationsPanel`` (the package's pages): links to the page's translations.

Models import this module, so it imports no model of the package.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel, Panel

from ..conf import vl_settings
from ..counter import styles
from ..counter.embed_code import embed_code, json_path
from ..counter.languages import default_language
from .translations import translations_of


class EmbedCodePanel(Panel):
    """The campaign's embed code for each style, ready to copy, with a preview.

    It edits nothing: it shows, for each counter style, the code to paste into
    another website (the frame with the loader script that fits its height, and
    the plain frame), and the embed itself.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Embed the counter on another website"))
        kwargs.setdefault(
            "help_text",
            _(
                "Paste the counter's address into the other website, or copy one of these "
                "codes into its page. The number updates by itself."
            ),
        )
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_villeslumieres/admin/embed_code_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            campaign = self.instance
            saved = bool(campaign is not None and campaign.pk and campaign.slug)
            context["saved"] = saved
            if not saved or self.request is None:
                return context
            base_url = self.request.build_absolute_uri("/").rstrip("/")
            language = default_language(campaign)
            context["styles"] = [
                {
                    "style": style.name,
                    "label": style.label,
                    "code": embed_code(
                        base_url, campaign.slug, style.name, language, campaign.name
                    ),
                    "prefix": f"{self.prefix}-{style.name}",
                }
                for style in styles.STYLES.values()
            ]
            context["json_url"] = base_url + json_path(campaign.slug)
            return context


class ConsentReviewPanel(HelpPanel):
    """A warning in the edit view once the publication clearance needs a fresh look."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "wagtail_villeslumieres/admin/consent_review_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self):
            return bool(getattr(self.instance, "consent_review_due", False))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            context["review_days"] = vl_settings.CONSENT_REVIEW_DAYS
            return context


class TranslationsPanel(Panel):
    """The page in its other languages, each a link to its edit view.

    Wagtail lists them too, behind "Switch locales" in the status side panel; this
    shows them where an editor of a bilingual commune looks first.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Translations"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_villeslumieres/admin/translations_panel.html"

        def is_shown(self):
            page = self.instance
            return bool(page is not None and page.pk and self.translations)

        @property
        def translations(self):
            if not hasattr(self, "_translations"):
                self._translations = translations_of(self.instance)
            return self._translations

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["translations"] = self.translations
            return context
