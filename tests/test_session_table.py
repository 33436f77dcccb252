"""Several writing sessions at once: a table of rows in one submission, and the import of
the same rows from a CSV or XLSX file. Every row valid or nothing saved; saved as a
single session is (running totals, audit log)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_campaign, make_home, make_hub
from tests.test_counter_admin import make_editor
from wagtail_villeslumieres.admin.views import IMPORT_ACTION
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.counter.signals import COUNTS_ACTION
from wagtail_villeslumieres.models import LetterTotal, WritingSession, WritingSessionLogEntry

pytestmark = pytest.mark.django_db

RECORD_URL = "wagtail_villeslumieres_admin:record_sessions"
IMPORT_URL = "wagtail_villeslumieres_admin:import_sessions"
TEMPLATE_URL = "wagtail_villeslumieres_admin:sessions_template"

HEADINGS = ["Place", "Date", "Starts at", "Ends at", "Letters", "Children's drawings"]


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def other_site_hub():
    return make_hub(make_home(hostname="ath"), title="Ath, Ville lumières", slug="ath")


def school_rows(count):
    """``count`` school sessions on 9 December 2016, each with a different count."""
    return [
        {
            "place_name": f"École {number}",
            "day": "2016-12-09",
            "start": "09:00",
            "end": "10:30",
            "letters": str(number),
            "drawings": "",
        }
        for number in range(1, count + 1)
    ]


def table_data(campaign, hub, rows, *, total=None, **extra):
    data = {
        "hub": str(hub.pk),
        "campaign": str(campaign.pk),
        "rows-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "rows-INITIAL_FORMS": "0",
        **extra,
    }
    for index, row in enumerate(rows):
        data.update({f"rows-{index}-{name}": value for name, value in row.items()})
    return data


def row_errors(response):
    return {
        index: {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        for index, form in enumerate(response.context["rows"].forms)
        if form.errors
    }


def test_ten_sessions_are_recorded_in_one_submission(admin_client, superuser, campaign, hub):
    response = admin_client.post(reverse(RECORD_URL), table_data(campaign, hub, school_rows(10)))

    assert response.status_code == 302
    assert WritingSession.objects.count() == 10
    assert set(WritingSession.objects.values_list("entered_by", flat=True)) == {superuser.pk}
    assert totals.for_campaign(campaign, hub).total == sum(range(1, 11))
    assert LetterTotal.objects.get().sessions == 10


def test_each_recorded_session_is_logged_as_a_single_one_is(admin_client, superuser, campaign, hub):
    admin_client.post(reverse(RECORD_URL), table_data(campaign, hub, school_rows(2)))

    entries = WritingSessionLogEntry.objects.filter(user=superuser)
    assert entries.filter(action="wagtail.create").count() == 2
    assert entries.filter(action=COUNTS_ACTION).count() == 2


def test_one_invalid_row_saves_nothing_and_its_error_is_on_its_row(admin_client, campaign, hub):
    rows = school_rows(10)
    rows[6]["end"] = "08:00"

    response = admin_client.post(reverse(RECORD_URL), table_data(campaign, hub, rows))

    assert response.status_code == 200
    assert row_errors(response) == {6: {"end": ["The session cannot end before it starts."]}}
    assert "The session cannot end before it starts." in response.content.decode()
    assert WritingSession.objects.count() == 0
    assert LetterTotal.objects.count() == 0


def test_a_row_outside_the_campaign_has_its_error_on_the_date(admin_client, campaign, hub):
    rows = school_rows(1)
    rows[0]["day"] = "2016-11-02"
    response = admin_client.post(reverse(RECORD_URL), table_data(campaign, hub, rows))
    assert list(row_errors(response)[0]) == ["day"]
    assert not WritingSession.objects.exists()


def test_a_negative_count_in_a_row_gets_one_error(admin_client, campaign, hub):
    rows = school_rows(1)
    rows[0]["letters"] = "-4"
    response = admin_client.post(reverse(RECORD_URL), table_data(campaign, hub, rows))
    assert row_errors(response) == {
        0: {"letters": ["Ensure this value is greater than or equal to 0."]}
    }


def test_add_a_row_shows_one_more_row_and_saves_nothing(admin_client, campaign, hub):
    data = table_data(campaign, hub, school_rows(2), add_row="1")

    response = admin_client.post(reverse(RECORD_URL), data)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows.total_form_count() == 3
    assert rows.forms[1]["place_name"].value() == "École 2"
    assert not WritingSession.objects.exists()


def test_blank_rows_are_left_out(admin_client, campaign, hub):
    data = table_data(campaign, hub, school_rows(3), total=6)
    admin_client.post(reverse(RECORD_URL), data)
    assert WritingSession.objects.count() == 3


def test_a_table_without_a_filled_row_asks_for_one(admin_client, campaign, hub):
    response = admin_client.post(reverse(RECORD_URL), table_data(campaign, hub, [], total=5))
    assert [str(e) for e in response.context["rows"].non_form_errors()] == [
        "Fill in at least one row."
    ]


def test_the_table_starts_with_the_editors_hub_and_the_current_campaign(
    client, campaign, hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub])
    client.force_login(editor)
    response = client.get(reverse(RECORD_URL))
    form = response.context["table_form"]
    assert form["hub"].value() == hub.pk
    assert form["campaign"].value() == campaign.pk
    assert response.context["rows"].total_form_count() == 5


def test_a_limited_editor_cannot_record_sessions_for_another_hub(
    client, campaign, hub, other_site_hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub])
    client.force_login(editor)
    response = client.post(
        reverse(RECORD_URL), table_data(campaign, other_site_hub, school_rows(2))
    )
    assert response.status_code == 200
    assert "hub" in response.context["table_form"].errors
    assert not WritingSession.objects.exists()


def test_editors_who_may_not_add_sessions_are_refused(client, campaign, hub, django_user_model):
    editor = make_editor(django_user_model, session_perms=["change"], pages=[hub])
    client.force_login(editor)
    urls = [reverse(RECORD_URL), reverse(IMPORT_URL), reverse(TEMPLATE_URL)]
    for url in urls:
        response = client.get(url)
        # Wagtail's admin turns a refusal into a redirect home, with a message.
        assert (response.status_code, response.get("Location")) == (
            302,
            reverse("wagtailadmin_home"),
        )
    client.post(urls[0], table_data(campaign, hub, school_rows(1)))
    assert not WritingSession.objects.exists()


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


def csv_file(rows, name="sessions.csv", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="sessions.xlsx"):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADINGS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def file_rows(count):
    return [[f"École {n}", "09/12/2016", "9h00", "10h30", n, ""] for n in range(1, count + 1)]


def import_file(client, campaign, hub, upload):
    data = {"hub": str(hub.pk), "campaign": str(campaign.pk), "file": upload}
    return client.post(reverse(IMPORT_URL), data)


def confirm(client, preview):
    """Posts the preview's table back, as its "Import the sessions" button does."""
    data = {}
    table_form, rows = preview.context["table_form"], preview.context["rows"]
    for form in (table_form, rows.management_form, *rows.forms):
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
    return client.post(reverse(RECORD_URL), data)


def test_an_imported_file_is_shown_to_check_and_nothing_is_saved_yet(admin_client, campaign, hub):
    response = import_file(admin_client, campaign, hub, csv_file(file_rows(10)))

    assert response.status_code == 200
    assert response.context["rows"].is_valid()
    assert len(response.context["rows"].filled_forms()) == 10
    assert not WritingSession.objects.exists()


def test_ten_sessions_are_imported_from_one_file_and_the_log_names_it(
    admin_client, superuser, campaign, hub
):
    preview = import_file(admin_client, campaign, hub, csv_file(file_rows(10), delimiter=";"))

    response = confirm(admin_client, preview)

    assert response.status_code == 302
    assert WritingSession.objects.count() == 10
    assert totals.for_campaign(campaign).total == sum(range(1, 11))
    imported = WritingSessionLogEntry.objects.filter(action=IMPORT_ACTION, user=superuser)
    assert imported.count() == 10
    assert {entry.data["source"] for entry in imported} == {"sessions.csv"}
    assert sorted(entry.data["row"] for entry in imported) == list(range(2, 12))


def test_a_spreadsheet_with_one_bad_row_saves_nothing_and_names_the_row(
    admin_client, campaign, hub
):
    rows = file_rows(10)
    rows[3][4] = -5  # row 5 of the file

    preview = import_file(admin_client, campaign, hub, xlsx_file(rows))

    assert preview.status_code == 200
    assert row_errors(preview) == {
        3: {"letters": ["Ensure this value is greater than or equal to 0."]}
    }
    assert 'id="session-row-5"' in preview.content.decode()
    assert not WritingSession.objects.exists()
    # The rows posted back as they are: still refused, still nothing saved.
    assert confirm(admin_client, preview).status_code == 200
    assert not WritingSession.objects.exists()


def test_an_xlsx_file_with_real_dates_and_times_is_read(admin_client, campaign, hub):
    rows = [["Bibliothèque", datetime.datetime(2016, 12, 9), datetime.time(14), 0.6875, 12, 3]]
    preview = import_file(admin_client, campaign, hub, xlsx_file(rows))
    confirm(admin_client, preview)
    session = WritingSession.objects.get()
    assert (session.letters, session.drawings) == (12, 3)
    assert timezone.localtime(session.starts_at).strftime("%d/%m %H:%M") == "09/12 14:00"
    assert timezone.localtime(session.ends_at).strftime("%H:%M") == "16:30"


def test_a_file_without_a_date_column_is_refused(admin_client, campaign, hub):
    upload = SimpleUploadedFile("s.csv", b"Place,Letters\nEcole,3\n")
    response = import_file(admin_client, campaign, hub, upload)
    assert "start from the template" in str(response.context["form"].errors["file"])


def test_a_file_of_another_kind_is_refused(admin_client, campaign, hub):
    upload = SimpleUploadedFile("s.pdf", b"%PDF-1.4")
    response = import_file(admin_client, campaign, hub, upload)
    assert "Choose a CSV or XLSX file" in str(response.context["form"].errors["file"])


def test_a_limited_editor_cannot_import_into_another_hub(
    client, campaign, hub, other_site_hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub])
    client.force_login(editor)
    response = import_file(client, campaign, other_site_hub, csv_file(file_rows(2)))
    assert "hub" in response.context["form"].errors
    assert not WritingSession.objects.exists()
    # Nor by posting the checked table with the other hub.
    data = table_data(campaign, other_site_hub, school_rows(2), source="sessions.csv")
    client.post(reverse(RECORD_URL), data)
    assert not WritingSession.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_file_has_the_columns_an_import_reads(admin_client, campaign, hub, kind):
    response = admin_client.get(reverse(TEMPLATE_URL), {"export": kind})
    assert response.status_code == 200
    upload = SimpleUploadedFile(f"template.{kind}", response.content)
    # The template with two rows added imports them.
    if kind == "csv":
        content = response.content.decode() + "École 1,2016-12-09,09:00,10:00,4,1\n"
        upload = SimpleUploadedFile("template.csv", content.encode())
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        workbook.active.append(["École 1", "2016-12-09", "09:00", "10:00", 4, 1])
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("template.xlsx", buffer.getvalue())
    preview = import_file(admin_client, campaign, hub, upload)
    assert preview.context["rows"].is_valid()
    assert confirm(admin_client, preview).status_code == 302
    assert WritingSession.objects.get().total == 5
