"""Every CSV the package writes opens in a spreadsheet as text, never as a formula.

One neutralisation (``wagtail_villeslumieres.spreadsheets``) serves the public
commitment export and every admin export (the letter-totals and portraits-to-review
reports, the commitment-category listing); each export is tested with each trigger.
"""

import csv
import datetime
import io

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_image,
    make_individual,
    make_session,
)
from wagtail_villeslumieres.models import HubPage
from wagtail_villeslumieres.spreadsheets import NeutralisedCSVMixin, neutralise_formula

pytestmark = pytest.mark.django_db

#: Text that a spreadsheet reads (or may read) as a formula.
TRIGGERS = {
    "equals": '=HYPERLINK("http://evil.example","clic")',
    "plus": "+33 engagements",
    "minus": "-1 engagement",
    "at": "@SUM(A1:A2)",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
    "line feed": "\n=1+1",
    "line feed before text": "\nVoir la pièce jointe",
    "space": " =1+1",
    "spaces": "   +1",
    "no-break space": "\u00a0=1+1",
    "em space": "\u2003-1",
    "ideographic space": "\u3000@SUM(A1)",
    "zero-width space": "\u200b=1+1",
    "byte order mark": "\ufeff=1+1",
    "fullwidth equals": "＝1+1",
    "fullwidth plus": "＋1",
    "fullwidth minus": "－1",
    "fullwidth at": "＠SUM(A1)",
    "space then fullwidth equals": " \u00a0＝1+1",
    "small equals": "\ufe66" + "1+1",
}
#: Text that is plain text everywhere, kept as it is.
HARMLESS = [
    "Walcourt",
    " Walcourt",
    "\u00a0Walcourt",
    "Walcourt – Intégration",
    "e-mail: groupe@example.org",
    "’t Hof van Ixelles",
    "2016-12-10",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TRIGGERS.values(), ids=TRIGGERS.keys())
def test_text_that_could_start_a_formula_is_prefixed_with_an_apostrophe(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_is_left_as_it_is(text):
    assert neutralise_formula(text) == text


@pytest.mark.parametrize("value", [60, -1, 0.5, None, datetime.date(2016, 12, 10)])
def test_values_that_are_not_text_are_left_as_they_are(value):
    assert neutralise_formula(value) == value


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))


@pytest.mark.parametrize("text", TRIGGERS.values(), ids=TRIGGERS.keys())
def test_the_commitment_export_neutralises(client, hub, text):
    index = make_commitment_index(hub)
    make_commitment(index, title=text, slug="piege", responsible_service=text)
    (row,) = csv_rows(client.get(index.url + "export/csv/"))
    assert row["title"] == row["responsible_service"] == "'" + text


@pytest.mark.parametrize("text", TRIGGERS.values(), ids=TRIGGERS.keys())
def test_the_letter_totals_report_neutralises(admin_client, hub, text):
    HubPage.objects.filter(pk=hub.pk).update(title=text)
    make_session(make_campaign(), hub, letters=12)
    response = admin_client.get(
        reverse("wagtail_villeslumieres_admin:letter_totals"), {"export": "csv"}
    )
    rows = csv_rows(response)
    assert rows[0]["Hub"] == "'" + text
    assert rows[0]["Letters"] == "12"


@pytest.mark.parametrize("text", TRIGGERS.values(), ids=TRIGGERS.keys())
def test_the_portraits_to_review_report_neutralises(admin_client, hub, text):
    make_individual(
        hub,
        full_name=text,
        portrait=make_image("Portrait"),
        portrait_alt_text="Portrait",
        publication_consent=True,
        publication_cleared_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    response = admin_client.get(
        reverse("wagtail_villeslumieres_admin:consent_review"), {"export": "csv"}
    )
    (row,) = csv_rows(response)
    assert next(iter(row.values())) == "'" + text


@pytest.mark.parametrize("text", TRIGGERS.values(), ids=TRIGGERS.keys())
def test_the_commitment_category_listing_neutralises(admin_client, locale_fr, text):
    make_commitment_category(slug="piege", name=text)
    response = admin_client.get(
        reverse("wagtailsnippets_wagtail_villeslumieres_commitmentcategory:list"),
        {"export": "csv", "q": "piege"},
    )
    (row,) = csv_rows(response)
    assert row["Name"] == "'" + text


def package_export_views():
    """(URL name, view class) of every admin view of the package that exports a
    spreadsheet: its own views, and Wagtail's generic views of the package's models."""
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, space)
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
                continue
            kwargs = getattr(pattern.callback, "view_initkwargs", {})
            model = kwargs.get("model") or getattr(view_class, "model", None)
            ours = view_class.__module__.startswith("wagtail_villeslumieres") or (
                model is not None and model._meta.app_label == "wagtail_villeslumieres"
            )
            if ours and (kwargs.get("list_export") or view_class.list_export):
                found.append((f"{namespace}{pattern.name}", view_class))

    walk(get_resolver().url_patterns)
    return found


def test_every_spreadsheet_export_of_the_package_neutralises_its_csv():
    exports = package_export_views()
    assert {name for name, _ in exports} >= {
        "wagtail_villeslumieres_admin:letter_totals",
        "wagtail_villeslumieres_admin:consent_review",
        "wagtailsnippets_wagtail_villeslumieres_commitmentcategory:list",
    }
    assert [name for name, view in exports if not issubclass(view, NeutralisedCSVMixin)] == []
