"""Walcourt's commitments (illustrative): the label's own ones, and its further one.

Every labelled place adopts an individual at risk and promotes human rights
locally and globally; Walcourt also committed to initiatives for a better
integration of asylum seekers. Dates, references and the
steps of each timeline are illustrative, as is the whole demo site; the running
commitments' dates follow the day the demo is loaded (``commitments``).
"""

import datetime

from django.utils import timezone

from wagtail_villeslumieres.models import (
    AdoptedIndividualPage,
    CommitmentCategory,
    CommitmentIndexPage,
    CommitmentPage,
    CommitmentUpdate,
)

INDEX_SLUG = "engagements"

D = datetime.date

#: The seeded categories (by their stable slug) with the names the demo shows.
CATEGORY_NAMES = {
    "asylum-seekers": "Intégration des demandeurs d'asile",
    "human-rights-education": "Éducation aux droits humains",
    "individual-at-risk": "Adoption d'un individu en danger",
    "solidarity": "Solidarité locale et internationale",
}


def commitments(today):
    """The demo's commitments as seen on ``today`` (the load day).

    The label's own commitments of 2016 stay as history (the adopted individual, the
    yearly writing session, achieved, and an abandoned exhibition). The others run
    relative to the load day, like the agenda: two in progress with targets ahead, and
    one deliberately past its target date, so the page shows an overdue commitment.
    Their council resolutions precede their start by a few weeks.
    """

    def ago(days):
        return today - datetime.timedelta(days=days)

    def ahead(days):
        return today + datetime.timedelta(days=days)

    integration_resolution = ago(430)
    partner_resolution = ago(520)
    return [
        {
            "slug": "integration-demandeurs-asile",
            "title": "Mieux intégrer les demandeurs d'asile",
            "category": "asylum-seekers",
            "scope": "local",
            "summary": (
                "La commune mène des initiatives pour une meilleure intégration des "
                "demandeurs d'asile accueillis sur son territoire."
            ),
            "responsible_service": "Plan de cohésion sociale, avec le CPAS",
            "resolution_date": integration_resolution,
            "resolution_reference": f"CC/{integration_resolution.year}/112",
            "start_date": ago(400),
            "target_date": ahead(240),
            "updates": [
                (ago(390), "Rencontre avec les résidents du centre d'accueil", "in-progress", 10),
                (ago(270), "Tables de conversation en français à la bibliothèque", "", 35),
                (ago(120), "Parrainages entre familles et demandeurs d'asile", "", 60),
            ],
        },
        {
            "slug": "individu-en-danger",
            "title": "Défendre l'individu en danger adopté par la commune",
            "category": "individual-at-risk",
            "scope": "global",
            "summary": (
                "Comme chaque Ville lumières, Walcourt adopte officiellement un individu en "
                "danger, fait connaître son cas et défend ses droits toute l'année."
            ),
            "responsible_service": "Échevinat de la citoyenneté, avec le groupe Amnesty local",
            "resolution_date": D(2016, 11, 24),
            "resolution_reference": "CC/2016/113",
            "start_date": D(2016, 12, 10),
            "updates": [
                (
                    D(2016, 12, 10),
                    "Adoption officielle pendant le Marathon des lettres",
                    "in-progress",
                    None,
                ),
                (D(2017, 3, 23), "Motion de soutien votée au conseil communal", "", None),
            ],
        },
        {
            "slug": "education-droits-humains",
            "title": "Éduquer aux droits humains dans les écoles",
            "category": "human-rights-education",
            "scope": "local",
            "summary": "Des animations sur les droits humains dans chaque école communale.",
            "responsible_service": "Service de l'enseignement",
            "start_date": ago(300),
            "target_date": ahead(180),
            "updates": [
                (ago(280), "Animation pilote dans deux écoles communales", "in-progress", 25),
                (ago(90), "Bilan avec les directions d'école", "", 50),
            ],
        },
        {
            "slug": "seances-ecriture",
            "title": "Organiser une séance d'écriture publique chaque décembre",
            "category": "solidarity",
            "scope": "global",
            "summary": (
                "Pendant le Marathon des lettres, une séance d'écriture ouverte à toutes et "
                "tous, pour écrire en faveur de personnes en danger."
            ),
            "responsible_service": "Bibliothèque communale",
            "start_date": D(2016, 12, 10),
            "target_date": D(2017, 12, 17),
            "updates": [
                (
                    D(2016, 12, 10),
                    "Première séance d'écriture à la bibliothèque",
                    "in-progress",
                    50,
                ),
                (D(2017, 12, 9), "Deuxième séance, avec les classes de sixième", "achieved", 100),
            ],
        },
        {
            "slug": "exposition-itinerante",
            "title": "Une exposition itinérante dans les villages de l'entité",
            "category": "human-rights-education",
            "scope": "local",
            "summary": "Faire circuler une exposition sur les défenseurs des droits humains.",
            "responsible_service": "Service de la culture",
            "start_date": D(2017, 3, 1),
            "updates": [
                (D(2017, 3, 1), "Recherche de lieux d'accueil", "in-progress", 20),
                (
                    D(2017, 9, 12),
                    "Projet abandonné au profit des animations scolaires",
                    "abandoned",
                    None,
                ),
            ],
        },
        {
            # Deliberately late: the demo shows what an overdue commitment looks like.
            "slug": "commune-partenaire",
            "title": "Un partenariat solidaire avec une commune du Sud",
            "category": "solidarity",
            "scope": "global",
            "summary": "Échanger avec une commune partenaire sur la défense des droits humains.",
            "responsible_service": "Échevinat de la solidarité internationale",
            "resolution_date": partner_resolution,
            "resolution_reference": f"CC/{partner_resolution.year}/087",
            "start_date": ago(490),
            "target_date": ago(45),
            "updates": [
                (ago(300), "Premiers contacts avec trois communes candidates", "in-progress", 20),
            ],
        },
    ]


def load_categories(locale):
    """The seeded categories in ``locale`` with their French names (created if missing)."""
    categories = {}
    for slug, name in CATEGORY_NAMES.items():
        category = CommitmentCategory.objects.filter(locale=locale, slug=slug).first()
        if category is None:
            category = CommitmentCategory.objects.create(locale=locale, slug=slug, name=name)
        elif category.name != name:
            # Seeded with the package's source names: the demo speaks French.
            category.name = name
            category.save()
        categories[slug] = category
    return categories


def load_commitments(hub):
    """The hub's commitment index and its commitments, each looked up by slug."""
    categories = load_categories(hub.locale)
    commitment_index = CommitmentIndexPage.objects.child_of(hub).first()
    if commitment_index is None:
        commitment_index = CommitmentIndexPage(
            title="Nos engagements",
            slug=INDEX_SLUG,
            intro=(
                "Ce que Walcourt a promis en recevant le label « Ville lumières », la "
                "décision du conseil communal qui l'engage, et où en est chaque promesse."
            ),
        )
        hub.add_child(instance=commitment_index)
        commitment_index.save_revision().publish()
    individual = AdoptedIndividualPage.objects.child_of(hub).live().first()
    for spec in commitments(timezone.localdate()):
        if CommitmentPage.objects.child_of(commitment_index).filter(slug=spec["slug"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in ("category", "updates")}
        commitment = CommitmentPage(category=categories[spec["category"]], **fields)
        if spec["category"] == "individual-at-risk" and individual is not None:
            commitment.adopted_individual = individual
        commitment.updates = [
            CommitmentUpdate(date=date, title=title, status=status, progress=progress)
            for date, title, status, progress in spec["updates"]
        ]
        commitment_index.add_child(instance=commitment)
        commitment.save_revision().publish()
    return commitment_index
