"""RSS and Atom feeds of a commitment index's progress updates.

Served below the index page (``<index>/feed/rss/`` and ``<index>/feed/atom/``),
built on ``django.contrib.syndication``, and narrowed by the same GET filters as
the page (``listings.commitments.filter_commitments``): a journalist can follow only the
“Integration of asylum seekers” commitments, for example.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from ..formatting import format_percent
from ..listings.commitments import filter_commitments
from ..models.commitments import CommitmentStatus, CommitmentUpdate

#: Updates per feed, newest first; feed readers keep what they already fetched.
FEED_LENGTH = 50


class CommitmentUpdatesRssFeed(Feed):
    """The latest progress updates of one index's (filtered) commitments, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, index=None, **kwargs):
        self.request = request
        _all, commitments, self.filters = filter_commitments(index, request)
        self.commitments = commitments
        return index

    def title(self, commitment_index):
        return _("Progress of the commitments: %(title)s") % {"title": commitment_index.title}

    def link(self, commitment_index):
        return commitment_index.get_full_url(self.request) + self.filters.querystring()

    def description(self, commitment_index):
        return _("Dated progress updates of the commitments listed on %(title)s.") % {
            "title": commitment_index.title
        }

    def items(self, commitment_index):
        return (
            CommitmentUpdate.objects.filter(page__in=self.commitments.order_by().values("pk"))
            .select_related("page", "page__category")
            .order_by("-date", "-sort_order", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, update):
        return f"{update.page.title} – {update.title}"

    def item_description(self, update):
        parts = []
        if update.status:
            parts.append(
                _("New status: %(status)s.") % {"status": CommitmentStatus(update.status).label}
            )
        if update.progress is not None:
            parts.append(
                _("Progress: %(progress)s.") % {"progress": format_percent(update.progress)}
            )
        if update.text:
            parts.append(update.text)
        return " ".join(str(part) for part in parts) or update.title

    def item_link(self, update):
        return f"{update.page.get_full_url(self.request)}#update-{update.pk}"

    def item_guid(self, update):
        return self.item_link(update)

    def item_pubdate(self, update):
        # An update carries a date, not a time: midnight in the site's time zone.
        return timezone.make_aware(datetime.datetime.combine(update.date, datetime.time.min))

    def item_categories(self, update):
        return [update.page.category.name]


class CommitmentUpdatesAtomFeed(CommitmentUpdatesRssFeed):
    """The same updates as an Atom 1.0 feed."""

    feed_type = Atom1Feed

    def subtitle(self, commitment_index):
        return self.description(commitment_index)
