"""An address on one line, split into the parts schema.org and calendars read."""

import pytest

from wagtail_villeslumieres.addresses import one_line, split_address


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Rue de la Station 3, 5650 Walcourt", ("Rue de la Station 3", "5650", "Walcourt")),
        (
            "Chaussée d'Ixelles 168, 1050 Ixelles",
            ("Chaussée d'Ixelles 168", "1050", "Ixelles"),
        ),
        ("Bahnhofstraße 1, 4700 Eupen", ("Bahnhofstraße 1", "4700", "Eupen")),
        ("Place 1, Bâtiment B, 5650 Walcourt", ("Place 1, Bâtiment B", "5650", "Walcourt")),
    ],
)
def test_a_street_postal_code_and_town_line_is_split(text, parts):
    assert tuple(split_address(text).values()) == parts


@pytest.mark.parametrize("text", ["Rue de la Station 3", "Derrière l'église", ""])
def test_a_line_without_postal_code_and_town_stays_whole_in_the_street(text):
    assert split_address(text) == {"street_address": text, "postal_code": "", "locality": ""}


def test_the_parts_join_back_into_the_line_people_write():
    assert one_line("Rue de la Station 3", "5650", "Walcourt") == (
        "Rue de la Station 3, 5650 Walcourt"
    )
    assert one_line("Rue de la Station 3", "", "") == "Rue de la Station 3"


@pytest.mark.parametrize("code", ["be", "BEL", "B1"])
def test_a_country_code_other_than_two_capitals_is_refused_with_a_clear_message(code):
    from django.core.exceptions import ValidationError

    from wagtail_villeslumieres.models import WritingSession

    with pytest.raises(ValidationError, match="two-letter code"):
        WritingSession._meta.get_field("country").run_validators(code)
