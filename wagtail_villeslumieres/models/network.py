"""A network of counters: one total from many labelled places' own sites.

A ``NetworkPage`` (the section's national counter, say) sums the counters of its
``NetworkMember`` rows for one campaign: each member is another site's counter
JSON (pulled over HTTP by ``counter.network``) or a hub of this same install
(read from the running totals). Its figures are published at the counter's usual
addresses with the network's page ID in place of a hub's, so networks nest.

A page rather than a snippet: the network gets translations, a public URL in each
language, the sitemap, page permissions and publishing for free. Its members are
rows of their own, not an inline of the page: a pull writes their figures, which
must never create page revisions nor be overwritten by publishing one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from ..counter.fetch import UnsafeAddress, check_url_shape
from .base import HubTreePageMixin
from .hub import Region
from .letters import LetterCampaign


class MemberKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    CITY = "city", _("City")
    UNIVERSITY = "university", _("University")
    SECTION = "section", _("Section")


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class NetworkPage(HubTreePageMixin, Page):
    """A network's public page: its total, its members, their map and the total over time.

    Anywhere in a site's tree except below a hub (a hub's ``subpage_types`` does
    not name it). Its counter's addresses are a hub's with the network's page ID:
    ``counter/<campaign-slug>/<network-page-id>.json``, the embed with
    ``hub=<network-page-id>``, and oEmbed of this page's address.
    """

    campaign = models.ForeignKey(
        LetterCampaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="networks",
        help_text=_(
            "The campaign every member counts for. Members' counters of another "
            "campaign are refused."
        ),
    )
    goal = models.PositiveIntegerField(
        _("goal"),
        null=True,
        blank=True,
        help_text=_("The network's own goal. Leave empty to use the campaign's goal."),
    )
    intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_("A sentence or two shown above the network's total."),
    )

    subpage_types = []
    template = "wagtail_villeslumieres/network/network_page.html"
    description_field = "intro"

    search_fields = Page.search_fields + [index.SearchField("intro")]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("campaign"), FieldPanel("goal")]),
        FieldPanel("intro"),
    ]

    class Meta:
        verbose_name = _("network of counters")
        verbose_name_plural = _("networks of counters")

    def get_hub(self):
        """The page whose counter this page shows (oEmbed discovery): the network itself."""
        return self

    @property
    def network_goal(self):
        return self.goal or self.campaign.goal

    def get_context(self, request, *args, **kwargs):
        from ..views.network import network_context

        return network_context(self, request, super().get_context(request, *args, **kwargs))


class NetworkMember(models.Model):
    """One labelled place counted by a network: another site's counter, or a local hub."""

    network = models.ForeignKey(
        NetworkPage,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.COMMUNE
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("For the map, for example 50.25402 (Walcourt)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("For the map, for example 4.43325 (Walcourt)."),
    )
    url = models.URLField(
        _("counter address"),
        max_length=500,
        blank=True,
        help_text=_(
            "The address of the member's counter on its own site: its JSON, its embed "
            "address, or its hub page. Leave empty for a hub of this site."
        ),
    )
    local_hub = models.ForeignKey(
        "wagtail_villeslumieres.HubPage",
        verbose_name=_("hub of this site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_memberships",
        help_text=_("A hub of this site, read directly instead of over the web."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MemberStatus.choices,
        default=MemberStatus.PENDING,
        help_text=_(
            "Only active members are pulled and counted. A paused member keeps its "
            "figures but is not counted."
        ),
    )
    # What the pulls found (never edited by hand).
    json_url = models.URLField(
        _("counter JSON address"), max_length=500, blank=True, editable=False
    )
    figures = models.JSONField(_("last figures"), null=True, blank=True, editable=False)
    figures_at = models.DateTimeField(_("figures read at"), null=True, blank=True, editable=False)
    includes = models.JSONField(_("includes"), default=list, blank=True, editable=False)
    etag = models.CharField(_("ETag"), max_length=200, blank=True, editable=False)
    pulled_at = models.DateTimeField(_("last change pulled"), null=True, blank=True, editable=False)
    error = models.TextField(_("last error"), blank=True, editable=False)
    error_at = models.DateTimeField(_("error since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    panels = [
        FieldPanel("network"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        MultiFieldPanel(
            [FieldPanel("url"), FieldPanel("local_hub")],
            heading=_("Counter"),
            help_text=_("Either the address of another site's counter, or a hub of this site."),
        ),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["network", "status"], name="vl_member_network_status")]

    def __str__(self):
        return self.name

    @property
    def is_stale(self):
        """Figures kept from an earlier pull: the last one failed."""
        return bool(self.error) and self.figures is not None

    def clean(self):
        super().clean()
        if bool(self.url) == bool(self.local_hub_id):
            raise ValidationError(
                _("Give either the address of another site's counter, or a hub of this site.")
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        if self.url:
            try:
                check_url_shape(self.url)
            except UnsafeAddress as error:
                raise ValidationError({"url": error.message}) from None
        if self.url != getattr(self, "_loaded_url", self.url):
            # Another address: what was found at the old one no longer applies.
            self.json_url = ""
            self.etag = ""

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        if "url" in field_names:
            instance._loaded_url = instance.url
        return instance


class NetworkSnapshot(models.Model):
    """A network's total after a pull that changed it: the total over time."""

    network = models.ForeignKey(
        NetworkPage, verbose_name=_("network"), on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_at = models.DateTimeField(_("taken at"), db_index=True)
    total = models.BigIntegerField(_("total"))
    members = models.PositiveIntegerField(_("members counted"))

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["taken_at"]

    def __str__(self):
        return f"{self.network_id} {self.taken_at:%Y-%m-%d %H:%M}: {self.total}"


class FollowedNetwork(models.Model):
    """A network's counter hubs show beside their own: pulled like a member, one row per address."""

    url = models.URLField(_("network counter address"), max_length=500, unique=True)
    figures = models.JSONField(_("last figures"), null=True, blank=True)
    etag = models.CharField(_("ETag"), max_length=200, blank=True)
    pulled_at = models.DateTimeField(_("last change pulled"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("followed network")
        verbose_name_plural = _("followed networks")

    def __str__(self):
        return self.url
