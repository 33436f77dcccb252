"""This year's "Marathon des lettres" in Walcourt, running on the day the demo is loaded.

The 2016 campaign and its held sessions, with their counts, come from
``letters.py`` (the commune's history). This module adds the load day's
campaign, begun two weeks before and ending two weeks after, and its sessions
placed around the load day: those of the last days are over and recorded with
their counts (the counter moves, "last count recorded" is the day after the
latest), the next ones are announced in the agenda, its calendar feed and on
the hub page. Whatever day the demo is loaded, it looks like a commune in the
middle of its campaign.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from wagtail_villeslumieres.addresses import split_address
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import LetterCampaign, LetterTotal, WritingSession

#: The campaign runs from this many days before the load day to as many after.
CAMPAIGN_HALF_LENGTH = 14

# (place, address, public, days from the load day, start, end, note for the public,
#  counts recorded if the session is already over when the demo is loaded)
SESSIONS = [
    (
        "Bibliothèque communale de Walcourt",
        "Rue de la Station 12, 5650 Walcourt",
        True,
        -12,
        (14, 0),
        (17, 0),
        "Accessible en fauteuil roulant. Les enfants peuvent dessiner : matériel fourni.",
        {"letters": 27, "drawings": 11},
    ),
    (
        "École communale de Fraire",
        "",
        False,
        -7,
        (9, 0),
        (11, 0),
        "",
        {"letters": 3, "drawings": 31},
    ),
    (
        "Centre culturel de Walcourt",
        "Rue de la Montagne 7, 5650 Walcourt",
        True,
        -4,
        (18, 0),
        (20, 30),
        "Soirée d'écriture avec le groupe Amnesty local ; boissons chaudes offertes.",
        {"letters": 24, "messages": 4},
    ),
    (
        "Hôtel de ville, salle du conseil",
        "Place de l'Hôtel de Ville 3-5, 5650 Walcourt",
        True,
        -1,
        (10, 0),
        (16, 0),
        "Passez quand vous voulez, même pour dix minutes.",
        {"letters": 58, "drawings": 7, "emails": 6, "tweets": 12},
    ),
    (
        "Maison de village de Somzée",
        "Rue de la Chapelle 2, 5651 Somzée",
        True,
        2,
        (14, 0),
        (17, 0),
        "",
        {"letters": 16, "messages": 2},
    ),
    (
        "Marché de Walcourt, stand du groupe Amnesty",
        "Grand-Place, 5650 Walcourt",
        True,
        6,
        (17, 0),
        (21, 0),
        "En plein air, stand de plain-pied. Tables et stylos sur place.",
        {"letters": 33, "messages": 8, "tweets": 5},
    ),
    (
        "Bibliothèque d'Yves-Gomezée",
        "Place d'Yves-Gomezée 3, 5650 Walcourt",
        True,
        10,
        (14, 0),
        (17, 0),
        "Séance en famille : lettres pour les grands, dessins pour les petits.",
        {"letters": 19, "drawings": 14},
    ),
]


def season_year(today=None):
    """The year of the campaign running on ``today`` (the load day): that day's year."""
    return (today or timezone.localdate()).year


def _at(day, hour_minute):
    hour, minute = hour_minute
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load_agenda(hub):
    """The load day's campaign (active) and Walcourt's sessions around the load day.

    A session is found again by its campaign, hub and place, so loading the demo
    again, even on another day, adds nothing to a campaign already loaded.
    """
    today = timezone.localdate()
    year = season_year(today)
    half = datetime.timedelta(days=CAMPAIGN_HALF_LENGTH)
    campaign, _ = LetterCampaign.objects.get_or_create(
        slug=f"marathon-{year}",
        locale=Locale.get_default(),
        defaults={
            "name": f"Marathon des lettres {year}",
            "year": year,
            "starts_on": today - half,
            "ends_on": today + half,
            "goal": 600,
            "is_active": True,
        },
    )
    # One current campaign: this season's (a demo loaded in an earlier year had another).
    campaign.untick_other_current()
    load_season_sessions(campaign, hub, SESSIONS)
    return campaign


def load_season_sessions(campaign, hub, sessions):
    """``hub``'s ``sessions`` of this season's ``campaign``, dated from the load day.

    Each row is (place, address, public, days from the load day, start, end, note for
    the public, counts recorded once it is over). A session is found again by its
    campaign, hub and place; one whose day falls outside ``campaign`` (loaded on an
    earlier day) is left out.
    """
    today = timezone.localdate()
    now = timezone.now()
    for place, address, public, offset, start, end, public_note, counts in sessions:
        if WritingSession.objects.filter(
            campaign__translation_key=campaign.translation_key,
            hub__translation_key=hub.translation_key,
            place_name=place,
        ).exists():
            continue
        day = today + datetime.timedelta(days=offset)
        if not campaign.starts_on <= day <= campaign.ends_on:
            continue  # a campaign loaded on an earlier day, with other dates
        starts_at, ends_at = _at(day, start), _at(day, end)
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
    date_counts_when_recorded(campaign, hub)


def date_counts_when_recorded(campaign, hub):
    """Each counted session recorded the morning after it, as the local group does.

    Saving a session stamps it (and its hub's running total) with the moment of the
    save, which for the demo is the load itself: "last count recorded" would always
    say today. Loading again changes nothing.
    """
    counted = WritingSession.objects.filter(
        campaign__translation_key=campaign.translation_key,
        hub__translation_key=hub.translation_key,
    ).exclude(letters=0, drawings=0, messages=0, emails=0, tweets=0)
    latest = None
    for session in counted:
        recorded = timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate(session.ends_at) + datetime.timedelta(days=1),
                datetime.time(9, 0),
            )
        )
        recorded = min(recorded, timezone.now())
        WritingSession.objects.filter(pk=session.pk).update(updated_at=recorded)
        latest = max(latest or recorded, recorded)
    if latest is not None:
        LetterTotal.objects.filter(
            campaign_key=campaign.translation_key, hub_key=hub.translation_key
        ).update(updated_at=latest)
        transaction.on_commit(totals.invalidate)
