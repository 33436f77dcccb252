"""Only http(s), mailto and relative links from editor data ever reach an href."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_commitment, make_commitment_index, make_individual
from wagtail_villeslumieres.links import safe_link
from wagtail_villeslumieres.models import CommitmentUpdate, HubPage

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_link_with_a_dangerous_scheme_is_dropped(value):
    assert safe_link(value) == ""


@pytest.mark.parametrize(
    "value",
    ["https://www.amnesty.be/", "http://example.org/a?b=c", "mailto:groupe@example.org", "/fr/"],
)
def test_web_mail_and_relative_links_are_kept(value):
    assert safe_link(value) == value


@pytest.mark.parametrize("field", ["local_group_url", "campaign_url"])
def test_the_hub_refuses_a_javascript_link_on_save(hub, field):
    setattr(hub, field, "javascript:alert(1)")
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    # One clear message, not the generic one as well.
    assert error.value.message_dict[field] == [
        "Enter a web address starting with https:// (or http://)."
    ]


def test_a_javascript_link_written_past_validation_never_reaches_the_page(client, hub):
    HubPage.objects.filter(pk=hub.pk).update(
        local_group_name="Groupe", local_group_url="javascript:alert(1)"
    )
    html = client.get(hub.url).content.decode()
    assert "javascript:" not in html
    assert "Groupe" in html  # the section itself is still shown


def test_a_hostile_timeline_link_is_not_rendered(client, hub):
    index = make_commitment_index(hub)
    commitment = make_commitment(index, title="Accueil")
    update = CommitmentUpdate(
        page=commitment, date=commitment.first_published_at.date(), title="Étape"
    )
    update.save()
    CommitmentUpdate.objects.filter(pk=update.pk).update(link="javascript:alert(1)")
    html = client.get(commitment.url).content.decode()
    assert "Étape" in html
    assert "javascript:" not in html


def test_a_hostile_case_page_link_is_not_rendered(client, hub):
    individual = make_individual(hub)
    type(individual).objects.filter(pk=individual.pk).update(amnesty_case_url="javascript:alert(1)")
    assert "javascript:" not in client.get(individual.url).content.decode()
