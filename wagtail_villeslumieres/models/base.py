"""What the package's models share: the page mixin, the timeline mixin, the postal address."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from ..addresses import one_line, schema_org
from ..conf import vl_settings
from ..timeline import newest_first

#: Characters of a page's summary kept for its meta description.
DESCRIPTION_LENGTH = 300


class HubTreePageMixin:
    """Every page of a hub's tree (the hub included): the site's base template, translations.

    The hub is ``HubPage``; the pages below it find it with ``get_hub()``.
    """

    def get_context(self, request, *args, **kwargs):
        from ..views.languages import language_context
        from ..views.pages import tree_page_context

        context = super().get_context(request, *args, **kwargs)
        context["vl_base_template"] = vl_settings.BASE_TEMPLATE
        context["vl_main_element"] = vl_settings.MAIN_ELEMENT
        context["vl_translations"] = tree_page_context(self, request)
        context.update(language_context(self, request, context["vl_translations"]))
        context["vl_meta_description"] = self.get_meta_description()
        return context

    #: The field whose text describes the page when the editor wrote no search
    #: description (meta description, Open Graph).
    description_field = ""

    def get_meta_description(self):
        """The page's description for search engines and social networks.

        The editor's search description, else the page's summary or intro
        (``description_field``), else ``default_meta_description()``.
        """
        if self.search_description:
            return self.search_description
        text = getattr(self, self.description_field, "") if self.description_field else ""
        if not text:
            return self.default_meta_description()
        return Truncator(str(text)).chars(DESCRIPTION_LENGTH)

    def default_meta_description(self):
        """The description of a page whose editor wrote none (a sentence per page type)."""
        return ""

    def get_published_translations(self):
        """This page in every language it is published in (see ``published_translations``)."""
        return published_translations(self)


def published_translations(page):
    """``page`` in every language it is published in, in the order of LANGUAGES.

    Empty when internationalisation is off or the page exists in one language only.
    Feeds the ``hreflang`` alternates and the language switcher (one query); for any
    page type, a site's own ones included.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    pages = list(page.get_translations(inclusive=True).live().public().select_related("locale"))
    if len(pages) < 2:
        return []
    order = [code for code, _name in settings.LANGUAGES]

    def position(translation):
        code = translation.locale.language_code
        return order.index(code) if code in order else len(order)

    return sorted(pages, key=position)


class TimelineStateMixin:
    """A page whose current state follows its dated timeline (the rule is in ``timeline``).

    The state (``derived_fields``) is stored on the page so that listings and
    exports read one row per page; it is never edited directly (its panels are
    read-only). It is recomputed from the timeline in ``clean()`` (so a draft
    revision and its preview show it) and in every ``save()`` except the
    metadata-only ones (revision pointers, locks). The edit form checks the state
    the page will show before anything is saved (``admin.page_forms``).
    """

    #: The child relation holding the timeline's entries (an ``InlinePanel``).
    timeline_relation = ""
    #: The entries' fields that may set the state.
    timeline_fields = ()
    #: The page's own fields the state starts from, before any entry.
    starting_fields = ()
    #: The page's stored fields computed from the timeline.
    derived_fields = ()

    def derive_state(self, entries, starting):
        """The derived fields' values (a dict) from dated ``entries`` and ``starting`` values."""
        raise NotImplementedError

    def state_errors(self, state, values):
        """Validation messages (field → message) for a ``state``, with the form's ``values``."""
        return {}

    def timeline_entries(self):
        return list(getattr(self, self.timeline_relation).all())

    def refresh_state(self):
        """Set the derived fields from the page's timeline and starting values."""
        starting = {name: getattr(self, name) for name in self.starting_fields}
        for name, value in self.derive_state(self.timeline_entries(), starting).items():
            setattr(self, name, value)

    def clean(self):
        super().clean()
        self.refresh_state()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(self.derived_fields) & set(update_fields):
            self.refresh_state()
        return super().save(*args, **kwargs)

    @cached_property
    def timeline(self):
        """The dated entries, newest first, as citizens read them."""
        return newest_first(self.timeline_entries())


class PostalAddress(models.Model):
    """A postal address in the parts schema.org reads: street, postal code, town, country.

    Shared by the hub (its town hall or main building) and the writing sessions (where
    they take place); ``addresses.split_address`` reads the parts from one line.
    """

    street_address = models.CharField(
        _("street and number"),
        max_length=255,
        blank=True,
        help_text=_("For the public agenda, for example “Rue de la Station 3”."),
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(
        _("town"), max_length=100, blank=True, help_text=_("For example “Walcourt”.")
    )
    country = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        default="BE",
        validators=[
            RegexValidator(
                r"^[A-Z]{2}$",
                _("Enter the country's two-letter code in capitals, for example “BE”."),
            )
        ],
        help_text=_("Two letters (ISO 3166), for example “BE” for Belgium."),
    )

    #: How the address follows a translation (wagtail-localize): the same place in every
    #: language, but a translation may give the street and the town their official name in
    #: its language (Brussels' streets and communes have one in French and one in Dutch).
    #: Postal code and country never change.
    address_translation_fields = [
        SynchronizedField("street_address"),
        SynchronizedField("postal_code", overridable=False),
        SynchronizedField("locality"),
        SynchronizedField("country", overridable=False),
    ]

    class Meta:
        abstract = True

    @property
    def address(self):
        """The address on one line ("Rue de la Station 3, 5650 Walcourt")."""
        return one_line(self.street_address, self.postal_code, self.locality)

    @property
    def schema_org_address(self):
        """The address as a schema.org ``PostalAddress`` dict, or ``None`` without one."""
        return schema_org(self.street_address, self.postal_code, self.locality, self.country)


__all__ = [
    "HubTreePageMixin",
    "Page",
    "PostalAddress",
    "TimelineStateMixin",
    "published_translations",
]
