"""The public list of a hub's commitments: filters, order, summary, one path for every reader.

The index page, its CSV and JSON exports and its RSS/Atom feeds read the same GET
parameters (``category``, ``status``, ``scope``, ``sort``) through
``filter_commitments``, so a link copied from the page gives the same list as data.
Unknown values are ignored (and reported on the page), never an error.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, F, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..conf import vl_settings
from ..models.commitments import CommitmentIndexPage, CommitmentScope, CommitmentStatus


def used_categories(commitments):
    """(slug, name, count) of each category the given commitments use, by name: one query."""
    rows = (
        commitments.order_by()
        .values("category__slug", "category__name")
        .annotate(count=Count("pk"))
        .order_by("category__name")
    )
    return [(row["category__slug"], row["category__name"], row["count"]) for row in rows]


class CommitmentSummary:
    """Counts of a set of commitments by status and by category, and their mean progress.

    Built from two aggregate queries whatever the number of commitments. It holds
    plain numbers only (the status labels are looked up when read, in the active
    language), so a cached summary costs the same to read whatever the number of
    commitments.
    """

    def __init__(self, commitments):
        by_status = {
            row["status"]: row
            for row in commitments.order_by()
            .values("status")
            .annotate(
                count=Count("pk"),
                progress_sum=Sum("progress"),
                with_progress=Count("progress"),
            )
        }
        self.total = sum(row["count"] for row in by_status.values())
        self.status_counts = {status: row["count"] for status, row in by_status.items()}
        with_progress = sum(row["with_progress"] for row in by_status.values())
        progress_sum = sum(row["progress_sum"] or 0 for row in by_status.values())
        self.with_progress = with_progress
        self.mean_progress = round(progress_sum / with_progress) if with_progress else None
        self._commitments = commitments

    @property
    def by_status(self):
        """(status, label, count) for every status, in the order of ``CommitmentStatus``."""
        return [
            (status, label, self.status_counts.get(status, 0))
            for status, label in CommitmentStatus.choices
        ]

    @cached_property
    def by_category(self):
        """(slug, name, count) per category used, by name."""
        return used_categories(self._commitments)

    def __getstate__(self):
        # Stored (in a cache) with its categories read, without the queryset it came
        # from: pickling a queryset would store every commitment.
        state = {**self.__dict__, "by_category": self.by_category}
        state.pop("_commitments", None)
        return state

    @classmethod
    def for_hub(cls, hub):
        """The summary of a hub's commitment index, with the index (None without one)."""
        commitment_index = CommitmentIndexPage.objects.child_of(hub).live().first()
        if commitment_index is None:
            return None
        summary = cls(commitment_index.commitments())
        summary.index = commitment_index
        return summary


#: The GET parameters that filter or sort; ``page`` only paginates the HTML list.
FILTER_PARAMETERS = ("category", "status", "scope", "sort")

SORT_TARGET = "target"
SORT_UPDATED = "updated"
SORT_CHOICES = [
    ("", _("As arranged by the commune")),
    (SORT_TARGET, _("Target date, soonest first")),
    (SORT_UPDATED, _("Latest update first")),
]
ORDERINGS = {
    "": ["path"],
    SORT_TARGET: [F("target_date").asc(nulls_last=True), "path"],
    SORT_UPDATED: [F("last_update_date").desc(nulls_last=True), "path"],
}


class CommitmentFilterForm(forms.Form):
    """The filter form of a commitment index; it works as a plain GET form."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *CommitmentStatus.choices],
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        choices=[("", _("Local and global")), *CommitmentScope.choices],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, categories=(), **kwargs):
        kwargs.setdefault("auto_id", "vl-filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", _("All categories")),
            *[(slug, name) for slug, name, *_rest in categories],
        ]


@dataclass
class CommitmentFilters:
    """The filters and order a request asked for, once unknown values are set aside."""

    category: str = ""
    status: str = ""
    scope: str = ""
    sort: str = ""
    #: (parameter, value) pairs that were not understood and so not applied.
    ignored: list = field(default_factory=list)
    #: Whether the request carried any filter or sort parameter, even an ignored one.
    has_parameters: bool = False
    categories: list = field(default_factory=list, repr=False)

    @classmethod
    def from_query(cls, query, categories):
        """Read ``query`` (a QueryDict) against the categories the index uses."""
        form = CommitmentFilterForm(query, categories=categories)
        form.is_valid()
        values, ignored = {}, []
        for name in FILTER_PARAMETERS:
            if name in form.errors:
                ignored.append((name, query.get(name, "")))
            else:
                values[name] = form.cleaned_data.get(name) or ""
        return cls(
            **values,
            ignored=ignored,
            has_parameters=any(name in query for name in FILTER_PARAMETERS),
            categories=list(categories),
        )

    def as_dict(self):
        """The applied values, without the empty ones."""
        return {name: getattr(self, name) for name in FILTER_PARAMETERS if getattr(self, name)}

    @property
    def is_filtered(self):
        return any(getattr(self, name) for name in ("category", "status", "scope"))

    def querystring(self, **changes):
        """``?…`` with the applied values and ``changes`` (a value of None removes one)."""
        values = self.as_dict()
        for name, value in changes.items():
            if value is None or value == "":
                values.pop(name, None)
            else:
                values[name] = value
        return "?" + urlencode(values) if values else ""

    def form(self):
        """The filter form showing the applied values."""
        return CommitmentFilterForm(self.as_dict(), categories=self.categories)

    def apply(self, commitments):
        """``commitments`` narrowed and ordered as asked."""
        if self.category:
            commitments = commitments.filter(category__slug=self.category)
        if self.status:
            commitments = commitments.filter(status=self.status)
        if self.scope:
            commitments = commitments.filter(scope=self.scope)
        return commitments.order_by(*ORDERINGS[self.sort])


def filter_commitments(commitment_index, request):
    """The index's commitments as the request's GET parameters ask, with the filters read.

    Returns ``(all_commitments, filtered_commitments, filters)``; both querysets are
    lazy. Costs one query for the categories whatever the number of commitments.
    """
    commitments = commitment_index.commitments()
    filters = CommitmentFilters.from_query(request.GET, used_categories(commitments))
    return commitments, filters.apply(commitments), filters


def _read(name, compute):
    return compute()


def commitment_list_context(commitment_index, request, remember=_read):
    """What the index page's template needs: summary, filters, one page of the list, links.

    ``remember(name, compute)`` returns ``compute()``, or a copy of it kept from an
    earlier request (``views.pages`` caches them): ``"summary"`` (which holds the
    categories used), ``"count:<filters>"`` and ``"page:<size>:<filters>:<number>"``.
    Names only take values the filters and the list allow (unknown filters are
    ignored, page numbers are clamped), so a visitor cannot make up new ones.
    Costs four queries uncached whatever the number of commitments, none cached.
    """
    commitments = commitment_index.commitments()

    def summarise():
        summary = CommitmentSummary(commitments)
        summary.by_category  # noqa: B018 (read now, kept with the summary)
        return summary

    summary = remember("summary", summarise)
    filters = CommitmentFilters.from_query(request.GET, summary.by_category)
    filtered = filters.apply(commitments)
    filters_name = urlencode(filters.as_dict())
    paginator = Paginator(filtered, vl_settings.COMMITMENTS_PER_PAGE)
    if filters.is_filtered:
        paginator.count = remember(f"count:{filters_name}", filtered.count)
    else:
        paginator.count = summary.total
    # As get_page(): a page number that is not a number gives the first page, one
    # out of range the last, so a stale or mistyped link still shows a list.
    try:
        number = paginator.validate_number(request.GET.get("page") or 1)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    object_list = remember(
        f"page:{paginator.per_page}:{filters_name}:{number}",
        lambda: list(paginator.page(number).object_list),
    )
    commitments_page = Page(object_list, number, paginator)
    # Both are None for a page outside every site (a preview, say): links become relative.
    base_url = commitment_index.get_full_url(request) or ""
    export_query = filters.querystring()
    if filters.has_parameters:
        canonical_url = base_url
    elif commitments_page.number > 1:
        canonical_url = base_url + "?" + urlencode({"page": commitments_page.number})
    else:
        canonical_url = base_url
    page_url = commitment_index.get_url(request) or ""
    pagination_links = {}
    if commitments_page.has_previous():
        previous_number = commitments_page.previous_page_number()
        pagination_links["previous"] = page_url + filters.querystring(
            page=previous_number if previous_number > 1 else None
        )
    if commitments_page.has_next():
        pagination_links["next"] = page_url + filters.querystring(
            page=commitments_page.next_page_number()
        )
    return {
        "commitment_filters": filters,
        "commitment_filter_form": filters.form(),
        "commitments_page": commitments_page,
        "pagination_links": pagination_links,
        "commitment_summary": summary,
        "canonical_url": canonical_url,
        # Filtered and sorted variants repeat the canonical list: keep them out of
        # search engines, while their links are still followed.
        "noindex": filters.has_parameters,
        "export_links": {
            name: page_url + commitment_index.reverse_subpage(route) + export_query
            for name, route in (
                ("csv", "export_csv"),
                ("json", "export_json"),
                ("rss", "feed_rss"),
                ("atom", "feed_atom"),
            )
        },
    }
