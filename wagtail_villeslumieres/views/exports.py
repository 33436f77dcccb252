"""Open data: a commitment index's filtered list as CSV and as JSON.

Both are served below the index page (``<index>/export/csv/``,
``<index>/export/json/``) and read the same GET filters as the page, through
``listings.commitments.filter_commitments``. Column names and JSON keys are documented in
docs/reference/open-data.md: change them only with a changelog entry.
"""

import csv

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language

from ..listings.commitments import filter_commitments
from ..spreadsheets import neutralise_formula
from ..timeline import oldest_first

#: The CSV columns, in order; also the keys of each commitment in the JSON.
CSV_COLUMNS = [
    "id",
    "title",
    "url",
    "summary",
    "category",
    "category_slug",
    "scope",
    "scope_label",
    "status",
    "status_label",
    "progress",
    "start_date",
    "target_date",
    "last_update_date",
    "responsible_service",
    "resolution_date",
    "resolution_reference",
    "resolution_url",
    "adopted_individual_url",
    "is_overdue",
]


def commitment_record(commitment, request):
    """One commitment as open data: a dict with the keys of ``CSV_COLUMNS``."""
    individual = commitment.adopted_individual
    return {
        "id": commitment.pk,
        "title": commitment.title,
        "url": commitment.get_full_url(request),
        "summary": commitment.summary,
        "category": commitment.category.name,
        "category_slug": commitment.category.slug,
        "scope": commitment.scope,
        "scope_label": str(commitment.get_scope_display()),
        "status": commitment.status,
        "status_label": str(commitment.get_status_display()),
        "progress": commitment.progress,
        "start_date": commitment.start_date,
        "target_date": commitment.target_date,
        "last_update_date": commitment.last_update_date,
        "responsible_service": commitment.responsible_service,
        "resolution_date": commitment.resolution_date,
        "resolution_reference": commitment.resolution_reference,
        "resolution_url": _absolute(request, commitment.resolution_link),
        "adopted_individual_url": (
            individual.get_full_url(request) if individual is not None and individual.live else ""
        ),
        "is_overdue": commitment.is_overdue,
    }


def update_record(update):
    """One progress update as open data."""
    return {
        "date": update.date,
        "title": update.title,
        "text": update.text,
        "status": update.status or None,
        "progress": update.progress,
        "link": update.link,
    }


def _absolute(request, url):
    if url and url.startswith("/"):
        return request.build_absolute_uri(url)
    return url


def _filename(commitment_index, extension):
    return f"{commitment_index.slug}.{extension}"


def commitments_csv(request, commitment_index):
    """The filtered list as CSV: UTF-8 with a byte order mark, one row per commitment."""
    _all, commitments, _filters = filter_commitments(commitment_index, request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(commitment_index, "csv")}"'
    response["Access-Control-Allow-Origin"] = "*"
    # Without the byte order mark, spreadsheet software guesses a legacy encoding
    # and garbles accented names such as “Walcourt – Intégration”.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for commitment in commitments:
        record = commitment_record(commitment, request)
        writer.writerow([neutralise_formula(_csv_value(record[column])) for column in CSV_COLUMNS])
    return response


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def commitments_json(request, commitment_index):
    """The filtered list as JSON, each commitment with its timeline (oldest first)."""
    _all, commitments, filters = filter_commitments(commitment_index, request)
    commitments = commitments.prefetch_related("updates")
    hub = commitment_index.get_hub()
    data = {
        "index": {
            "title": commitment_index.title,
            "url": commitment_index.get_full_url(request),
            "holder": hub.holder_name if hub else "",
            "language": commitment_index.locale.language_code,
        },
        "generated_at": timezone.now(),
        "filters": filters.as_dict(),
        "count": 0,
        "commitments": [],
    }
    for commitment in commitments:
        record = commitment_record(commitment, request)
        record["updates"] = [update_record(u) for u in oldest_first(commitment.updates.all())]
        data["commitments"].append(record)
    data["count"] = len(data["commitments"])
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Language"] = get_language() or ""
    return response
