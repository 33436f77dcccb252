"""The session form for busy editors: one choice per hub and per campaign whatever their
translations, pre-filled where there is one choice, one error per mistake, one current
campaign."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import (
    make_campaign,
    make_campaign_translation,
    make_home,
    make_hub,
    make_hub_translation,
    make_session,
)
from tests.helpers import form_errors
from tests.test_counter_admin import ADD_URL, EDIT_URL, make_editor, session_form_data
from wagtail_villeslumieres.counter import totals
from wagtail_villeslumieres.models import LetterCampaign, WritingSession

pytestmark = pytest.mark.django_db

CAMPAIGN_ADD_URL = "wagtailsnippets_wagtail_villeslumieres_lettercampaign:add"
CAMPAIGN_EDIT_URL = "wagtailsnippets_wagtail_villeslumieres_lettercampaign:edit"


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def dutch_hub(hub):
    return make_hub_translation(hub, "nl", "Walcourt, Stad van het licht")


@pytest.fixture
def dutch_campaign(campaign):
    return make_campaign_translation(campaign, "nl", "Schrijfmarathon 2016")


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def choices(form, name):
    return [(value, label) for value, label in form.fields[name].choices if value != ""]


def new_session_form(client):
    return client.get(reverse(ADD_URL)).context["form"]


def test_a_hub_and_its_translation_are_one_choice_in_the_editors_language(
    admin_client, superuser, campaign, hub, dutch_hub
):
    speaking(superuser, "nl")
    form = new_session_form(admin_client)
    assert [label for _, label in choices(form, "hub")] == ["Walcourt, Stad van het licht"]


def test_a_french_editor_sees_the_french_hub(admin_client, superuser, campaign, hub, dutch_hub):
    speaking(superuser, "fr")
    form = new_session_form(admin_client)
    assert [str(value) for value, _ in choices(form, "hub")] == [str(hub.pk)]


def test_a_campaign_and_its_translation_are_one_choice(
    admin_client, superuser, campaign, dutch_campaign, hub
):
    speaking(superuser, "nl")
    form = new_session_form(admin_client)
    assert [label for _, label in choices(form, "campaign")] == ["Schrijfmarathon 2016 (2016)"]


def test_the_hub_is_filled_in_for_an_editor_of_one_hub_in_two_languages(
    client, campaign, hub, dutch_hub, django_user_model
):
    editor = make_editor(django_user_model, session_perms=["add"], pages=[hub.get_parent()])
    client.force_login(speaking(editor, "fr"))
    form = new_session_form(client)
    assert form["hub"].value() == hub.pk


def test_the_hub_is_left_to_choose_for_an_editor_of_two_hubs(client, campaign, hub, superuser):
    make_hub(make_home(hostname="ath"), title="Ath, Ville lumières", slug="ath")
    client.force_login(superuser)
    form = new_session_form(client)
    assert form["hub"].value() is None
    assert len(choices(form, "hub")) == 2


def test_the_current_campaign_is_chosen_in_the_editors_language(
    admin_client, superuser, campaign, dutch_campaign, hub
):
    make_campaign(
        name="Marathon des lettres 2015", year=2015, slug="marathon-2015", is_active=False
    )
    speaking(superuser, "nl")
    form = new_session_form(admin_client)
    assert form["campaign"].value() == dutch_campaign.pk


def test_a_session_of_either_language_counts_in_one_total(
    admin_client, superuser, campaign, dutch_campaign, hub, dutch_hub
):
    speaking(superuser, "nl")
    data = session_form_data(dutch_campaign, dutch_hub, letters="30", drawings="0")
    assert admin_client.post(reverse(ADD_URL), data).status_code == 302
    speaking(superuser, "fr")
    data = session_form_data(campaign, hub, letters="12", drawings="0")
    assert admin_client.post(reverse(ADD_URL), data).status_code == 302

    assert totals.for_campaign(campaign, hub).total == 42
    assert totals.for_campaign(dutch_campaign, dutch_hub).total == 42
    assert totals.for_campaign(campaign).total == 42


def test_editing_keeps_the_translation_the_session_was_recorded_with(
    admin_client, superuser, campaign, dutch_campaign, hub, dutch_hub
):
    session = make_session(dutch_campaign, dutch_hub)
    speaking(superuser, "fr")
    form = admin_client.get(reverse(EDIT_URL, args=[session.pk])).context["form"]
    assert [value for value, _ in choices(form, "hub")] == [dutch_hub.pk]
    assert form["hub"].value() == dutch_hub.pk


def test_a_negative_count_gets_only_the_negative_count_error(admin_client, campaign, hub):
    data = session_form_data(campaign, hub, letters="-3", drawings="0")
    response = admin_client.post(reverse(ADD_URL), data)
    assert form_errors(response) == ["Ensure this value is greater than or equal to 0."]
    assert not WritingSession.objects.exists()


def test_no_count_at_all_still_gets_the_missing_count_error(admin_client, campaign, hub):
    data = session_form_data(campaign, hub, letters="0", drawings="0")
    response = admin_client.post(reverse(ADD_URL), data)
    assert len(form_errors(response)) == 1
    assert "enter at least one count" in form_errors(response)[0]


def campaign_form_data(**fields):
    data = {
        "name": "Marathon des lettres 2017",
        "year": "2017",
        "slug": "marathon-2017",
        "starts_on": "2017-11-25",
        "ends_on": "2017-12-17",
        "goal": "600",
        "is_active": "on",
        "display_threshold": "",
        "goal_reached_message": "",
        "locale": "",
    }
    data.update(fields)
    return data


def test_ticking_current_unticks_the_previous_campaign_and_says_so(
    admin_client, campaign, dutch_campaign
):
    response = admin_client.post(reverse(CAMPAIGN_ADD_URL), campaign_form_data())

    assert response.status_code == 302
    new = LetterCampaign.objects.get(slug="marathon-2017")
    assert new.is_active
    campaign.refresh_from_db()
    dutch_campaign.refresh_from_db()
    assert not campaign.is_active and not dutch_campaign.is_active
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("is no longer the current campaign" in message for message in said), said


def test_saving_the_current_campaign_again_unticks_nothing(admin_client, campaign):
    data = campaign_form_data(
        name=campaign.name,
        year="2016",
        slug=campaign.slug,
        starts_on="2016-11-25",
        ends_on="2016-12-17",
    )
    response = admin_client.post(reverse(CAMPAIGN_EDIT_URL, args=[campaign.pk]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_active
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert not any("no longer the current" in message for message in said)
