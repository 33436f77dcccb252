"""The 2016 "Marathon des lettres" in Walcourt: the campaign and a dozen writing sessions.

Scale from Amnesty International Belgium's report: in 2016 about thirty-six places
of Brussels and Wallonia collected more than 3 700 letters and children's
drawings, a little over a hundred per place; an active commune with a dozen
sessions in its libraries, schools and town hall gathers a few hundred. Sessions
ran until 17 December.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from wagtail_villeslumieres.addresses import split_address
from wagtail_villeslumieres.models import LetterCampaign, WritingSession

CAMPAIGN_SLUG = "marathon-2016"

# (place, address, public, day, start, end, counts by kind)
SESSIONS = [
    (
        "Bibliothèque communale de Walcourt",
        "Rue de la Station 12, 5650 Walcourt",
        True,
        3,
        (10, 0),
        (12, 30),
        {"letters": 38, "drawings": 6, "messages": 4},
    ),
    (
        "École communale de Walcourt-Centre",
        "",
        False,
        5,
        (13, 30),
        (15, 30),
        {"letters": 12, "drawings": 41},
    ),
    (
        "Bibliothèque d'Yves-Gomezée",
        "Place d'Yves-Gomezée 3, 5650 Walcourt",
        True,
        7,
        (14, 0),
        (17, 0),
        {"letters": 21, "drawings": 3},
    ),
    (
        "École secondaire de Walcourt, cours de citoyenneté",
        "",
        False,
        8,
        (10, 0),
        (12, 0),
        {"letters": 47, "messages": 6},
    ),
    ("École communale de Fraire", "", False, 9, (9, 0), (11, 0), {"letters": 4, "drawings": 35}),
    (
        "Hôtel de ville, salle du conseil",
        "Place de l'Hôtel de Ville 3-5, 5650 Walcourt",
        True,
        10,
        (10, 0),
        (16, 0),
        {"letters": 64, "drawings": 9, "messages": 12, "emails": 8, "tweets": 15},
    ),
    (
        "Maison de village de Somzée",
        "Rue de la Chapelle 2, 5651 Somzée",
        True,
        11,
        (14, 0),
        (17, 0),
        {"letters": 18, "messages": 3},
    ),
    (
        "École communale de Laneffe",
        "",
        False,
        12,
        (13, 30),
        (15, 0),
        {"letters": 2, "drawings": 28},
    ),
    (
        "Centre culturel de Walcourt",
        "Rue de la Montagne 7, 5650 Walcourt",
        True,
        13,
        (19, 0),
        (21, 30),
        {"letters": 22, "messages": 5, "emails": 3},
    ),
    (
        "Bibliothèque communale de Walcourt",
        "Rue de la Station 12, 5650 Walcourt",
        True,
        14,
        (15, 0),
        (18, 0),
        {"letters": 26, "emails": 5, "tweets": 4},
    ),
    (
        "Marché de Noël, stand du groupe Amnesty",
        "Grand-Place, 5650 Walcourt",
        True,
        16,
        (17, 0),
        (21, 0),
        {"letters": 31, "messages": 9, "tweets": 6},
    ),
    (
        "Hôtel de ville, salle du conseil",
        "Place de l'Hôtel de Ville 3-5, 5650 Walcourt",
        True,
        17,
        (10, 0),
        (12, 0),
        {"letters": 19, "drawings": 2, "emails": 2},
    ),
]


def _at(day, hour_minute):
    hour, minute = hour_minute
    return timezone.make_aware(datetime.datetime(2016, 12, day, hour, minute))


def load_letters(hub):
    """The 2016 campaign (goal 600) and Walcourt's twelve writing sessions."""
    locale = Locale.get_default()
    campaign, _ = LetterCampaign.objects.get_or_create(
        slug=CAMPAIGN_SLUG,
        locale=locale,
        defaults={
            "name": "Marathon des lettres 2016",
            "year": 2016,
            "starts_on": datetime.date(2016, 11, 28),
            "ends_on": datetime.date(2016, 12, 17),
            "goal": 600,
            # A past campaign: the current one is this season's (``agenda.load_agenda``).
            "is_active": False,
        },
    )
    load_sessions(campaign, hub, SESSIONS)
    return campaign


def load_sessions(campaign, hub, sessions):
    """2016 writing sessions of ``hub`` with their counts, each created once.

    ``sessions`` holds (place, address, public, day of December, start, end,
    counts) rows; a session is found again by its campaign, hub, place and start.
    """
    for place, address, public, day, start, end, counts in sessions:
        if WritingSession.objects.filter(
            campaign__translation_key=campaign.translation_key,
            hub__translation_key=hub.translation_key,
            place_name=place,
            starts_at=_at(day, start),
        ).exists():
            continue
        session = WritingSession(
            campaign=campaign,
            hub=hub,
            place_name=place,
            **split_address(address),
            is_public=public,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            note="Comptage fait par le groupe Amnesty local.",
            **counts,
        )
        session.full_clean()
        session.save()
