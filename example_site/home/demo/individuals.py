"""The individuals at risk Walcourt adopted.

- Phyoe Phyoe Aung, a student leader from Myanmar released in 2016 after the
  "Marathon des lettres": the commune's history. No portrait: the demo has no
  photo whose publication was cleared, and the page shows none without that
  confirmation.
- An example of a case whose appeal is open on the day the demo is loaded: a
  fictional person, in a fictional country, said so on the page, with a drawn
  portrait shipped with the demo (``images/example-portrait.png``), so that the
  action kit, its copy button and the printable letter kit are live.
"""

import datetime
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from wagtail_villeslumieres.models import AdoptedIndividualPage, CaseUpdate, Situation, Theme

INDIVIDUAL_SLUG = "phyoe-phyoe-aung"
EXAMPLE_SLUG = "nour-exemple"
EXAMPLE_PORTRAIT = Path(__file__).parent / "images" / "example-portrait.png"
EXAMPLE_PORTRAIT_TITLE = "Portrait dessiné de Nour Exemple (personne fictive)"


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
        # Free since 2016: the hub lists her under earlier years.
        adoption_ended_on=datetime.date(2016, 12, 10),
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


def load_example_portrait():
    """The drawn portrait of the example case, as a Wagtail image (uploaded once)."""
    Image = get_image_model()  # noqa: N806
    image = Image.objects.filter(title=EXAMPLE_PORTRAIT_TITLE).first()
    if image is None:
        with EXAMPLE_PORTRAIT.open("rb") as source:
            image = Image(
                title=EXAMPLE_PORTRAIT_TITLE,
                file=ImageFile(source, name=EXAMPLE_PORTRAIT.name),
                collection=Collection.get_first_root_node(),
            )
            image.save()
    return image


def load_example_individual(hub):
    """A fictional person whose appeal is open, dated from the load day, with a portrait."""
    page = AdoptedIndividualPage.objects.child_of(hub).filter(slug=EXAMPLE_SLUG).first()
    if page is not None:
        return page
    today = timezone.localdate()
    days = datetime.timedelta
    page = AdoptedIndividualPage(
        title="Nour Exemple (personne fictive)",
        slug=EXAMPLE_SLUG,
        full_name="Nour Exemple",
        country="Exemplie (pays fictif)",
        theme=Theme.DEFENDERS,
        adopted_since=today - days(days=60),
        summary=(
            "Exemple de démonstration : Nour Exemple est une personne fictive. Défenseure "
            "de l'environnement, elle est détenue pour avoir manifesté pacifiquement "
            "contre la pollution d'une rivière. Écrivez pour demander sa libération."
        ),
        story=[
            (
                "paragraph",
                "<p><b>Cette page est un exemple</b> : la personne, son pays et son histoire "
                "sont inventés pour montrer ce que voit un citoyen quand un appel est "
                "ouvert. Une vraie commune y présente l'individu en danger qu'elle a "
                "adopté, avec les textes d'Amnesty International.</p>",
            ),
            (
                "paragraph",
                "<p>Nour Exemple mesurait avec ses voisins la pollution de la rivière de "
                "son village. Après un rassemblement pacifique devant l'usine, elle a été "
                "arrêtée et accusée de « trouble à l'ordre public ».</p>",
            ),
        ],
        portrait=load_example_portrait(),
        portrait_alt_text=(
            "Dessin : une femme aux cheveux longs et bruns, souriante, en pull bleu, "
            "une bougie allumée à côté d'elle."
        ),
        portrait_credit="Illustration de démonstration, wagtail-villeslumieres",
        publication_consent=True,
        publication_cleared_on=today - days(days=60),
        authority_name="Ministre de la Justice d'Exemplie (fictif)",
        authority_address=(
            "Ministère de la Justice\n1, avenue de l'Exemple\nExempleville\nExemplie"
        ),
        salutation="Madame la Ministre,",
        letter_language="Français, ou votre propre langue",
        copies_to=("Ambassade d'Exemplie (fictive)\nAvenue de l'Exemple 1\n1000 Bruxelles"),
        appeal_deadline=today + days(days=60),
        sample_letter=(
            "Je vous écris au sujet de Nour Exemple, défenseure de l'environnement, "
            "détenue depuis plusieurs mois pour avoir manifesté pacifiquement.\n\n"
            "Je vous demande de la libérer immédiatement et sans condition, et d'abandonner "
            "les poursuites engagées contre elle. Défendre une rivière n'est pas un crime.\n\n"
            "En attendant sa libération, veillez à ce qu'elle puisse voir sa famille et "
            "l'avocat de son choix, et recevoir les soins dont elle a besoin.\n\n"
            "Je vous prie d'agréer, Madame la Ministre, l'expression de ma haute considération."
        ),
        solidarity_address=(
            "Groupe Amnesty de Walcourt\nBibliothèque communale\nRue de la Station 12\n"
            "5650 Walcourt"
        ),
        suggested_message=(
            "Défendre une rivière n'est pas un crime : libérez Nour Exemple ! "
            "(exemple fictif de la démo Ville lumières)"
        ),
        search_description="Nour Exemple, personne fictive : un exemple d'appel ouvert.",
    )
    page.case_updates = [
        CaseUpdate(
            date=today - days(days=120),
            title="Arrêtée après un rassemblement pacifique",
            text="Nour Exemple est arrêtée devant l'usine avec trois voisins, vite relâchés.",
            situation=Situation.DETAINED,
        ),
        CaseUpdate(
            date=today - days(days=60),
            title="Adoptée par le conseil communal de Walcourt",
            text="Le conseil communal adopte son cas et s'engage à le faire connaître.",
        ),
        CaseUpdate(
            date=today - days(days=14),
            title="Le Marathon des lettres se mobilise pour elle",
            text="Les séances d'écriture de Walcourt lui consacrent leurs lettres.",
        ),
    ]
    hub.add_child(instance=page)
    page.save_revision().publish()
    return page
