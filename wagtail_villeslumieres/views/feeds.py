"""RSS and Atom feeds of a commitment index's progress updates.

Served below the index page (``<index>/feed/rss/`` and ``<index>/feed/atom/``),
built on ``django.contrib.syndication``, and narrowed by the same GET filters as
the page (``listings.commitments.filter_commitments``): a journalist can follow only the
“Integration of asylum seekers” commitments, for example.

Valid Atom (RFC 4287) and RSS 2.0: every entry has an ``updated`` date and the hub's
holder as author; the ``self`` link is the URL requested, filters included; ids are
``tag:`` URIs (RFC 4151) that survive a renamed or moved page; a feed without
entries is dated by the last change of what it lists, not by the request.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from ..formatting import format_percent
from ..listings.commitments import filter_commitments
from ..models.commitments import CommitmentStatus, CommitmentUpdate
from .agenda import site_host

#: Updates per feed, newest first; feed readers keep what they already fetched.
FEED_LENGTH = 50

#: The date in the feeds' ``tag:`` URIs (RFC 4151): any day the site's owner held its
#: host name; fixed, so that ids never change.
TAG_DATE = "2010"


class LastChangeMixin:
    """A feed generator whose feed is dated by ``last_change`` when it has no entries.

    Django dates an empty feed by the request time, so that each fetch of an
    unchanged feed looks new.
    """

    def latest_post_date(self):
        if not self.items and self.feed.get("last_change"):
            return self.feed["last_change"]
        return super().latest_post_date()


class RssFeed(LastChangeMixin, Rss201rev2Feed):
    pass


class AtomFeed(LastChangeMixin, Atom1Feed):
    pass


class CommitmentUpdatesRssFeed(Feed):
    """The latest progress updates of one index's (filtered) commitments, as RSS 2.0."""

    feed_type = RssFeed
    item_guid_is_permalink = False

    def get_object(self, request, *args, index=None, **kwargs):
        self.request = request
        _all, commitments, self.filters = filter_commitments(index, request)
        self.commitments = commitments
        self.hub = index.get_hub()
        self.host = site_host(index, request)
        return index

    def feed_url(self, commitment_index):
        # The address requested, filters included (RFC 4287 4.2.7.2).
        return self.request.build_absolute_uri()

    def feed_guid(self, commitment_index):
        return self.tag(f"commitment-index/{commitment_index.pk}") + self.filters.querystring()

    def tag(self, specific):
        """A ``tag:`` URI of this site (RFC 4151)."""
        return f"tag:{self.host},{TAG_DATE}:wagtail-villeslumieres/{specific}"

    def author_name(self, commitment_index):
        return self.hub.holder_name if self.hub else commitment_index.get_site().site_name

    def author_link(self, commitment_index):
        return self.hub.get_full_url(self.request) if self.hub else None

    def feed_extra_kwargs(self, commitment_index):
        """The last change of what the feed lists: the index or one of its commitments."""
        latest = self.commitments.order_by().aggregate(latest=Max("last_published_at"))["latest"]
        dates = [date for date in (latest, commitment_index.last_published_at) if date]
        return {"last_change": max(dates)} if dates else {}

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
        return self.tag(f"commitment-update/{update.pk}")

    def item_pubdate(self, update):
        # An update carries a date, not a time: midnight in the site's time zone.
        return timezone.make_aware(datetime.datetime.combine(update.date, datetime.time.min))

    def item_updateddate(self, update):
        # Editors date an update; its date is when it changed as far as readers go.
        return self.item_pubdate(update)

    def item_author_name(self, update):
        return self.author_name(None) if self.hub else None

    def item_categories(self, update):
        return [update.page.category.name]


class CommitmentUpdatesAtomFeed(CommitmentUpdatesRssFeed):
    """The same updates as an Atom 1.0 feed."""

    feed_type = AtomFeed

    def subtitle(self, commitment_index):
        return self.description(commitment_index)
