"""The hub page: what a commune's editors enter and what citizens read."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.helpers import assert_form_error, form_errors
from wagtail_villeslumieres.models import HubPage

pytestmark = pytest.mark.django_db


def test_hub_renders_holder_label_and_intro(client, hub):
    response = client.get(hub.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Walcourt, Ville lumières</h1>" in html
    assert "Walcourt s&#x27;engage pour les droits humains." in html
    assert "2016" in html


def test_hub_uses_the_base_template_from_settings(client, hub, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"BASE_TEMPLATE": "wagtail_villeslumieres/base.html"}
    response = client.get(hub.url)
    templates = [t.name for t in response.templates]
    assert "wagtail_villeslumieres/base.html" in templates
    assert "base.html" not in templates


def test_hub_goes_anywhere_in_the_site_but_not_below_another_hub(home, hub):
    assert HubPage.can_create_at(home)
    assert not HubPage.can_create_at(hub)


def test_search_finds_hub_by_holder_name(hub):
    results = Page.objects.live().search("Walcourt")
    assert hub.pk in [page.pk for page in results]


def test_editor_creates_hub_in_admin(admin_client, home):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_villeslumieres", "hubpage", home.pk),
    )
    data = hub_form_data(title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert HubPage.objects.filter(slug="ath", holder_name="Ath").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("holder_name", "", "This field is required."),
        ("region", "atlantis", "Select a valid choice."),
        ("intro", "x" * 601, "Ensure this value has at most 600 characters"),
        ("awards-0-year", "1999", "Ensure this value is greater than or equal to 2010."),
        ("awards-0-date_awarded", "2015-12-10", "The date awarded must fall in the award"),
    ],
)
def test_bad_input_in_hub_form_is_refused_and_nothing_saved(
    admin_client, home, field, value, message
):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_villeslumieres", "hubpage", home.pk),
    )
    data = hub_form_data(title="Ath", slug="ath", holder_name="Ath")
    data[field] = value
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert_form_error(response, message)
    assert not HubPage.objects.filter(slug="ath").exists()


def test_hub_without_award_is_refused(admin_client, home):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_villeslumieres", "hubpage", home.pk),
    )
    data = hub_form_data(title="Ath", slug="ath", holder_name="Ath")
    data["awards-TOTAL_FORMS"] = "0"
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)
    assert not HubPage.objects.filter(slug="ath").exists()


def hub_form_data(**overrides):
    """The POST data of the hub's admin form, with one 2016 award."""
    data = nested_form_data(
        {
            "title": "Walcourt",
            "slug": "walcourt",
            "holder_name": "Walcourt",
            "holder_kind": "commune",
            "region": "wallonia",
            "intro": "Une commune engagée.",
            "body": streamfield([]),
            "local_group_details": rich_text(""),
            "awards": inline_formset(
                [{"year": "2016", "date_awarded": "2016-12-10", "note": ""}], min=1
            ),
        }
    )
    data.update(overrides)
    return data
