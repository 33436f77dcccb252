"""A hub's public agenda: the agenda page, its iCalendar feed and one file per session.

Served below the hub page by its routes (see ``models.hub.HubPage``):

- ``<hub>/agenda/``: upcoming public sessions, then held ones with their counts,
  with schema.org ``Event`` data for search engines;
- ``<hub>/agenda/ical/``: every public session as an iCalendar (RFC 5545) feed
  that calendar applications subscribe to;
- ``<hub>/agenda/<id>/ical/``: one session, for an "add to calendar" link.

Every list comes from ``wagtail_villeslumieres.listings.agenda``; times are written in UTC
in the calendar and in the site's time zone (``TIME_ZONE``) on the page.
"""

import datetime
from urllib.parse import urlsplit

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from ..listings import agenda
from .pages import agenda_sessions
from .structured_data import holder_data, json_ld_script

AGENDA_TEMPLATE = "wagtail_villeslumieres/agenda/agenda_page.html"

#: How often calendar applications should fetch the feed again (RFC 7986).
FEED_REFRESH_INTERVAL = datetime.timedelta(hours=6)

SCHEMA_OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
SCHEMA_SCHEDULED = "https://schema.org/EventScheduled"


# ---------------------------------------------------------------------------
# Wording shared by the page, the feed and the structured data
# ---------------------------------------------------------------------------


def session_title(session):
    """The session's name as a calendar or a search engine shows it."""
    return _("Letter-writing session: %(place)s") % {"place": session.place_name}


def session_location(session):
    """Place and address on one line."""
    return ", ".join(part for part in (session.place_name, session.address) if part)


def agenda_url(hub, request):
    """The absolute URL of ``hub``'s agenda page."""
    return hub.get_full_url(request) + hub.reverse_subpage("agenda")


def feed_url(hub, request):
    """The absolute URL of ``hub``'s iCalendar feed (the address citizens subscribe to)."""
    return hub.get_full_url(request) + hub.reverse_subpage("agenda_ical")


def site_host(hub, request):
    """The host name of ``hub``'s Wagtail site, part of every event's UID."""
    parts = hub.get_url_parts(request)
    host = urlsplit(parts[1]).hostname if parts and parts[1] else None
    return host or request.get_host().split(":")[0]


# ---------------------------------------------------------------------------
# The agenda page
# ---------------------------------------------------------------------------


def event_data(entry, hub, hub_url, page_url):
    """One upcoming session as a schema.org ``Event`` (a dict ready for JSON-LD).

    ``hub_url`` and ``page_url`` are the absolute URLs of the hub and its agenda.
    """
    session = entry.session
    location = {"@type": "Place", "name": session.place_name}
    if session.schema_org_address is not None:
        location["address"] = session.schema_org_address
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session_title(session),
        "startDate": timezone.localtime(session.starts_at).isoformat(),
        "endDate": timezone.localtime(session.ends_at).isoformat(),
        "eventAttendanceMode": SCHEMA_OFFLINE,
        "eventStatus": SCHEMA_SCHEDULED,
        "isAccessibleForFree": True,
        "location": location,
        "organizer": holder_data(hub, hub_url),
        "url": f"{page_url}#{entry.anchor}",
        "inLanguage": get_language() or "",
    }
    if session.public_note:
        data["description"] = session.public_note
    return data


def agenda_page(request, hub):
    """The agenda page: upcoming public sessions, then the held ones with their counts."""
    sessions = agenda_sessions(hub, request)
    hub_url, page_url = hub.get_full_url(request), agenda_url(hub, request)
    events = [event_data(entry, hub, hub_url, page_url) for entry in sessions.upcoming]
    url = feed_url(hub, request)
    return hub.render(
        request,
        template=AGENDA_TEMPLATE,
        context_overrides={
            "agenda": sessions,
            "structured_data": json_ld_script(events) if events else "",
            "feed_url": url,
            # Calendar applications open webcal:// links as a subscription.
            "feed_subscribe_url": "webcal://" + url.split("://", 1)[-1],
        },
    )


# ---------------------------------------------------------------------------
# iCalendar
# ---------------------------------------------------------------------------


def calendar_event(session, hub, host, page_url):
    """One session as a ``VEVENT``; its UID stays the same when the session is edited.

    ``host`` is the site's host name, ``page_url`` the absolute URL of the agenda page.
    """
    event = Event()
    event.add("uid", f"writing-session-{session.pk}@{host}")
    # The calendar has no METHOD: DTSTAMP is then "equivalent to the LAST-MODIFIED
    # property" (RFC 5545, 3.8.7.2), not the time of the request. A feed written at
    # each request would otherwise tell clients that every event changed.
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    # Bumped when the session moves or changes place (RFC 5545, 3.8.7.4).
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", session_title(session))
    event.add("location", session_location(session))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("class", "PUBLIC")
    link = f"{page_url}#session-{session.pk}"
    event.add("url", link)
    description = [session.public_note] if session.public_note else []
    description.append(
        _("Open to everyone. Organised by %(holder)s with Amnesty International.")
        % {"holder": hub.holder_name}
    )
    description.append(link)
    event.add("description", "\n\n".join(description))
    return event


def build_calendar(sessions, hub, request):
    """An iCalendar document holding ``sessions`` (public sessions of ``hub``)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Amnesty International Belgium//wagtail-villeslumieres//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = _("Writing sessions: %(holder)s") % {"holder": hub.holder_name}
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add(
        "x-wr-caldesc",
        _("Public letter-writing sessions of the “Marathon des lettres” in %(holder)s.")
        % {"holder": hub.holder_name},
    )
    calendar.add("refresh-interval", FEED_REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # An X- property is text to the icalendar library: typed here, or it writes 6:00:00.
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH_INTERVAL))
    host, page_url = site_host(hub, request), agenda_url(hub, request)
    for session in sessions:
        calendar.add_component(calendar_event(session, hub, host, page_url))
    return calendar


def calendar_response(calendar, filename, *, attachment=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Content-Language"] = get_language() or ""
    return response


def agenda_ical(request, hub):
    """Every public session of ``hub`` (upcoming and held), as one iCalendar feed."""
    sessions = agenda.public_sessions(hub).order_by("starts_at", "pk")
    calendar = build_calendar(sessions, hub, request)
    return calendar_response(calendar, f"{hub.slug}-agenda.ics")


def session_ical(request, hub, session_id):
    """One public session of ``hub`` as an ``.ics`` file ("add to calendar")."""
    session = agenda.public_session(hub, session_id)
    if session is None:
        raise Http404(_("No such public writing session."))
    calendar = build_calendar([session], hub, request)
    return calendar_response(calendar, f"writing-session-{session.pk}.ics", attachment=True)
