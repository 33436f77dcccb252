"""A reporting link in the demo: a school session reported by its teacher, waiting.

The class wrote yesterday; the teacher reported the counts through the session's
reporting link, and the report waits for an editor's confirmation (the default
moderation), so an editor trying the demo finds it on the dashboard and in
**Reports → Session reports**. The session, the link and the report are fictional.
"""

import datetime

from django.utils import timezone

from home.demo.agenda import date_counts_when_recorded
from wagtail_villeslumieres import reporting
from wagtail_villeslumieres.models import SessionReport, WritingSession

PLACE = "Athénée royal de Walcourt, classe de 5e B"
LABEL = "Mme Lambert, professeure de la 5e B"
#: The counts the teacher reported, not yet confirmed.
REPORTED = {"letters": 23, "drawings": 4}
NOTE = "Deux élèves ont écrit en néerlandais. Merci pour le kit de lettres !"


def load_reporting(hub, campaign):
    """A session held yesterday in ``hub``, its reporting link and a pending report.

    Found again by its campaign, hub and place: loading again adds nothing. Skipped
    when ``campaign`` (loaded on an earlier day) does not run yesterday.
    """
    if WritingSession.objects.filter(
        campaign__translation_key=campaign.translation_key,
        hub__translation_key=hub.translation_key,
        place_name=PLACE,
    ).exists():
        return None
    day = timezone.localdate() - datetime.timedelta(days=1)
    if not campaign.starts_on <= day <= campaign.ends_on:
        return None
    moment = datetime.datetime.combine(day, datetime.time(10, 30))
    session = WritingSession(
        campaign=campaign,
        hub=hub,
        place_name=PLACE,
        is_public=False,
        starts_at=timezone.make_aware(moment),
        ends_at=timezone.make_aware(moment + datetime.timedelta(hours=1, minutes=40)),
    )
    # Announced before it was held, as the link was created for it; its counts are the
    # report's, once confirmed. (The admin form asks an ended session for a count: the
    # demo saves the state the reporting link leads to, not an editor's entry.)
    session.clean_fields()
    session.save()
    link = reporting.create_link(hub=hub, campaign=campaign, session=session, label=LABEL)
    report = SessionReport(link=link, note=NOTE, **REPORTED)
    reporting.submit(report, client="")
    # The empty session was saved now: the counts stay dated when they were recorded.
    date_counts_when_recorded(campaign, hub)
    return link
