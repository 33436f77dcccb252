"""The writing-session form: quick to fill in on a phone, limited to the user's hubs."""

import datetime

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from ..counter import totals
from ..counter.languages import pick_translation
from ..models.hub import HubPage
from ..models.letters import KIND_LABELS, KINDS, NO_COUNT, LetterCampaign, WritingSession
from .permissions import session_permissions


class FoldedTranslationsIterator(forms.models.ModelChoiceIterator):
    """The choices of a ``FoldedTranslationsChoiceField``: one per object and its translations."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.folded():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.folded()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.folded())


class FoldedTranslationsChoiceField(forms.ModelChoiceField):
    """One choice per object and its translations, labelled in the editor's language.

    A hub or a campaign and its translations share one total (``counter.totals``
    sums by ``translation_key``), so they are one choice. The choice offered, and
    stored, is the translation in the language the admin speaks to the editor, else
    in the site's default language, else the first; an edited session keeps the
    translation it has. Any translation in the queryset is accepted when posted.
    """

    iterator = FoldedTranslationsIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: Primary keys shown for their translations (an edited session's own choice).
        self.kept = set()
        #: The editor's language, read when the form is built (choices render later).
        self.language = None

    def folded(self):
        groups = {}
        for obj in self.queryset:
            groups.setdefault(obj.translation_key, []).append(obj)
        try:
            default = Locale.get_default().language_code
        except Locale.DoesNotExist:
            default = None
        language = self.language or translation.get_language()
        return [
            next((obj for obj in candidates if obj.pk in self.kept), None)
            or pick_translation(candidates, language, default)
            for candidates in groups.values()
        ]

    def shown_for(self, obj):
        """The choice standing for ``obj`` and its translations (``None`` if not offered)."""
        return next(
            (found for found in self.folded() if found.translation_key == obj.translation_key),
            None,
        )


class HubChoiceField(FoldedTranslationsChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class CampaignChoiceField(FoldedTranslationsChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.year})"


class NativeDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker: the quickest on a phone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def stale_session_message(current):
    """What an editor reads when someone else saved the session since they opened it."""
    counts = ", ".join(f"{KIND_LABELS[kind]} {getattr(current, kind)}" for kind in KINDS)
    return _(
        "Another editor saved this session while you were editing it, so your changes "
        "were not saved. It now counts: %(counts)s. Reload the page to edit the latest "
        "version."
    ) % {"counts": counts}


class WritingSessionForm(WagtailAdminModelForm):
    """Limits hubs to the user's own, fills in sensible defaults, records who entered it.

    Editing is optimistic: ``version`` carries the ``updated_at`` the editor opened;
    a save of an older version is refused with the newer counts (checked in
    ``clean``, and again atomically by ``claim_version`` when the view saves).
    """

    version = forms.CharField(required=False, widget=forms.HiddenInput)

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
        hubs = session_permissions.hubs_for_user(user).select_related("locale")
        hubs = hubs.order_by("title", "pk")
        self.fields["hub"].queryset = hubs
        self.fields["campaign"].queryset = LetterCampaign.objects.select_related("locale").order_by(
            "-starts_on", "name"
        )
        for name in ("hub", "campaign"):
            self.fields[name].language = translation.get_language()
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = NativeDateTimeInput()
        if self.instance._state.adding and not self.is_bound:
            self._set_defaults()
        if not self.instance._state.adding:
            self.initial["version"] = self._version_of(self.instance.updated_at)
            self.fields["hub"].kept = {self.instance.hub_id}
            self.fields["campaign"].kept = {self.instance.campaign_id}

    def _set_defaults(self):
        campaign = totals.current_campaign()
        shown = self.fields["campaign"].shown_for(campaign) if campaign is not None else None
        if shown is not None:
            self.initial.setdefault("campaign", shown.pk)
        # The editor's hub when they record for one hub (in one or more languages).
        own_hubs = self.fields["hub"].folded()
        if len(own_hubs) == 1:
            self.initial.setdefault("hub", own_hubs[0].pk)
        # Most sessions are recorded the day they take place: today, two hours up to now.
        end = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        self.initial.setdefault("ends_at", end)
        self.initial.setdefault("starts_at", end - datetime.timedelta(hours=2))

    @staticmethod
    def _version_of(updated_at):
        return updated_at.isoformat() if updated_at else ""

    def _current(self):
        return WritingSession.objects.filter(pk=self.instance.pk).first()

    def clean_version(self):
        if self.instance._state.adding:
            return None
        # The version the editor opened; a form posted without one is as old as can be.
        return self.cleaned_data.get("version") or ""

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if self.instance._state.adding and user is not None and user.is_authenticated:
            self.instance.entered_by = user
        if not self.instance._state.adding:
            current = self._current()
            if current is not None and self._version_of(current.updated_at) != cleaned_data.get(
                "version"
            ):
                raise forms.ValidationError(stale_session_message(current), code="stale")
        return cleaned_data

    def _post_clean(self):
        # A count the field refused (negative, not a number) is not zero: the model's
        # "enter at least one count" would be a second, false error for one mistake.
        refused_count = any(kind in self._errors for kind in KINDS)
        super()._post_clean()
        if refused_count and "letters" in self._errors:
            kept = [e for e in self._errors["letters"].as_data() if e.code != NO_COUNT]
            if kept:
                self._errors["letters"] = self.error_class(kept)
            else:
                del self._errors["letters"]

    def claim_version(self):
        """Take the version the editor opened, atomically; ``False`` if another save won.

        One conditional UPDATE: of two saves of the same version, the database lets one
        match the row and the other find it already changed. Call inside the
        transaction that then saves the form.
        """
        if self.instance._state.adding:
            return True
        opened = self.cleaned_data.get("version") or ""
        current = (
            WritingSession.objects.filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is None or self._version_of(current) != opened:
            return False
        claimed = WritingSession.objects.filter(pk=self.instance.pk, updated_at=current).update(
            updated_at=timezone.now()
        )
        return claimed == 1

    def add_stale_error(self):
        self.add_error(None, forms.ValidationError(stale_session_message(self._current())))
