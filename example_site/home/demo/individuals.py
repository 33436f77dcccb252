"""The individual at risk Walcourt adopted: Phyoe Phyoe Aung, a student leader from
Myanmar released in 2016 after the "Marathon des lettres".

No portrait: the demo has no photo whose publication was cleared, and the page
shows none without that confirmation.
"""

import datetime

from wagtail_villeslumieres.models import AdoptedIndividualPage, CaseUpdate, Situation, Theme

INDIVIDUAL_SLUG = "phyoe-phyoe-aung"


def load_individual(hub):
    """The adopted individual below the hub, with her timeline up to her release."""
    page = AdoptedIndividualPage.objects.child_of(hub).filter(slug=INDIVIDUAL_SLUG).first()
    if page is not None:
        return page
    page = AdoptedIndividualPage(
        title="Phyoe Phyoe Aung",
        slug=INDIVIDUAL_SLUG,
        full_name="Phyoe Phyoe Aung",
        country="Myanmar",
        theme=Theme.ASSEMBLY,
        adopted_since=datetime.date(2015, 12, 10),
        summary=(
            "Dirigeante étudiante du Myanmar, Phyoe Phyoe Aung a été emprisonnée pour "
            "avoir manifesté pacifiquement pour le droit à l'éducation. Soutenue par le "
            "Marathon des lettres, elle a été libérée en 2016."
        ),
        story=[
            (
                "paragraph",
                "<p>Phyoe Phyoe Aung défendait avec d'autres étudiants une réforme de "
                "l'éducation plus juste. Après une manifestation pacifique, elle a été "
                "arrêtée et poursuivie, comme des dizaines d'autres étudiants.</p>",
            ),
            (
                "paragraph",
                "<p>Amnesty International l'a considérée comme une prisonnière d'opinion "
                "et a présenté son cas lors du Marathon des lettres de décembre 2015 : "
                "dans le monde, plus de 3 700 000 lettres, messages, courriels et tweets "
                "ont été envoyés pour les personnes soutenues cette année-là.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Des prisonniers d'opinion soutenus l'an dernier ont été "
                    "libérés, parmi lesquels Phyoe Phyoe Aung.",
                    "attribution": "Amnesty International Belgique francophone, 2016",
                },
            ),
        ],
        search_description=(
            "Phyoe Phyoe Aung, dirigeante étudiante du Myanmar, adoptée par Walcourt."
        ),
    )
    page.case_updates = [
        CaseUpdate(
            date=datetime.date(2015, 3, 10),
            title="Arrêtée après une manifestation étudiante pacifique",
            text=(
                "La police disperse une manifestation d'étudiants pour le droit à "
                "l'éducation. Phyoe Phyoe Aung est arrêtée et placée en détention."
            ),
            situation=Situation.DETAINED,
        ),
        CaseUpdate(
            date=datetime.date(2015, 12, 10),
            title="Le Marathon des lettres se mobilise pour elle",
            text=(
                "Lors de la Journée internationale des droits humains, des personnes du "
                "monde entier écrivent aux autorités du Myanmar pour demander sa libération."
            ),
        ),
        CaseUpdate(
            date=datetime.date(2016, 4, 8),
            title="Libérée",
            text=(
                "Les poursuites sont abandonnées et Phyoe Phyoe Aung retrouve la liberté. "
                "Merci à toutes celles et ceux qui ont écrit."
            ),
            situation=Situation.RELEASED,
        ),
    ]
    hub.add_child(instance=page)
    page.save_revision().publish()
    return page
