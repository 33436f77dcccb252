"""Assertion helpers shared by the tests."""

import pytest


def form_errors(response):
    """Every validation message of a Wagtail admin edit form, its inline formsets included.

    Messages are returned in the active language; the test settings' admin speaks
    the site's language, so compare against ``gettext`` of the source message or
    use messages the package itself defines.
    """
    form = response.context["form"]
    messages = [str(m) for errors in form.errors.values() for m in errors]
    for formset in getattr(form, "formsets", {}).values():
        messages += [str(m) for m in formset.non_form_errors()]
        for errors in formset.errors:
            messages += [str(m) for field_errors in errors.values() for m in field_errors]
    return messages


def assert_form_error(response, expected):
    messages = form_errors(response)
    assert any(expected in message for message in messages), messages


def served_language(locale="fr"):
    """The language a page of ``locale`` is served in: its own with Wagtail's i18n on,
    the site's ``LANGUAGE_CODE`` with it off (every page then speaks the site's language)."""
    from django.conf import settings

    return locale if getattr(settings, "WAGTAIL_I18N_ENABLED", False) else settings.LANGUAGE_CODE


def _installed(app):
    from django.conf import settings

    return app in settings.INSTALLED_APPS


def _i18n_enabled():
    from django.conf import settings

    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


#: For tests of wagtail-localize's workflow (skipped on sites without it).
requires_localize = pytest.mark.skipif(
    not _installed("wagtail_localize"), reason="wagtail-localize is not installed on this site"
)
#: For tests of pages in several languages (skipped on sites with Wagtail's i18n off).
requires_i18n = pytest.mark.skipif(not _i18n_enabled(), reason="Wagtail's i18n is off")
