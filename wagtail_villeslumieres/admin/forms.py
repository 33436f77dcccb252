"""The writing-session form: quick to fill in on a phone, limited to the user's hubs."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from ..counter import totals
from ..counter.languages import pick_translation
from ..models.hub import HubPage
from ..models.letters import KIND_LABELS, KINDS, NO_COUNT, LetterCampaign, WritingSession
from ..spreadsheets import SpreadsheetError
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


class OneErrorPerCountMixin:
    """A count the field refused (negative, not a number) is not zero: the model's
    "enter at least one count" would be a second, false error for one mistake."""

    def _post_clean(self):
        refused_count = any(kind in self._errors for kind in KINDS)
        super()._post_clean()
        if refused_count and "letters" in self._errors:
            kept = [e for e in self._errors["letters"].as_data() if e.code != NO_COUNT]
            if kept:
                self._errors["letters"] = self.error_class(kept)
            else:
                del self._errors["letters"]


def hub_field():
    return HubChoiceField(
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


def campaign_field():
    return CampaignChoiceField(queryset=LetterCampaign.objects.none(), label=_("Campaign"))


def limit_hub_and_campaign(form, user):
    """The ``hub`` and ``campaign`` fields of ``form``: the user's hubs, every campaign,
    offered in the language the admin speaks (read now: choices render later)."""
    hubs = session_permissions.hubs_for_user(user).select_related("locale")
    form.fields["hub"].queryset = hubs.order_by("title", "pk")
    form.fields["campaign"].queryset = LetterCampaign.objects.select_related("locale").order_by(
        "-starts_on", "name"
    )
    for name in ("hub", "campaign"):
        form.fields[name].language = translation.get_language()


def default_hub_and_campaign(form):
    """Pre-selects the current campaign, and the hub when the user records for one hub."""
    campaign = totals.current_campaign()
    shown = form.fields["campaign"].shown_for(campaign) if campaign is not None else None
    if shown is not None:
        form.initial.setdefault("campaign", shown.pk)
    # The editor's hub when they record for one hub (in one or more languages).
    own_hubs = form.fields["hub"].folded()
    if len(own_hubs) == 1:
        form.initial.setdefault("hub", own_hubs[0].pk)


class WritingSessionForm(OneErrorPerCountMixin, WagtailAdminModelForm):
    """Limits hubs to the user's own, fills in sensible defaults, records who entered it.

    Editing is optimistic: ``version`` carries the ``updated_at`` the editor opened;
    a save of an older version is refused with the newer counts (checked in
    ``clean``, and again atomically by ``claim_version`` when the view saves).
    """

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    hub = hub_field()
    campaign = campaign_field()

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
        limit_hub_and_campaign(self, getattr(self, "for_user", None))
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = NativeDateTimeInput()
        if self.instance._state.adding and not self.is_bound:
            self._set_defaults()
        if not self.instance._state.adding:
            self.initial["version"] = self._version_of(self.instance.updated_at)
            self.fields["hub"].kept = {self.instance.hub_id}
            self.fields["campaign"].kept = {self.instance.campaign_id}

    def _set_defaults(self):
        default_hub_and_campaign(self)
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


# ---------------------------------------------------------------------------
# Several sessions at once: a table of rows, typed in or read from a file
# ---------------------------------------------------------------------------

#: Rows a new table starts with, and the most one submission (or one file) may hold.
TABLE_ROWS = 5
MAX_ROWS = 200

#: The row's fields in the order of the table's (and the file's) columns.
ROW_FIELDS = ("place_name", "day", "start", "end", *KINDS)

#: Dates and times as editors type them and spreadsheets save them.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%HH%M", "%H.%M", "%Hh", "%HH"]


def column_labels():
    """Each row field's column heading, in the active language."""
    return {
        "place_name": _("Place"),
        "day": _("Date"),
        "start": _("Starts at"),
        "end": _("Ends at"),
        **KIND_LABELS,
    }


class SessionTableForm(forms.Form):
    """What every row of a table shares: the hub and campaign, and the file it came from."""

    hub = hub_field()
    campaign = campaign_field()
    #: The name of the imported file the rows came from (empty for rows typed in).
    source = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_hub_and_campaign(self, user)
        if not self.is_bound:
            default_hub_and_campaign(self)


class SessionImportForm(SessionTableForm):
    """The file to import, with the hub and campaign its rows count for."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or XLSX file with the template's columns, one session per row. "
            "Nothing is saved before you check the rows on the next screen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    field_order = ["hub", "campaign", "file"]


class SessionRowForm(OneErrorPerCountMixin, forms.ModelForm):
    """One row of a table of sessions: place, date, start and end, counts.

    Validated as a session of the table's hub and campaign: the model's own rules
    (inside the campaign, ends after it starts, a count once it has ended, at most
    ``MAX_COUNT_PER_SESSION``), each shown on the row's cell it is about.
    """

    day = forms.DateField(
        label=_("Date"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=_("Starts at"),
        input_formats=TIME_INPUT_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=_("Ends at"),
        input_formats=TIME_INPUT_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    #: The model's fields shown on the row's cells.
    MODEL_TO_ROW = {"starts_at": "day", "ends_at": "end"}

    class Meta:
        model = WritingSession
        fields = ["place_name", *KINDS]
        widgets = {
            kind: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "placeholder": "0"})
            for kind in KINDS
        }

    field_order = list(ROW_FIELDS)

    def __init__(self, *args, hub=None, campaign=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hub is not None:
            self.instance.hub = hub
        if campaign is not None:
            self.instance.campaign = campaign
        if user is not None and user.is_authenticated:
            self.instance.entered_by = user
        for kind in KINDS:
            # An empty cell is no letter (or drawing...): 0; a row left blank is no row.
            self.fields[kind].required = False
            self.initial.pop(kind, None)
            self.fields[kind].initial = None

    def clean(self):
        cleaned_data = super().clean()
        for kind in KINDS:
            if kind not in self._errors and cleaned_data.get(kind) is None:
                cleaned_data[kind] = 0
        day = cleaned_data.get("day")
        for time_field, model_field in (("start", "starts_at"), ("end", "ends_at")):
            time = cleaned_data.get(time_field)
            if day is not None and time is not None:
                moment = datetime.datetime.combine(day, time)
                setattr(self.instance, model_field, timezone.make_aware(moment))
        return cleaned_data

    def _update_errors(self, errors):
        # The model speaks of the session's start and end; the row of its date and end.
        if hasattr(errors, "error_dict"):
            errors = forms.ValidationError(
                {
                    self.MODEL_TO_ROW.get(name, name): found
                    for name, found in errors.error_dict.items()
                }
            )
        super()._update_errors(errors)


class BaseSessionRowFormSet(forms.BaseFormSet):
    """The rows of a table: blank rows are left out, every filled row must be valid."""

    def initial_form_count(self):
        # Every row may be left blank (an "extra" form in Django's words).
        return 0

    def clean(self):
        if any(self.errors):
            return
        if not self.filled_forms():
            raise forms.ValidationError(_("Fill in at least one row."), code="no_rows")

    def filled_forms(self):
        return [form for form in self.forms if form.has_changed()]


SessionRowFormSet = forms.formset_factory(
    SessionRowForm,
    formset=BaseSessionRowFormSet,
    extra=TABLE_ROWS,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)

#: The prefix of the rows' fields (``rows-0-place_name``...), in forms and in imports.
ROWS_PREFIX = "rows"


def session_rows(data=None, **form_kwargs):
    """The formset of a table's rows (``form_kwargs``: ``hub``, ``campaign``, ``user``)."""
    return SessionRowFormSet(data, prefix=ROWS_PREFIX, form_kwargs=form_kwargs)


def rows_data(table):
    """A table read from a file (a heading row, then rows) as the formset's posted data.

    The heading names the columns, in any order, by the template's headings in any of
    the site's languages or by the field names. Raises ``SpreadsheetError`` when a
    column is missing.
    """
    headings = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, label in column_labels().items():
                headings[_heading_key(label)] = name
    for name in ROW_FIELDS:
        headings[_heading_key(name)] = name
    columns = [headings.get(_heading_key(cell)) for cell in table[0]] if table else []
    missing = [name for name in ROW_FIELDS[:4] if name not in columns]
    if missing:
        labels = column_labels()
        raise SpreadsheetError(
            _("The file has no column %(columns)s: start from the template.")
            % {"columns": ", ".join(f"“{labels[name]}”" for name in missing)}
        )
    data = {
        f"{ROWS_PREFIX}-TOTAL_FORMS": str(len(table) - 1),
        f"{ROWS_PREFIX}-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(table[1:]):
        for name, value in zip(columns, row, strict=False):
            if name is not None:
                data[f"{ROWS_PREFIX}-{index}-{name}"] = _cell_text(name, value)
    return data


def _heading_key(text):
    return " ".join(str(text or "").split()).casefold()


def _cell_text(name, value):
    """A cell's value as the row form reads typed text."""
    if value is None:
        return ""
    if name == "day" and isinstance(value, datetime.date | datetime.datetime):
        return value.strftime("%Y-%m-%d")
    if name in ("start", "end"):
        if isinstance(value, datetime.datetime):
            value = value.time()
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        if isinstance(value, float) and 0 <= value < 1:
            # A time a spreadsheet stored as a fraction of a day.
            minutes = round(value * 24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
