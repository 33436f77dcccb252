"""The Walloon commune of Walcourt, labelled in 2016."""

import datetime

from wagtail_villeslumieres.addresses import split_address
from wagtail_villeslumieres.models import HolderKind, HubPage, LabelAward, Region

HUB_SLUG = "ville-lumieres"
#: The commune's administration, at the town hall.
TOWN_HALL = "Place de l'Hôtel de Ville 3-5, 5650 Walcourt"


def load_hub(home):
    """The hub page below the home page, with its 2016 award."""
    hub = HubPage.objects.child_of(home).filter(slug=HUB_SLUG).first()
    if hub is not None:
        return hub
    hub = HubPage(
        title="Walcourt, Ville lumières",
        slug=HUB_SLUG,
        holder_name="Walcourt",
        holder_kind=HolderKind.COMMUNE,
        region=Region.WALLONIA,
        intro=(
            "Walcourt porte le label « Ville lumières » d'Amnesty International "
            "Belgique : la commune s'engage concrètement pour les droits humains, "
            "ici et ailleurs, avec le groupe Amnesty local."
        ),
        body=[
            (
                "paragraph",
                "<p>Comme chaque commune labellisée, Walcourt adopte officiellement un "
                "<b>individu en danger</b>, fait connaître son cas et défend ses droits "
                "toute l'année. La commune s'est aussi engagée à mener des initiatives "
                "pour une meilleure intégration des demandeurs d'asile.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Chaque lettre compte : des prisonniers d'opinion soutenus "
                    "l'an dernier ont été libérés.",
                    "attribution": "Amnesty International Belgique francophone",
                },
            ),
        ],
        local_group_name="Groupe Amnesty de Walcourt",
        local_group_email="groupe.walcourt@example.org",
        local_group_details=(
            "<p>Le groupe se réunit le premier mardi du mois à la bibliothèque communale.</p>"
        ),
        campaign_url="https://www.amnesty.be/",
        search_description="Walcourt, commune labellisée « Ville lumières » depuis 2016.",
        **split_address(TOWN_HALL),
    )
    hub.awards = [
        LabelAward(
            year=2016,
            date_awarded=datetime.date(2016, 12, 10),
            note="Label remis avec 21 autres communes et 2 universités.",
        )
    ]
    home.add_child(instance=hub)
    hub.save_revision().publish()
    return hub
