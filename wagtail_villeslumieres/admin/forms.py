"""The writing-session form: quick to fill in on a phone, limited to the user's hubs."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..counter import totals
from ..models.hub import HubPage
from ..models.letters import KINDS, LetterCampaign, WritingSession
from .permissions import hubs_for_user


def _with_language(label, obj):
    # A hub or campaign and its translations would otherwise read the same in the list.
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return f"{label} · {obj.locale.language_code}"
    return label


class HubChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _with_language(obj.title, obj)


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _with_language(f"{obj.name} ({obj.year})", obj)


class NativeDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker: the quickest on a phone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class WritingSessionForm(WagtailAdminModelForm):
    """Limits hubs to the user's own, fills in sensible defaults, records who entered it."""

    hub = HubChoiceField(
        queryset=HubPage.objects.none(),
        label=_("Hub"),
        help_text=_("The labelled commune, city or university the session counts for."),
        error_messages={
            "invalid_choice": _(
                "Choose one of your own hubs: you can record sessions only for the hubs "
                "of the sites you edit."
            )
        },
    )
    campaign = CampaignChoiceField(
        queryset=LetterCampaign.objects.none(),
        label=_("Campaign"),
    )

    class Meta:
        model = WritingSession
        fields = [
            "hub",
            "campaign",
            "place_name",
            "starts_at",
            "ends_at",
            *KINDS,
            "street_address",
            "postal_code",
            "locality",
            "country",
            "is_public",
            "public_note",
            "note",
        ]
        widgets = {
            "starts_at": NativeDateTimeInput(),
            "ends_at": NativeDateTimeInput(),
            **{kind: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}) for kind in KINDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        hubs = hubs_for_user(user).select_related("locale").order_by("title", "pk")
        self.fields["hub"].queryset = hubs
        self.fields["campaign"].queryset = LetterCampaign.objects.select_related("locale").order_by(
            "-starts_on", "name"
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = NativeDateTimeInput()
        if self.instance._state.adding and not self.is_bound:
            self._set_defaults(hubs)

    def _set_defaults(self, hubs):
        campaign = totals.current_campaign()
        if campaign is not None:
            self.initial.setdefault("campaign", campaign.pk)
        own_hubs = list(hubs[:2])
        if len(own_hubs) == 1:
            self.initial.setdefault("hub", own_hubs[0].pk)
        # Most sessions are recorded the day they take place: today, two hours up to now.
        end = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        self.initial.setdefault("ends_at", end)
        self.initial.setdefault("starts_at", end - datetime.timedelta(hours=2))

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if self.instance._state.adding and user is not None and user.is_authenticated:
            self.instance.entered_by = user
        return cleaned_data
