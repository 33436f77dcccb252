"""A commitment past its target date while still planned or in progress is overdue:
said in words on its page and its card, and in the CSV and JSON exports."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone, translation

from tests.factories import make_commitment, make_commitment_index, make_commitment_update
from tests.helpers import requires_i18n

pytestmark = pytest.mark.django_db

D = datetime.date
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def commitment_index(hub):
    return make_commitment_index(hub)


def commitment(commitment_index, *, target_date, status="in-progress", slug="engagement"):
    return make_commitment(
        commitment_index,
        slug=slug,
        target_date=target_date,
        start_date=D(2017, 1, 1),
        updates=[make_commitment_update(D(2017, 1, 26), "Début", status=status, progress=10)],
    )


@pytest.mark.parametrize("status", ["planned", "in-progress"])
def test_an_open_commitment_past_its_target_date_is_overdue(commitment_index, status):
    assert commitment(commitment_index, target_date=YESTERDAY, status=status).is_overdue


@pytest.mark.parametrize("status", ["achieved", "abandoned"])
def test_a_finished_commitment_is_never_overdue(commitment_index, status):
    assert not commitment(commitment_index, target_date=D(2018, 1, 1), status=status).is_overdue


def test_a_commitment_due_tomorrow_or_without_target_date_is_not_overdue(commitment_index):
    assert not commitment(commitment_index, target_date=TOMORROW).is_overdue
    assert not commitment(commitment_index, target_date=None, slug="sans-date").is_overdue


@requires_i18n
def test_the_commitment_page_says_overdue_in_words(client, commitment_index):
    page = commitment(commitment_index, target_date=YESTERDAY)
    html = client.get(page.url).content.decode()
    assert '<strong class="vl-overdue">Échéance dépassée</strong>' in html


def test_the_card_on_the_index_says_overdue_and_a_timely_one_does_not(client, commitment_index):
    commitment(commitment_index, target_date=YESTERDAY, slug="en-retard")
    html = client.get(commitment_index.url).content.decode()
    assert html.count('class="vl-overdue"') == 1
    commitment(commitment_index, target_date=TOMORROW, slug="a-temps")
    html = client.get(commitment_index.url).content.decode()
    assert html.count('class="vl-overdue"') == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", "Streefdatum verstreken"), ("de", "Zieldatum überschritten")],
)
def test_the_overdue_words_are_translated(language, words):
    with translation.override(language):
        assert translation.gettext("Past its target date") == words


def test_the_csv_export_has_an_is_overdue_column(client, commitment_index):
    commitment(commitment_index, target_date=YESTERDAY, slug="en-retard")
    commitment(commitment_index, target_date=TOMORROW, slug="a-temps")
    text = client.get(commitment_index.url + "export/csv/").content.decode("utf-8-sig")
    rows = {
        row["url"].rstrip("/").rsplit("/", 1)[1]: row for row in csv.DictReader(io.StringIO(text))
    }
    assert rows["en-retard"]["is_overdue"] == "true"
    assert rows["a-temps"]["is_overdue"] == "false"


def test_the_json_export_has_an_is_overdue_key(client, commitment_index):
    commitment(commitment_index, target_date=YESTERDAY)
    data = json.loads(client.get(commitment_index.url + "export/json/").content)
    assert data["commitments"][0]["is_overdue"] is True
