"""The hub: a municipality's "Ville lumières" home page."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from ..admin.panels import TranslationsPanel
from ..blocks import BodyBlock
from ..links import WebLinkField
from .base import HubTreePageMixin, PostalAddress

#: The first year the section awarded the label.
FIRST_LABEL_YEAR = 2010


class HolderKind(models.TextChoices):
    CITY = "city", _("City")
    COMMUNE = "commune", _("Commune")
    UNIVERSITY = "university", _("University")


class Region(models.TextChoices):
    BRUSSELS = "brussels", _("Brussels-Capital Region")
    WALLONIA = "wallonia", _("Wallonia")
    FLANDERS = "flanders", _("Flanders")
    GERMAN_COMMUNITY = "german-community", _("German-speaking Community")


# Page models reach their views only from their routes and ``get_context``, and
# only lazily (inside the method): the one import cycle the package allows, since
# a view needs its page's model and a page answers with its views.


class HubPage(RoutablePageMixin, HubTreePageMixin, PostalAddress, Page):
    """The hub: a labelled place's page, who holds the label, since when, what it does.

    Its children are the adopted individual(s) and the commitment index. Every
    writing session, totals included, belongs to one hub. Its routes serve the
    public agenda of its writing sessions (``agenda/``), as an iCalendar feed
    (``agenda/ical/``) and one session at a time (``agenda/<id>/ical/``). Its postal
    address (``PostalAddress``) is the holder's: the town hall, or the university's
    main building.
    """

    holder_name = models.CharField(
        _("holder name"),
        max_length=120,
        help_text=_("The official name of the labelled place, for example “Walcourt”."),
    )
    holder_kind = models.CharField(
        _("kind of holder"),
        max_length=20,
        choices=HolderKind.choices,
        default=HolderKind.COMMUNE,
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    intro = models.TextField(
        _("introduction"),
        max_length=600,
        help_text=_(
            "Two or three sentences shown at the top of the page: what the label "
            "means for your commune."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    local_group_name = models.CharField(
        _("local Amnesty group"),
        max_length=120,
        blank=True,
        help_text=_("For example “Groupe Amnesty de Walcourt”."),
    )
    local_group_email = models.EmailField(_("local group e-mail"), blank=True)
    local_group_url = WebLinkField(_("local group website"), blank=True)
    local_group_details = RichTextField(
        _("how to join the local group"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Meeting place and times, who to contact, how to take part."),
    )
    campaign_url = WebLinkField(
        _("national campaign page"),
        blank=True,
        help_text=_("Link to Amnesty International Belgium's page about the label or campaign."),
    )
    # A network's total shown beside the hub's own (``counter.network.pull_followed``).
    network_url = models.URLField(
        _("network counter address"),
        max_length=500,
        blank=True,
        help_text=_(
            "The address of a network's counter (its JSON or embed address), for example "
            "the section's national counter, to show its total beside yours."
        ),
    )
    network_name = models.CharField(
        _("network name"),
        max_length=80,
        blank=True,
        help_text=_("As the sentence needs it, for example “la Belgique” or “België”."),
    )

    # A hub goes anywhere in the commune's site; its own children cannot hold one.
    # Each child page type adds itself here.
    subpage_types = [
        "wagtail_villeslumieres.AdoptedIndividualPage",
        "wagtail_villeslumieres.CommitmentIndexPage",
    ]
    template = "wagtail_villeslumieres/hub/hub_page.html"
    description_field = "intro"
    override_translatable_fields = [*PostalAddress.address_translation_fields]

    search_fields = Page.search_fields + [
        index.SearchField("holder_name"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("region"),
    ]

    content_panels = Page.content_panels + [
        TranslationsPanel(),
        MultiFieldPanel(
            [
                FieldPanel("holder_name"),
                FieldRowPanel([FieldPanel("holder_kind"), FieldPanel("region")]),
            ],
            heading=_("Label holder"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "awards",
            heading=_("Label awards"),
            label=_("Award"),
            min_num=1,
            help_text=_("Each year the label was awarded or renewed."),
        ),
    ]
    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "street_address",
                    help_text=_(
                        "The town hall's address, or the university's main building, for "
                        "example “Place de l'Hôtel de Ville 3-5”."
                    ),
                ),
                FieldRowPanel(
                    [FieldPanel("postal_code"), FieldPanel("locality"), FieldPanel("country")]
                ),
            ],
            heading=_("Postal address"),
            help_text=_(
                "Shown on the hub page and given to search engines. A translation keeps "
                "it, and may give the street and the town their name in its language."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("local_group_name"),
                FieldRowPanel([FieldPanel("local_group_email"), FieldPanel("local_group_url")]),
                FieldPanel("local_group_details"),
            ],
            heading=_("Local Amnesty group"),
        ),
        FieldPanel("campaign_url"),
        MultiFieldPanel(
            [FieldPanel("network_url"), FieldPanel("network_name")],
            heading=_("Together with a network"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(contact_panels, heading=_("Contacts")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("Ville lumières hub")
        verbose_name_plural = _("Ville lumières hubs")

    @property
    def latest_award(self):
        return max(self.award_list, key=lambda award: award.year, default=None)

    @cached_property
    def award_list(self):
        """The awards in the editor's order, read once per page view."""
        return list(self.awards.all())

    def get_hub(self):
        """The hub a page belongs to: itself."""
        return self

    def get_context(self, request, *args, **kwargs):
        from ..views.pages import hub_context

        return hub_context(self, request, super().get_context(request, *args, **kwargs))

    # Public agenda of writing sessions (views in views/agenda.py)

    @property
    def agenda_url(self):
        """The agenda page's URL, relative to the site like ``Page.url`` (``None`` if unrouted)."""
        url = self.url
        return None if url is None else url + self.reverse_subpage("agenda")

    @path("agenda/", name="agenda")
    def agenda(self, request):
        from ..views.agenda import agenda_page

        return agenda_page(request, self)

    @path("agenda/ical/", name="agenda_ical")
    def agenda_ical(self, request):
        from ..views.agenda import agenda_ical

        return agenda_ical(request, self)

    @path("agenda/<int:session_id>/ical/", name="session_ical")
    def session_ical(self, request, session_id):
        from ..views.agenda import session_ical

        return session_ical(request, self, session_id)


class InHubMixin:
    """A page below a hub (adopted individual, commitment index, commitment)."""

    def get_hub(self):
        """The ``HubPage`` this page belongs to, or ``None`` outside every hub."""
        return HubPage.objects.ancestor_of(self).first()


class LabelAward(TranslatableMixin, Orderable):
    """One year the label was awarded (or renewed) to the hub's holder."""

    page = ParentalKey(HubPage, on_delete=models.CASCADE, related_name="awards")
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_LABEL_YEAR), MaxValueValidator(2100)],
    )
    date_awarded = models.DateField(_("date awarded"), null=True, blank=True)
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("For example “Awarded at the ceremony in Namur, with 23 other holders”."),
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("date_awarded")]),
        FieldPanel("note"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("label award")
        verbose_name_plural = _("label awards")

    def clean(self):
        super().clean()
        if self.date_awarded and self.year and self.date_awarded.year != self.year:
            raise ValidationError(
                {"date_awarded": _("The date awarded must fall in the award's year.")}
            )
