"""Editors deciding on the same report at once, on PostgreSQL: it is applied once.

Skipped on SQLite (one writer at a time by design); CI runs the suite on PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import make_campaign, make_home, make_hub
from tests.test_concurrency import run_in_threads
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import SessionReport, WritingSession

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EDITORS = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")


def test_a_group_report_confirmed_by_several_editors_at_once_adds_one_session(
    django_user_model,
):
    hub = make_hub(make_home())
    campaign = make_campaign()
    link = reporting.create_link(
        hub=hub, campaign=campaign, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    starts = timezone.make_aware(datetime.datetime(2016, 12, 11, 14))
    report = reporting.submit(
        SessionReport(
            link=link,
            place_name="Salle des fêtes",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            letters=40,
        )
    )
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "x")
    outcomes = []

    def confirm():
        try:
            reporting.confirm(SessionReport.objects.get(pk=report.pk), editor)
            outcomes.append("confirmed")
        except reporting.AlreadyDecided:
            outcomes.append("already decided")

    run_in_threads([confirm] * EDITORS)
    assert sorted(outcomes) == ["already decided"] * (EDITORS - 1) + ["confirmed"]
    assert WritingSession.objects.count() == 1
    assert totals.for_campaign(campaign, hub).total == 40
    assert totals.differences() == []
