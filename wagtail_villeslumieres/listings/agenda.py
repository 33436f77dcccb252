"""The public agenda of a hub: its writing sessions open to everyone.

One path for every reader (the hub page's block, the agenda page, the iCalendar
feed and the schema.org structured data), so they never disagree about which
sessions are shown:

- ``public_sessions(hub)``: the queryset every reader starts from.
- ``upcoming(hub, limit=None)``: sessions not over yet, soonest first.
- ``agenda_for(hub)``: upcoming sessions, then held ones (newest first), in one query;
  ``split_agenda(sessions, hub)`` the same from a list already read.
- ``public_session(hub, pk)``: one public session of the hub, or ``None``.

Identity: a hub and its translations share one agenda (sessions are matched on
the hub page's ``translation_key``). Sessions that are not public never leave
this module. Counts are not summed here: a held session shows its own counts,
and any total comes from ``wagtail_villeslumieres.counter.totals``.
"""

import dataclasses

from django.utils import timezone

from ..models.letters import KIND_LABELS, KINDS, WritingSession

#: Sessions shown on the hub page's agenda block.
HUB_BLOCK_LENGTH = 3


@dataclasses.dataclass(frozen=True)
class SessionEntry:
    """One public session as the agenda shows it, with its links on ``hub``'s pages."""

    session: WritingSession
    #: The hub page (in the visitor's language) whose agenda lists the session.
    hub: object
    #: The moment the agenda was read (aware datetime).
    now: object

    @property
    def is_held(self):
        return self.session.ends_at <= self.now

    @property
    def in_progress(self):
        """The session has started and not ended yet."""
        return self.session.starts_at <= self.now < self.session.ends_at

    @property
    def year(self):
        """The session's year in the site's time zone (held sessions are listed by year)."""
        return timezone.localtime(self.session.starts_at).year

    @property
    def counts(self):
        """The session's own non-zero counts as ``(kind, label, count)``, in ``KINDS`` order."""
        return [
            (kind, KIND_LABELS[kind], getattr(self.session, kind))
            for kind in KINDS
            if getattr(self.session, kind)
        ]

    @property
    def anchor(self):
        """The fragment identifying the session on the agenda page."""
        return f"session-{self.session.pk}"

    @property
    def calendar_path(self):
        """The route (below the hub) of the session's own ``.ics`` file."""
        return self.hub.reverse_subpage("session_ical", args=[self.session.pk])

    @property
    def calendar_url(self):
        """The "add to calendar" link: the session alone, as an iCalendar file."""
        return self.hub.url + self.calendar_path


@dataclasses.dataclass(frozen=True)
class Agenda:
    """A hub's public sessions split at ``now``."""

    #: Sessions that have not ended (those in progress included), soonest first.
    upcoming: list
    #: Sessions that have ended, most recent first.
    held: list
    #: The moment the split was made (aware datetime).
    now: object

    def __bool__(self):
        return bool(self.upcoming or self.held)


def public_sessions(hub):
    """The public writing sessions of ``hub`` and its translations (a queryset)."""
    return WritingSession.objects.filter(hub__translation_key=hub.translation_key, is_public=True)


def upcoming(hub, *, limit=None, now=None):
    """``hub``'s public sessions that have not ended, soonest first (``SessionEntry`` list)."""
    now = now or timezone.now()
    sessions = public_sessions(hub).filter(ends_at__gt=now).order_by("starts_at", "pk")
    if limit is not None:
        sessions = sessions[:limit]
    return [SessionEntry(session, hub, now) for session in sessions]


def agenda_for(hub, *, now=None):
    """``hub``'s whole public agenda: upcoming soonest first, then held newest first.

    One query whatever the number of sessions.
    """
    return split_agenda(public_sessions(hub).order_by("starts_at", "pk"), hub, now=now)


def split_agenda(sessions, hub, *, now=None):
    """``sessions`` (in date order) as an ``Agenda``: those not over yet, then held ones."""
    now = now or timezone.now()
    coming, held = [], []
    for session in sessions:
        entry = SessionEntry(session, hub, now)
        (held if entry.is_held else coming).append(entry)
    held.reverse()
    return Agenda(upcoming=coming, held=held, now=now)


def public_session(hub, pk):
    """The public session ``pk`` of ``hub`` (or of a translation of it), else ``None``."""
    return public_sessions(hub).filter(pk=pk).first()
