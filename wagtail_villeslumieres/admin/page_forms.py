"""Base forms of the package's page types (their ``base_form_class``).

Page models name these forms, so this module imports no model of the package.
"""

from types import SimpleNamespace

from wagtail.admin.forms import WagtailAdminPageForm


class TimelinePageForm(WagtailAdminPageForm):
    """Checks the state a ``TimelineStateMixin`` page will show, before anything is saved.

    The timeline's formset is validated first so that its cleaned values can be
    read here (Django caches the result, so its own errors are still shown once);
    the state is then derived from those values exactly as the page will derive
    it once saved, and the page's ``state_errors`` are shown on their fields.
    """

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        formset = self.formsets.get(model.timeline_relation)
        if formset is None or not formset.is_valid():
            return cleaned_data
        entries = [
            SimpleNamespace(
                date=form.cleaned_data["date"],
                sort_order=form.cleaned_data.get("ORDER") or position,
                **{name: form.cleaned_data.get(name) for name in model.timeline_fields},
            )
            for position, form in enumerate(formset.forms)
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("date")
        ]
        starting = {name: cleaned_data.get(name) for name in model.starting_fields}
        state = self.instance.derive_state(entries, starting)
        for field, message in self.instance.state_errors(state, cleaned_data).items():
            self.add_error(field, message)
        return cleaned_data
