"""This year's "Marathon des lettres" in Walcourt: sessions announced in the agenda.

The 2016 campaign and its held sessions, with their counts, come from
``letters.py``. This module adds the current season's campaign and its
sessions around 10 December (International Human Rights Day), so the agenda,
its calendar feed and the hub page show upcoming sessions whenever the demo is
loaded. A session whose day has already passed when the demo is loaded is
recorded with its counts, as an editor would have done.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from wagtail_villeslumieres.addresses import split_address
from wagtail_villeslumieres.models import LetterCampaign, WritingSession

# (place, address, public, day of December, start, end, note for the public,
#  counts recorded if the session is already over)
SESSIONS = [
    (
        "Bibliothèque communale de Walcourt",
        "Rue de la Station 12, 5650 Walcourt",
        True,
        3,
        (14, 0),
        (17, 0),
        "Accessible en fauteuil roulant. Les enfants peuvent dessiner : matériel fourni.",
        {"letters": 27, "drawings": 11},
    ),
    (
        "École communale de Fraire",
        "",
        False,
        8,
        (9, 0),
        (11, 0),
        "",
        {"letters": 3, "drawings": 31},
    ),
    (
        "Centre culturel de Walcourt",
        "Rue de la Montagne 7, 5650 Walcourt",
        True,
        9,
        (18, 0),
        (20, 30),
        "Soirée d'écriture avec le groupe Amnesty local ; boissons chaudes offertes.",
        {"letters": 24, "messages": 4},
    ),
    (
        "Hôtel de ville, salle du conseil",
        "Grand-Place 25, 5650 Walcourt",
        True,
        10,
        (10, 0),
        (16, 0),
        "Journée des droits humains : passez quand vous voulez, même pour dix minutes.",
        {"letters": 58, "drawings": 7, "emails": 6, "tweets": 12},
    ),
    (
        "Maison de village de Somzée",
        "Rue de la Chapelle 2, 5651 Somzée",
        True,
        12,
        (14, 0),
        (17, 0),
        "",
        {"letters": 16, "messages": 2},
    ),
    (
        "Marché de Noël, stand du groupe Amnesty",
        "Grand-Place, 5650 Walcourt",
        True,
        16,
        (17, 0),
        (21, 0),
        "En plein air, stand de plain-pied. Tables et stylos sur place.",
        {"letters": 33, "messages": 8, "tweets": 5},
    ),
]


def season_year(today=None):
    """The year of the next (or current) campaign: from 16 December on, the next year's."""
    today = today or timezone.localdate()
    return today.year + 1 if today >= datetime.date(today.year, 12, 16) else today.year


def _at(year, day, hour_minute):
    hour, minute = hour_minute
    return timezone.make_aware(datetime.datetime(year, 12, day, hour, minute))


def load_agenda(hub):
    """The current season's campaign (active) and Walcourt's sessions in December."""
    year = season_year()
    campaign, _ = LetterCampaign.objects.get_or_create(
        slug=f"marathon-{year}",
        locale=Locale.get_default(),
        defaults={
            "name": f"Marathon des lettres {year}",
            "year": year,
            "starts_on": datetime.date(year, 11, 25),
            "ends_on": datetime.date(year, 12, 17),
            "goal": 600,
            "is_active": True,
        },
    )
    # One current campaign: this season's (a demo loaded in an earlier year had another).
    campaign.untick_other_current()
    now = timezone.now()
    for place, address, public, day, start, end, public_note, counts in SESSIONS:
        starts_at = _at(year, day, start)
        if WritingSession.objects.filter(
            campaign__translation_key=campaign.translation_key,
            hub__translation_key=hub.translation_key,
            place_name=place,
            starts_at=starts_at,
        ).exists():
            continue
        ends_at = _at(year, day, end)
        session = WritingSession(
            campaign=campaign,
            hub=hub,
            place_name=place,
            **split_address(address),
            is_public=public,
            starts_at=starts_at,
            ends_at=ends_at,
            public_note=public_note,
            **(counts if ends_at <= now else {}),
        )
        session.full_clean()
        session.save()
    return campaign
