"""The adopted individual at risk: who they are, what happens to them, how to help.

Every labelled place officially adopts an individual at risk and campaigns for
them all year. ``AdoptedIndividualPage`` lives below the hub; its dated
``CaseUpdate`` timeline drives the page's current situation.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..admin.page_forms import TimelinePageForm
from ..admin.panels import ConsentReviewPanel, TranslationsPanel
from ..blocks import BodyBlock
from ..conf import vl_settings
from ..links import WebLinkField
from ..timeline import latest_setting
from .base import HubTreePageMixin, TimelineStateMixin
from .hub import InHubMixin


class Situation(models.TextChoices):
    """Where the person's case stands; set by the latest case update that names one."""

    AT_RISK = "at-risk", _("At risk")
    DETAINED = "detained", _("Detained")
    ON_TRIAL = "on-trial", _("On trial")
    SENTENCED = "sentenced", _("Sentenced")
    DISAPPEARED = "disappeared", _("Disappeared")
    RELEASED = "released", _("Released")
    CHARGES_DROPPED = "charges-dropped", _("Charges dropped")


#: Situations in which the person is free: the page says so prominently and the
#: action kit stops asking for appeals.
FREE_SITUATIONS = frozenset({Situation.RELEASED, Situation.CHARGES_DROPPED})


class Theme(models.TextChoices):
    """The human right at stake, in the words of Amnesty International's campaigns."""

    EXPRESSION = "expression", _("Freedom of expression")
    ASSEMBLY = "assembly", _("Freedom of assembly")
    DEFENDERS = "defenders", _("Human rights defenders")
    TORTURE = "torture", _("Torture and ill-treatment")
    DEATH_PENALTY = "death-penalty", _("Death penalty")
    FAIR_TRIAL = "fair-trial", _("Right to a fair trial")
    REFUGEES = "refugees", _("Refugees and migrants")
    DISCRIMINATION = "discrimination", _("Discrimination")
    WOMEN = "women", _("Women's rights")
    LGBTI = "lgbti", _("LGBTI rights")
    INDIGENOUS = "indigenous", _("Indigenous peoples' rights")


def validate_not_in_future(value):
    """Refuse a date after today: a case update records what already happened."""
    if value and value > timezone.localdate():
        raise ValidationError(
            _("This date is in the future. Record an update once it has happened."),
            code="future_date",
        )


class AdoptedIndividualPage(
    RoutablePageMixin, TimelineStateMixin, InHubMixin, HubTreePageMixin, Page
):
    """The individual at risk a labelled place adopted, with the "how to act" kit.

    Its ``letter-kit/`` route serves the kit ready to print for writing sessions.

    ``situation`` and ``situation_since`` are not edited directly: they follow the
    latest dated case update that sets a situation (``TimelineStateMixin``).
    """

    # Who
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        help_text=_(
            "The person's name as Amnesty International writes it, for example “Phyoe Phyoe Aung”."
        ),
    )
    country = models.CharField(
        _("country"),
        max_length=100,
        help_text=_(
            "Only the country, for example “Myanmar”. Never write a town, a prison or an "
            "address that could help someone find the person or their family."
        ),
    )
    theme = models.CharField(
        _("theme"),
        max_length=30,
        choices=Theme.choices,
        help_text=_("The human right at stake in this case."),
    )
    adopted_since = models.DateField(
        _("adopted since"),
        help_text=_("The date the council or the college officially adopted the person."),
    )
    adoption_ended_on = models.DateField(
        _("adoption ended on"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty while the commune still campaigns for this person. Once filled, "
            "the hub lists the person under earlier years."
        ),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "Two or three sentences: who the person is and why they are at risk. Shown at "
            "the top of the page, on the hub and in search results."
        ),
    )
    story = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("story"),
        help_text=_("The person's story in more detail: text, quotes, images, videos."),
    )
    situation = models.CharField(
        _("current situation"),
        max_length=30,
        choices=Situation.choices,
        default=Situation.AT_RISK,
        help_text=_(
            "Follows the latest case update that changes the situation. To change it, add "
            "an update in the “Timeline” tab."
        ),
    )
    situation_since = models.DateField(
        _("situation since"),
        null=True,
        blank=True,
        help_text=_("The date of the case update that set the current situation."),
    )

    # Portrait, shown only once publication is cleared
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Use the photo Amnesty International publishes for this case. It stays hidden "
            "until you tick “publication consent confirmed” below."
        ),
    )
    portrait_alt_text = models.CharField(
        _("portrait description"),
        max_length=255,
        blank=True,
        help_text=_(
            "Describe the photo for people who cannot see it, for example “Phyoe Phyoe Aung "
            "smiling, holding a bunch of flowers”. Required when the portrait is shown."
        ),
    )
    portrait_credit = models.CharField(
        _("photo credit"),
        max_length=255,
        blank=True,
        help_text=_("Photographer or source, for example “© Amnesty International”."),
    )
    publication_consent = models.BooleanField(
        _("publication consent confirmed"),
        default=False,
        help_text=_(
            "Tick only after Amnesty International Belgium (or the person's family or "
            "lawyer) confirmed that the photo may be published. Visibility can protect a "
            "person or endanger them."
        ),
    )
    publication_cleared_on = models.DateField(
        _("publication cleared on"),
        null=True,
        blank=True,
        help_text=_(
            "The date this confirmation was given. You will be reminded to check it again "
            "after a year."
        ),
    )

    # The "how to act" kit
    authority_name = models.CharField(
        _("authority to write to"),
        max_length=255,
        blank=True,
        help_text=_(
            "Title and name, for example “President of the Republic of the Union of Myanmar”."
        ),
    )
    authority_address = models.TextField(
        _("authority's postal address"),
        max_length=500,
        blank=True,
        help_text=_("The full postal address, one line per line of the envelope."),
    )
    salutation = models.CharField(
        _("salutation"),
        max_length=120,
        blank=True,
        help_text=_("How to open the letter, for example “Dear President,”."),
    )
    letter_language = models.CharField(
        _("language to write in"),
        max_length=100,
        blank=True,
        help_text=_("For example “English, or your own language”."),
    )
    copies_to = models.TextField(
        _("copies to"),
        max_length=500,
        blank=True,
        help_text=_(
            "Who should receive a copy, with the address, for example the country's "
            "embassy in Brussels."
        ),
    )
    appeal_deadline = models.DateField(
        _("appeal deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The last day letters are useful. After it, the page stops asking for letters "
            "and says the appeal is closed."
        ),
    )
    sample_letter = models.TextField(
        _("sample letter"),
        max_length=5000,
        blank=True,
        help_text=_(
            "A short, polite letter citizens can copy. Keep Amnesty International's "
            "wording; do not add where the person is held."
        ),
    )
    solidarity_address = models.TextField(
        _("address for solidarity cards"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where citizens send cards of support to the person. Use only the address "
            "Amnesty International gives (often its own office), never a home address."
        ),
    )
    suggested_message = models.TextField(
        _("suggested message"),
        max_length=280,
        blank=True,
        help_text=_(
            "A short message to share by e-mail or on social media (280 characters at most)."
        ),
    )
    case_reference = models.CharField(
        _("case reference"),
        max_length=60,
        blank=True,
        help_text=_(
            "Amnesty International's reference of the action, for example “ASA 16/5043/2016”."
        ),
    )
    amnesty_case_url = WebLinkField(
        _("Amnesty case page"),
        blank=True,
        help_text=_("Link to Amnesty International's page about this case."),
    )

    parent_page_types = ["wagtail_villeslumieres.HubPage"]
    subpage_types = []
    # wagtail-localize: what a translation copies instead of translating (see
    # docs/reference/translation.md). Texts, dates, choices and URLs keep its defaults.
    override_translatable_fields = [
        # The person's name is the same in every language; a translator may still
        # override it where the language transliterates it differently.
        SynchronizedField("full_name"),
        # Publication consent covers one photo: a translation can neither swap the
        # photo nor show it when the original withdrew consent.
        SynchronizedField("portrait", overridable=False),
        SynchronizedField("publication_consent", overridable=False),
        SynchronizedField("publication_cleared_on", overridable=False),
        # A credit names the photographer or source, in whatever language it has.
        SynchronizedField("portrait_credit"),
        # Amnesty International's reference of the action is the same everywhere.
        SynchronizedField("case_reference", overridable=False),
    ]
    template = "wagtail_villeslumieres/individuals/adopted_individual_page.html"
    description_field = "summary"
    base_form_class = TimelinePageForm
    timeline_relation = "case_updates"
    timeline_fields = ("situation",)
    derived_fields = ("situation", "situation_since")

    search_fields = Page.search_fields + [
        index.SearchField("full_name", boost=3),
        index.AutocompleteField("full_name"),
        index.SearchField("country"),
        index.SearchField("summary"),
        index.SearchField("story"),
        index.FilterField("situation"),
    ]

    content_panels = Page.content_panels + [
        TranslationsPanel(),
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel("adopted_since"), FieldPanel("adoption_ended_on")]),
                FieldRowPanel(
                    [
                        FieldPanel("situation", read_only=True),
                        FieldPanel("situation_since", read_only=True),
                    ]
                ),
            ],
            heading=_("The person"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                ConsentReviewPanel(heading=_("Publication consent to review")),
                FieldPanel("portrait"),
                FieldPanel("portrait_alt_text"),
                FieldPanel("portrait_credit"),
                FieldRowPanel(
                    [FieldPanel("publication_consent"), FieldPanel("publication_cleared_on")]
                ),
            ],
            heading=_("Portrait"),
        ),
        FieldPanel("story"),
    ]
    action_panels = [
        HelpPanel(
            content=_(
                "<p>Copy these details from Amnesty International's action sheet for the "
                "case. Empty fields are not shown on the page.</p>"
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("authority_name"),
                FieldPanel("authority_address"),
                FieldRowPanel([FieldPanel("salutation"), FieldPanel("letter_language")]),
                FieldPanel("copies_to"),
                FieldPanel("appeal_deadline"),
            ],
            heading=_("Letter to the authorities"),
        ),
        FieldPanel("sample_letter"),
        FieldPanel("solidarity_address"),
        FieldPanel("suggested_message"),
        FieldRowPanel([FieldPanel("case_reference"), FieldPanel("amnesty_case_url")]),
    ]
    timeline_panels = [
        InlinePanel(
            "case_updates",
            heading=_("Case updates"),
            label=_("Update"),
            help_text=_(
                "Add an update each time something happens: an arrest, a trial, a "
                "release. The page shows the newest first, and the current situation "
                "follows the latest update that changes it."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(action_panels, heading=_("Action kit")),
            ObjectList(timeline_panels, heading=_("Timeline")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("adopted individual")
        verbose_name_plural = _("adopted individuals")

    def __str__(self):
        return self.full_name or self.title

    # Situation, derived from the timeline

    def derive_state(self, entries, starting):
        """The situation set by the latest dated update that sets one, and its date.

        Updates on the same day keep the editor's order: the lower one in the list wins.
        """
        update = latest_setting(entries, "situation")
        if update is None:
            return {"situation": Situation.AT_RISK, "situation_since": None}
        return {"situation": update.situation, "situation_since": update.date}

    def clean(self):
        super().clean()
        errors = {}
        if self.publication_consent:
            if self.portrait_id and not self.portrait_alt_text.strip():
                errors["portrait_alt_text"] = _(
                    "Describe the portrait for people who cannot see it: a consented "
                    "portrait is shown on the page, and needs this text."
                )
            if not self.publication_cleared_on:
                errors["publication_cleared_on"] = _(
                    "Give the date publication was cleared, so that it can be reviewed in time."
                )
        if self.publication_cleared_on and self.publication_cleared_on > timezone.localdate():
            errors["publication_cleared_on"] = _("This date is in the future.")
        if (
            self.adoption_ended_on
            and self.adopted_since
            and self.adoption_ended_on < self.adopted_since
        ):
            errors["adoption_ended_on"] = _("The adoption cannot end before it began.")
        if errors:
            raise ValidationError(errors)

    # What templates and listings read

    @property
    def is_free(self):
        return self.situation in FREE_SITUATIONS

    @property
    def is_current(self):
        """Still campaigned for: the adoption has not ended."""
        return self.adoption_ended_on is None

    @property
    def public_portrait(self):
        """The portrait, only when publication is cleared and it has a description."""
        if self.publication_consent and self.portrait_id and self.portrait_alt_text.strip():
            return self.portrait
        return None

    @property
    def consent_review_due(self):
        """True once the publication clearance is older than ``CONSENT_REVIEW_DAYS``."""
        if not (self.publication_consent and self.publication_cleared_on):
            return False
        age = timezone.localdate() - self.publication_cleared_on
        return age > datetime.timedelta(days=vl_settings.CONSENT_REVIEW_DAYS)

    @property
    def appeal_deadline_passed(self):
        return bool(self.appeal_deadline and self.appeal_deadline < timezone.localdate())

    @property
    def appeal_is_open(self):
        """Letters to the authorities are still useful: not free, deadline not passed."""
        return not self.is_free and not self.appeal_deadline_passed

    @property
    def letter_kit_url(self):
        """The printable letter kit's URL, relative to the site like ``Page.url``.

        ``None`` while the page has no URL (not yet saved, or outside every site).
        """
        url = self.url
        return None if url is None else url + self.reverse_subpage("letter_kit")

    @path("letter-kit/", name="letter_kit")
    def letter_kit(self, request):
        from ..views.letter_kit import letter_kit

        return letter_kit(request, self)

    def get_context(self, request, *args, **kwargs):
        from ..views.pages import individual_context

        context = individual_context(self, request, super().get_context(request, *args, **kwargs))
        portrait = self.public_portrait
        if portrait is not None:
            # Social networks need an absolute URL; only a consented portrait gets one.
            rendition = portrait.get_rendition("fill-1200x630|stripmeta")
            context["og_image_url"] = request.build_absolute_uri(rendition.url)
        return context


class CaseUpdate(TranslatableMixin, Orderable):
    """One dated event of the case; it may change the person's situation."""

    page = ParentalKey(AdoptedIndividualPage, on_delete=models.CASCADE, related_name="case_updates")
    date = models.DateField(
        _("date"),
        validators=[validate_not_in_future],
        help_text=_("When it happened (not when you write it)."),
    )
    title = models.CharField(
        _("what happened"),
        max_length=150,
        help_text=_("A short headline, for example “Released after 18 months in prison”."),
    )
    text = models.TextField(
        _("details"),
        max_length=1500,
        blank=True,
        help_text=_(
            "A few sentences, from Amnesty International's public updates. No place of "
            "detention or residence unless Amnesty published it."
        ),
    )
    situation = models.CharField(
        _("changes the situation to"),
        max_length=30,
        choices=Situation.choices,
        blank=True,
        help_text=_("Leave empty if the situation stays the same."),
    )
    source_url = WebLinkField(
        _("source"),
        blank=True,
        help_text=_("Link to the public news or Amnesty update this comes from."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("situation")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("source_url"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("case update")
        verbose_name_plural = _("case updates")

    def __str__(self):
        return f"{self.date}: {self.title}"
