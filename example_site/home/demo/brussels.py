"""Ixelles / Elsene: a bilingual Brussels commune, labelled in 2016.

Brussels communes are officially bilingual, so this commune runs its pages in
French and Dutch side by side. It has a Wagtail Site of its own on the same
install as Walcourt (one Site per commune, as a platform hosting several labelled
places would do): ``http://ixelles.localhost:8000/`` while ``make demo`` runs,
whereas ``127.0.0.1`` keeps showing Walcourt, the default site.

Its pages and snippets are written in French and translated into Dutch with
wagtail-localize's own API, as its editor does it: ``TranslationSource`` extracts
the texts, one ``StringTranslation`` per text, then
``create_or_update_translation`` builds the translation, which is published. Its
writing sessions count for the French hub; the Dutch hub shows the same total.
Places, addresses and counts are illustrative, as is the whole demo site.
"""

import datetime

from django.apps import apps
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site

from home.demo.agenda import load_season_sessions, season_year
from home.demo.commitments import load_categories
from home.demo.letters import CAMPAIGN_SLUG, load_sessions
from home.demo.site import served_at
from home.models import HomePage
from wagtail_villeslumieres.addresses import split_address
from wagtail_villeslumieres.models import (
    CommitmentIndexPage,
    CommitmentPage,
    CommitmentUpdate,
    HolderKind,
    HubPage,
    LabelAward,
    LetterCampaign,
    Region,
)

#: The commune's own Site: ``*.localhost`` names reach this machine in every browser.
SITE_HOSTNAME = "ixelles.localhost"
SITE_NAME = "Ixelles – Elsene, Ville lumières"
HOME_SLUG = "ixelles"
HUB_SLUG = "ville-lumieres"
INDEX_SLUG = "engagements"
#: The commune's administration, at the maison communale / gemeentehuis.
TOWN_HALL = "Chaussée d'Ixelles 168, 1050 Ixelles"

D = datetime.date

#: Every French text of the commune's pages and snippets, and its Dutch translation.
DUTCH = {
    # Home page
    "Commune d'Ixelles": "Gemeente Elsene",
    "ixelles": "elsene",
    "Le site (fictif) de la commune d'Ixelles, qui porte le label « Ville lumières » "
    "d'Amnesty International Belgique.": "De (fictieve) website van de gemeente Elsene, "
    "die het label „Ville lumières” van Amnesty International België draagt.",
    # Hub
    "Ixelles, Ville lumières": "Elsene, Ville lumières",
    "ville-lumieres": "ville-lumieres",
    "Ixelles": "Elsene",
    # The hub's address: the street's and the commune's official Dutch names
    "Chaussée d'Ixelles 168": "Elsensesteenweg 168",
    "Ixelles porte le label « Ville lumières » d'Amnesty International Belgique depuis "
    "2016 : la commune s'engage pour les droits humains, ici et ailleurs, en français et "
    "en néerlandais.": "Elsene draagt sinds 2016 het label „Ville lumières” van Amnesty "
    "International België: de gemeente zet zich in voor de mensenrechten, hier en elders, "
    "in het Frans en in het Nederlands.",
    "Comme chaque commune labellisée, Ixelles adopte officiellement un individu en danger "
    "et organise des séances d'écriture publiques pendant le Marathon des lettres.": "Zoals "
    "elke gelabelde gemeente adopteert Elsene officieel een persoon in gevaar en organiseert "
    "ze openbare schrijfsessies tijdens de Schrijfmarathon.",
    "Le Marathon des lettres 2016 à Ixelles": "De Schrijfmarathon 2016 in Elsene",
    "Groupe Amnesty d'Ixelles": "Amnesty-groep Elsene",
    "Le groupe se réunit chaque mois à la maison communale ; on y parle français et "
    "néerlandais.": "De groep komt elke maand samen in het gemeentehuis; er wordt Frans en "
    "Nederlands gesproken.",
    "Ixelles, commune bilingue labellisée « Ville lumières » depuis 2016.": "Elsene, "
    "tweetalige gemeente met het label „Ville lumières” sinds 2016.",
    "Label remis en 2016 à 22 communes et 2 universités.": "Label in 2016 toegekend aan "
    "22 gemeenten en 2 universiteiten.",
    # Commitments
    "Nos engagements": "Onze engagementen",
    "engagements": "engagementen",
    "Ce qu'Ixelles a promis en recevant le label « Ville lumières », et où en est chaque "
    "promesse.": "Wat Elsene beloofde toen het het label „Ville lumières” kreeg, en hoever "
    "elke belofte staat.",
    "Défendre l'individu en danger adopté par la commune": "De persoon in gevaar verdedigen "
    "die de gemeente adopteerde",
    "individu-en-danger": "persoon-in-gevaar",
    "Comme chaque Ville lumières, Ixelles adopte officiellement un individu en danger, fait "
    "connaître son cas et défend ses droits toute l'année.": "Zoals elke Ville lumières "
    "adopteert Elsene officieel een persoon in gevaar, maakt ze de zaak bekend en verdedigt "
    "ze die persoon het hele jaar door.",
    "Échevinat de la solidarité internationale": "Schepen van Internationale Solidariteit",
    "Adoption officielle pendant le Marathon des lettres": "Officiële adoptie tijdens de "
    "Schrijfmarathon",
    "Sensibiliser aux droits humains dans les écoles des deux communautés": "Mensenrechten "
    "onder de aandacht brengen in de scholen van beide gemeenschappen",
    "education-droits-humains": "mensenrechteneducatie",
    "Des animations sur les droits humains dans les écoles communales francophones et "
    "néerlandophones.": "Workshops over mensenrechten in de Franstalige en Nederlandstalige "
    "gemeentescholen.",
    "Échevinat de l'enseignement": "Schepen van Onderwijs",
    "Animations pilotes dans trois écoles": "Proefworkshops in drie scholen",
    # Commitment categories (the package's seeded names, in French)
    "Intégration des demandeurs d'asile": "Integratie van asielzoekers",
    "Éducation aux droits humains": "Mensenrechteneducatie",
    "Adoption d'un individu en danger": "Adoptie van een persoon in gevaar",
    "Solidarité locale et internationale": "Lokale en internationale solidariteit",
}

# (place, address, public, day of December 2016, start, end, counts by kind)
SESSIONS = [
    (
        "Maison communale d'Ixelles / Gemeentehuis van Elsene",
        "Chaussée d'Ixelles 168, 1050 Ixelles",
        True,
        3,
        (10, 0),
        (13, 0),
        {"letters": 41, "drawings": 8, "messages": 6},
    ),
    (
        "École communale, classes de 5e et 6e",
        "",
        False,
        6,
        (9, 0),
        (11, 0),
        {"letters": 18, "drawings": 37},
    ),
    (
        "Bibliothèque communale / Gemeentelijke bibliotheek",
        "Rue Mercelis 19, 1050 Ixelles",
        True,
        10,
        (14, 0),
        (17, 0),
        {"letters": 52, "messages": 9, "emails": 4, "tweets": 7},
    ),
    (
        "Place Flagey, stand du groupe Amnesty / stand van de Amnesty-groep",
        "Place Eugène Flagey, 1050 Ixelles",
        True,
        17,
        (11, 0),
        (15, 0),
        {"letters": 33, "messages": 5, "tweets": 3},
    ),
]


def load_locales():
    """The content languages of the demo: French, Dutch, German and English."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("fr", "nl", "de", "en")
    }


def translate(instance, locale, texts=DUTCH):
    """``instance`` translated into ``locale`` with wagtail-localize, unless it already is.

    Every text gets its translation from ``texts``; a text missing there is an
    error rather than a page half in French. A synchronised value a translator may
    override (the hub's street and town) gets its name in ``texts`` if it has one.
    """
    import json

    from wagtail_localize.models import (
        OverridableSegment,
        SegmentOverride,
        StringSegment,
        StringTranslation,
        TranslationSource,
    )

    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific if isinstance(existing, Page) else existing
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        if text not in texts:
            raise ValueError(f"The demo has no {locale.language_code} text for {text!r}.")
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": texts[text]},
        )
    for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
        value = segment.data
        if isinstance(value, str) and value in texts:
            SegmentOverride.objects.get_or_create(
                locale=locale,
                context=segment.context,
                defaults={"data_json": json.dumps(texts[value])},
            )
    if not isinstance(instance, Page):
        translated, _created = source.create_or_update_translation(locale)
        return translated
    # A page is saved as a draft, then its revision published at once. Asked to
    # publish, wagtail-localize would do it when the transaction commits, from the
    # page as it was in memory: a parent translated before its children would then
    # lose count of them (treebeard's ``numchild``) and its children their URLs.
    translated, _created = source.create_or_update_translation(locale, publish=False)
    translated.get_latest_revision().publish()
    return translated


def load_home(locale):
    """The commune's French home page, root of its own Site."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(locale=locale, slug=HOME_SLUG).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Commune d'Ixelles",
                slug=HOME_SLUG,
                locale=locale,
                intro=(
                    "Le site (fictif) de la commune d'Ixelles, qui porte le label "
                    "« Ville lumières » d'Amnesty International Belgique."
                ),
            )
        )
        home.save_revision().publish()
    # Served on the same port as Walcourt (``make demo``: 8000).
    _hostname, port = served_at()
    site = Site.objects.filter(hostname=SITE_HOSTNAME).first() or Site(hostname=SITE_HOSTNAME)
    if (site.root_page_id, site.site_name, site.port) != (home.pk, SITE_NAME, port):
        site.root_page = home
        site.site_name = SITE_NAME
        site.port = port
        site.save()
    return home


def load_hub(home, campaign):
    """The hub, its 2016 award, and a counter of its own 2016 sessions in its body."""
    hub = HubPage.objects.child_of(home).filter(slug=HUB_SLUG).first()
    if hub is not None:
        return hub
    hub = HubPage(
        title="Ixelles, Ville lumières",
        slug=HUB_SLUG,
        holder_name="Ixelles",
        holder_kind=HolderKind.COMMUNE,
        region=Region.BRUSSELS,
        intro=(
            "Ixelles porte le label « Ville lumières » d'Amnesty International Belgique "
            "depuis 2016 : la commune s'engage pour les droits humains, ici et ailleurs, "
            "en français et en néerlandais."
        ),
        local_group_name="Groupe Amnesty d'Ixelles",
        local_group_email="groupe.ixelles@example.org",
        local_group_details=(
            "<p>Le groupe se réunit chaque mois à la maison communale ; on y parle "
            "français et néerlandais.</p>"
        ),
        campaign_url="https://www.amnesty.be/",
        search_description="Ixelles, commune bilingue labellisée « Ville lumières » depuis 2016.",
        **split_address(TOWN_HALL),
    )
    hub.awards = [LabelAward(year=2016, note="Label remis en 2016 à 22 communes et 2 universités.")]
    home.add_child(instance=hub)
    # The counter block names the hub itself, so the body comes once the hub exists.
    hub.body = [
        (
            "paragraph",
            "<p>Comme chaque commune labellisée, Ixelles adopte officiellement un individu "
            "en danger et organise des séances d'écriture publiques pendant le Marathon "
            "des lettres.</p>",
        ),
        (
            "letter_counter",
            {
                "campaign": campaign,
                "hub": hub,
                "style": "breakdown",
                "heading": "Le Marathon des lettres 2016 à Ixelles",
            },
        ),
    ]
    hub.save_revision().publish()
    return hub


COMMITMENTS = [
    {
        "slug": "individu-en-danger",
        "title": "Défendre l'individu en danger adopté par la commune",
        "category": "individual-at-risk",
        "scope": "global",
        "summary": (
            "Comme chaque Ville lumières, Ixelles adopte officiellement un individu en "
            "danger, fait connaître son cas et défend ses droits toute l'année."
        ),
        "responsible_service": "Échevinat de la solidarité internationale",
        "start_date": D(2016, 12, 10),
        "updates": [
            (
                D(2016, 12, 10),
                "Adoption officielle pendant le Marathon des lettres",
                "in-progress",
                None,
            )
        ],
    },
    {
        "slug": "education-droits-humains",
        "title": "Sensibiliser aux droits humains dans les écoles des deux communautés",
        "category": "human-rights-education",
        "scope": "local",
        "summary": (
            "Des animations sur les droits humains dans les écoles communales "
            "francophones et néerlandophones."
        ),
        "responsible_service": "Échevinat de l'enseignement",
        # Dated relative to the load day (``school_dates``): in progress, target ahead.
        "updates": [("pilot", "Animations pilotes dans trois écoles", "in-progress", 30)],
    },
]


def school_dates(today):
    """The schools commitment's start, target and pilot dates around ``today``."""
    return {
        "start_date": today - datetime.timedelta(days=320),
        "target_date": today + datetime.timedelta(days=200),
        "pilot": today - datetime.timedelta(days=290),
    }


def load_commitments(hub, categories):
    """The commitment index and its commitments, in French."""
    commitment_index = CommitmentIndexPage.objects.child_of(hub).first()
    if commitment_index is None:
        commitment_index = CommitmentIndexPage(
            title="Nos engagements",
            slug=INDEX_SLUG,
            intro=(
                "Ce qu'Ixelles a promis en recevant le label « Ville lumières », et où en "
                "est chaque promesse."
            ),
        )
        hub.add_child(instance=commitment_index)
        commitment_index.save_revision().publish()
    commitments = []
    dates = school_dates(timezone.localdate())
    for spec in COMMITMENTS:
        commitment = CommitmentPage.objects.child_of(commitment_index).filter(slug=spec["slug"])
        commitment = commitment.first()
        if commitment is None:
            fields = {k: v for k, v in spec.items() if k not in ("category", "updates")}
            if spec["slug"] == "education-droits-humains":
                fields.update(start_date=dates["start_date"], target_date=dates["target_date"])
            commitment = CommitmentPage(category=categories[spec["category"]], **fields)
            commitment.updates = [
                CommitmentUpdate(
                    date=dates.get(date, date), title=title, status=status, progress=progress
                )
                for date, title, status, progress in spec["updates"]
            ]
            commitment_index.add_child(instance=commitment)
            commitment.save_revision().publish()
        commitments.append(commitment)
    return commitment_index, commitments


def load_campaign_translations(dutch):
    """The 2016 campaign and the current one in Dutch: “Schrijfmarathon”."""
    texts = dict(DUTCH)
    campaigns = LetterCampaign.objects.filter(
        locale=Locale.get_default(), slug__in=[CAMPAIGN_SLUG, f"marathon-{season_year()}"]
    )
    for campaign in campaigns:
        texts[campaign.name] = f"Schrijfmarathon {campaign.year}"
        translate(campaign, dutch, texts)
    return campaigns.get(slug=CAMPAIGN_SLUG)


def seeded_category_texts(language_code):
    """The package's seeded category texts, French and English, with their translation.

    The seed migration names the categories from the package's catalogs, so their
    translation comes from the same catalogs.
    """
    from importlib import import_module

    seed = import_module("wagtail_villeslumieres.migrations.0002_seed_commitment_categories")
    texts = {}
    for _slug, *messages in seed.SEEDED_CATEGORIES:
        for message in messages:
            with translation.override(language_code):
                translated = translation.gettext(message)
            with translation.override("fr"):
                texts[translation.gettext(message)] = translated
            texts[message] = translated
    return texts


#: Ixelles' sessions of this season (as in ``agenda.SESSIONS``: days from the load day).
SEASON_SESSIONS = [
    (
        "Bibliothèque communale d'Ixelles",
        "Rue Mercelis 19, 1050 Ixelles",
        True,
        -9,
        (14, 0),
        (17, 0),
        "Entrée libre, en français et en néerlandais.",
        {"letters": 41, "drawings": 9, "messages": 6},
    ),
    (
        "Maison communale d'Ixelles",
        "Chaussée d'Ixelles 168, 1050 Ixelles",
        True,
        -3,
        (18, 0),
        (20, 0),
        "",
        {"letters": 35, "emails": 12},
    ),
    (
        "Place Flagey, stand du groupe Amnesty",
        "Place Eugène Flagey, 1050 Ixelles",
        True,
        5,
        (10, 0),
        (13, 0),
        "Sous la tente du groupe Amnesty, par tous les temps.",
        {},
    ),
]


def load_brussels(season=None):
    """Ixelles / Elsene in French and Dutch, on its own Site. Returns the French hub.

    Needs the 2016 campaign (``letters.py``) loaded first, and ``season``, this season's
    campaign (``agenda.py``), for the sessions around the load day. Skipped (``None``)
    when the site runs without wagtail-localize, which makes the translations.
    """
    if not apps.is_installed("wagtail_localize"):
        return None
    locales = load_locales()
    french, dutch = locales["fr"], locales["nl"]
    campaign = load_campaign_translations(dutch)
    categories = load_categories(french)
    category_texts = {**seeded_category_texts("nl"), **DUTCH}
    for category in categories.values():
        translate(category, dutch, category_texts)
    home = load_home(french)
    hub = load_hub(home, campaign)
    commitment_index, commitments = load_commitments(hub, categories)
    load_sessions(campaign, hub, SESSIONS)
    if season is not None:
        load_season_sessions(season, hub, SEASON_SESSIONS)
    for page in (home, hub, commitment_index, *commitments):
        translate(page, dutch)
    return hub
