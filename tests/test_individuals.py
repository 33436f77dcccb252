"""The adopted individual at risk: who they are, what happens to them, how to help."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.factories import make_image, make_individual
from tests.helpers import assert_form_error, requires_localize, served_language
from wagtail_villeslumieres.models import (
    AdoptedIndividualPage,
    CaseUpdate,
    Situation,
)

pytestmark = pytest.mark.django_db

SUMMARY = "Dirigeante étudiante emprisonnée pour avoir manifesté pacifiquement."


def fr(message, **values):
    """``message`` as the French-speaking demo commune's pages show it (in the site's
    language when Wagtail's i18n is off); dates in ``values`` are formatted likewise."""
    with translation.override(served_language("fr")):
        values = {
            key: date_format(value, "DATE_FORMAT") if isinstance(value, datetime.date) else value
            for key, value in values.items()
        }
        return translation.gettext(message) % values if values else translation.gettext(message)


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def update(day, title="Audience", situation="", **fields):
    return CaseUpdate(date=day, title=title, situation=situation, **fields)


def consented(image, **fields):
    return {
        "portrait": image,
        "portrait_alt_text": "Phyoe Phyoe Aung sourit, un bouquet de fleurs à la main",
        "portrait_credit": "© Amnesty International",
        "publication_consent": True,
        "publication_cleared_on": timezone.localdate() - datetime.timedelta(days=30),
        **fields,
    }


# The page


def test_page_shows_name_country_theme_situation_and_summary(client, hub):
    page = make_individual(hub)
    html = html_of(client, page)
    assert "<h1>Phyoe Phyoe Aung</h1>" in html
    assert "Myanmar" in html
    assert fr("Freedom of assembly") in html
    assert fr("Detained") in html
    assert "Dirigeante étudiante emprisonnée" in html
    assert fr("Individual at risk adopted by %(holder)s", holder="Walcourt") in html


def test_page_is_created_only_below_a_hub(home, hub):
    assert AdoptedIndividualPage.can_create_at(hub)
    assert not AdoptedIndividualPage.can_create_at(home)
    assert AdoptedIndividualPage.allowed_subpage_models() == []


def test_situation_follows_the_latest_dated_update_that_sets_one(hub):
    page = make_individual(
        hub,
        updates=[
            update(datetime.date(2016, 4, 8), "Libérée", Situation.RELEASED),
            update(datetime.date(2015, 3, 10), "Arrêtée", Situation.DETAINED),
            update(datetime.date(2016, 5, 1), "Reprend ses études"),  # sets none
            update(datetime.date(2015, 6, 1), "Procès", Situation.ON_TRIAL),
        ],
    )
    assert page.situation == Situation.RELEASED
    assert page.situation_since == datetime.date(2016, 4, 8)


def test_situation_is_at_risk_while_no_update_sets_one(hub):
    page = make_individual(hub, updates=[update(datetime.date(2015, 3, 10), "Adoptée")])
    assert page.situation == Situation.AT_RISK
    assert page.situation_since is None


def test_situation_is_recomputed_when_a_new_update_is_published(hub):
    page = make_individual(hub)
    assert page.situation == Situation.DETAINED
    page.case_updates.add(update(datetime.date(2016, 4, 8), "Libérée", Situation.RELEASED))
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.situation == Situation.RELEASED


def test_released_page_says_so_prominently_with_the_date(client, hub):
    page = make_individual(
        hub, updates=[update(datetime.date(2016, 4, 8), "Libérée", Situation.RELEASED)]
    )
    html = html_of(client, page)
    banner = re.search(r'<p class="vl-banner vl-banner--free">(.*?)</p>', html, re.S)
    assert banner, "no release banner"
    expected = fr(
        "%(name)s was released on %(date)s.",
        name="Phyoe Phyoe Aung",
        date=datetime.date(2016, 4, 8),
    )
    assert expected in banner.group(1)
    # The banner comes before everything else the page says about the person.
    assert html.index("vl-banner--free") < html.index("vl-lead")


def test_timeline_lists_updates_newest_first(client, hub):
    page = make_individual(
        hub,
        updates=[
            update(datetime.date(2015, 3, 10), "Premier"),
            update(datetime.date(2016, 4, 8), "Troisième"),
            update(datetime.date(2015, 6, 1), "Deuxième"),
        ],
    )
    html = html_of(client, page)
    positions = [html.index(title) for title in ("Troisième", "Deuxième", "Premier")]
    assert positions == sorted(positions)


def test_rendering_costs_the_same_queries_with_1_or_50_timeline_entries(
    client, hub, django_assert_num_queries
):
    def entries(count):
        return [
            update(datetime.date(2015, 1, 1) + datetime.timedelta(days=i), f"Update {i}")
            for i in range(count)
        ]

    one = make_individual(hub, slug="one", updates=entries(1))
    fifty = make_individual(hub, slug="fifty", updates=entries(50))
    client.get(one.url)  # the site's root paths and the page's sections are cached on first use
    client.get(fifty.url)
    with CaptureQueriesContext(connection) as reference:
        response = client.get(one.url)
    assert response.content.decode().count('class="vl-timeline__item"') == 1
    with django_assert_num_queries(len(reference.captured_queries)):
        response = client.get(fifty.url)
    assert response.content.decode().count('class="vl-timeline__item"') == 50


# The action kit


def kit_fields(**overrides):
    fields = {
        "authority_name": "Président de la République de l'Union du Myanmar",
        "authority_address": "Bureau du Président\nNay Pyi Taw\nMyanmar",
        "salutation": "Monsieur le Président,",
        "letter_language": "anglais ou français",
        "copies_to": "Ambassade du Myanmar\nBoulevard Général Wahis 9\n1030 Bruxelles",
        "appeal_deadline": timezone.localdate() + datetime.timedelta(days=20),
        "sample_letter": "Monsieur le Président,\n\nJe vous demande de libérer Phyoe Phyoe Aung.",
        "solidarity_address": "Amnesty International Belgique francophone\nRue Berckmans 9",
        "suggested_message": "Libérez Phyoe Phyoe Aung ! #MarathonDesLettres",
        "case_reference": "ASA 16/0000/2016",
        "amnesty_case_url": "https://www.amnesty.org/fr/",
    }
    fields.update(overrides)
    return fields


def test_action_kit_gives_address_salutation_language_copies_letter_and_message(client, hub):
    page = make_individual(hub, **kit_fields())
    html = html_of(client, page)
    for text in [
        fr("Write to"),
        "Nay Pyi Taw",
        "Monsieur le Président,",
        "anglais ou français",
        fr("Send a copy to"),
        "Boulevard Général Wahis 9",
        "Je vous demande de libérer Phyoe Phyoe Aung.",
        fr("Send a card of support"),
        "Rue Berckmans 9",
        "#MarathonDesLettres",
        fr("Case reference: %(reference)s", reference="ASA 16/0000/2016"),
        'href="https://www.amnesty.org/fr/"',
        'class="vl-kit__deadline"',
    ]:
        assert text in html, text


def test_sample_letter_is_plain_text_and_copy_button_waits_for_javascript(client, hub):
    page = make_individual(hub, **kit_fields())
    html = html_of(client, page)
    assert '<div class="vl-letter" id="vl-sample-letter"><p>Monsieur le Président,</p>' in html
    assert '<p class="vl-copy vl-no-print" data-vl-copy hidden>' in html
    assert "wagtail_villeslumieres/js/copy-letter.js" in html
    assert "<script>" not in html  # no inline script


def test_past_the_deadline_the_kit_says_so_instead_of_asking_for_letters(client, hub):
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    page = make_individual(hub, **kit_fields(appeal_deadline=deadline))
    html = html_of(client, page)
    closed = fr(
        "This appeal closed on %(date)s: please do not send letters for it any more.",
        date=deadline,
    )
    assert closed in html
    assert "Je vous demande de libérer" not in html
    assert "Nay Pyi Taw" not in html
    assert "vl-kit__deadline" not in html


def test_kit_stops_asking_for_letters_once_the_person_is_free(client, hub):
    page = make_individual(
        hub,
        updates=[update(datetime.date(2016, 4, 8), "Libérée", Situation.RELEASED)],
        **kit_fields(),
    )
    html = html_of(client, page)
    free = fr(
        "%(name)s is free: no more letters to the authorities are needed. "
        "Thank you to everyone who wrote.",
        name="Phyoe Phyoe Aung",
    )
    assert free in html
    assert "Je vous demande de libérer" not in html
    assert fr("Send a card of support") not in html


# The portrait and publication consent


@pytest.fixture
def portrait():
    return make_image("Portrait")


def test_consented_portrait_shows_with_its_description_and_credit(client, hub, portrait):
    page = make_individual(hub, **consented(portrait))
    html = html_of(client, page)
    assert 'alt="Phyoe Phyoe Aung sourit, un bouquet de fleurs à la main"' in html
    assert fr("Photo: %(credit)s", credit="© Amnesty International") in html
    assert '<meta property="og:image" content="http://testserver/' in html


def portrait_places(client, hub, page):
    """Every place a portrait could appear: the page, its social tags, the hub, search."""
    search = client.get(reverse("search"), {"query": "Phyoe"})
    assert search.status_code == 200
    return {
        "page": html_of(client, page),
        "hub": html_of(client, hub),
        "search": search.content.decode(),
    }


@pytest.mark.parametrize("place", ["page", "hub", "search"])
def test_no_portrait_anywhere_while_consent_is_not_confirmed(client, hub, portrait, place):
    page = make_individual(hub, **consented(portrait, publication_consent=False))
    html = portrait_places(client, hub, page)[place]
    assert "Phyoe Phyoe Aung" in html
    assert "<img" not in html
    assert "og:image" not in html
    assert "twitter:image" not in html
    assert "/images/" not in html and "original_images" not in html


@pytest.mark.parametrize("place", ["page", "hub"])
def test_consented_portrait_shows_on_page_and_hub(client, hub, portrait, place):
    page = make_individual(hub, **consented(portrait))
    html = portrait_places(client, hub, page)[place]
    assert 'alt="Phyoe Phyoe Aung sourit' in html


def test_portrait_renditions_carry_no_position_or_description_from_the_camera(client, hub):
    from PIL import ExifTags
    from PIL import Image as PILImage

    exif = PILImage.Exif()
    exif[ExifTags.Base.ImageDescription] = "Chez sa mère"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (50.0, 15.0, 0.0),
    }
    image = make_image("Portrait GPS")
    # Written past the upload's stripping (image_metadata.py), as a file stored before
    # the package was installed would be: stripmeta is the second line.
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG", exif=exif)
    image.file.storage.delete(image.file.name)
    image.file.storage.save(image.file.name, buffer)
    with image.file.open() as original:
        assert PILImage.open(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it has one
    page = make_individual(hub, **consented(image))
    html_of(client, page)
    html_of(client, hub)
    renditions = list(image.renditions.all())
    assert {r.filter_spec for r in renditions} == {
        "fill-480x480|stripmeta",
        "fill-160x160|stripmeta",
        "fill-1200x630|stripmeta",
    }
    for rendition in renditions:
        with rendition.file.open() as file:
            metadata = PILImage.open(file).getexif()
        assert not metadata.get_ifd(ExifTags.IFD.GPSInfo), rendition.filter_spec
        assert ExifTags.Base.ImageDescription not in metadata, rendition.filter_spec


def test_social_tags_without_consent_say_only_what_the_editor_wrote(client, hub, portrait):
    page = make_individual(hub, **consented(portrait, publication_consent=False))
    html = html_of(client, page)
    tags = dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html)
    )
    assert tags == {
        "og:type": "article",
        "og:title": "Phyoe Phyoe Aung",
        "og:description": SUMMARY,
        "og:url": page.full_url,
        "twitter:card": "summary",
        "twitter:title": "Phyoe Phyoe Aung",
        "twitter:description": SUMMARY,
    }


def test_consent_review_is_due_only_after_the_configured_days(hub, portrait, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"CONSENT_REVIEW_DAYS": 365}
    today = timezone.localdate()
    recent = make_individual(
        hub,
        slug="recent",
        **consented(portrait, publication_cleared_on=today - datetime.timedelta(days=365)),
    )
    old = make_individual(
        hub,
        slug="old",
        **consented(portrait, publication_cleared_on=today - datetime.timedelta(days=366)),
    )
    assert not recent.consent_review_due
    assert old.consent_review_due


# Editing in the admin


def individual_form_data(**overrides):
    """POST data of the page's admin form, with one case update."""
    data = nested_form_data(
        {
            "title": "Phyoe Phyoe Aung",
            "slug": "phyoe-phyoe-aung",
            "full_name": "Phyoe Phyoe Aung",
            "country": "Myanmar",
            "theme": "assembly",
            "adopted_since": "2015-12-10",
            "summary": "Dirigeante étudiante.",
            "story": streamfield([("paragraph", rich_text("<p>Son histoire.</p>"))]),
            "portrait_alt_text": "",
            "portrait_credit": "",
            "publication_cleared_on": "",
            "case_updates": inline_formset(
                [
                    {
                        "date": "2015-03-10",
                        "title": "Arrêtée",
                        "text": "",
                        "situation": "detained",
                        "source_url": "",
                    }
                ]
            ),
        }
    )
    data.update(overrides)
    return data


def add_url(hub):
    return reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_villeslumieres", "adoptedindividualpage", hub.pk),
    )


def test_editor_publishes_an_individual_and_the_situation_follows_the_timeline(admin_client, hub):
    data = individual_form_data()
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(hub), data)
    assert response.status_code == 302
    page = AdoptedIndividualPage.objects.get(slug="phyoe-phyoe-aung")
    assert page.live
    assert page.situation == Situation.DETAINED
    assert page.situation_since == datetime.date(2015, 3, 10)
    assert [u.title for u in page.case_updates.all()] == ["Arrêtée"]


def test_editor_cannot_set_the_situation_directly(admin_client, hub):
    data = individual_form_data(situation="released")
    data["action-publish"] = "action-publish"
    admin_client.post(add_url(hub), data)
    assert AdoptedIndividualPage.objects.get().situation == Situation.DETAINED


def test_edit_view_has_content_action_kit_timeline_and_promote_tabs(admin_client, hub):
    page = make_individual(hub)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    html = response.content.decode()
    for tab in ["content", "action_kit", "timeline", "promote"]:
        assert f'data-w-count-container-value="#tab-{tab}"' in html, tab


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "case_updates-0-date",
            (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "This date is in the future. Record an update once it has happened.",
        ),
        ("portrait_alt_text", "", "Describe the portrait for people who cannot see it"),
        ("summary", "x" * 601, "Ensure this value has at most 600 characters"),
        ("suggested_message", "x" * 281, "Ensure this value has at most 280 characters"),
        ("full_name", "", "This field is required."),
        ("publication_cleared_on", "", "Give the date publication was cleared"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_saved(
    admin_client, hub, portrait, field, value, message
):
    data = individual_form_data(
        portrait=str(portrait.pk),
        portrait_alt_text="Portrait de Phyoe Phyoe Aung",
        publication_consent="on",
        publication_cleared_on="2016-11-01",
    )
    data[field] = value
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(hub), data)
    assert response.status_code == 200
    assert_form_error(response, message)
    assert not AdoptedIndividualPage.objects.exists()
    assert not CaseUpdate.objects.exists()


def test_edit_view_warns_when_publication_clearance_is_due_for_review(admin_client, hub, portrait):
    old = timezone.localdate() - datetime.timedelta(days=400)
    page = make_individual(hub, **consented(portrait, publication_cleared_on=old))
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert "more than 365 days ago" in response.content.decode()


def test_edit_view_does_not_warn_while_clearance_is_recent(admin_client, hub, portrait):
    page = make_individual(hub, **consented(portrait))
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert "more than 365 days ago" not in response.content.decode()


def test_consent_review_report_lists_only_pages_due(admin_client, hub, portrait):
    old = timezone.localdate() - datetime.timedelta(days=400)
    make_individual(
        hub, slug="due", full_name="Due Person", **consented(portrait, publication_cleared_on=old)
    )
    make_individual(hub, slug="fresh", full_name="Fresh Person", **consented(portrait))
    make_individual(hub, slug="no-consent", full_name="Hidden Person")
    response = admin_client.get(reverse("wagtail_villeslumieres_admin:consent_review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Due Person" in html
    assert "Fresh Person" not in html
    assert "Hidden Person" not in html


def test_consent_review_report_exports_a_spreadsheet(admin_client, hub, portrait):
    old = timezone.localdate() - datetime.timedelta(days=400)
    make_individual(hub, **consented(portrait, publication_cleared_on=old))
    response = admin_client.get(
        reverse("wagtail_villeslumieres_admin:consent_review"), {"export": "csv"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "Phyoe Phyoe Aung" in body
    assert old.isoformat() in body


def test_consent_review_report_is_refused_to_users_without_page_rights(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("wagtail_villeslumieres_admin:consent_review"))
    assert response.status_code in (302, 403)


# The hub, search and unpublishing


def test_hub_lists_current_individuals_first_then_earlier_years(client, hub):
    make_individual(
        hub,
        slug="earlier",
        full_name="Albert Woodfox",
        country="États-Unis",
        adopted_since=datetime.date(2014, 12, 10),
        adoption_ended_on=datetime.date(2015, 12, 10),
    )
    make_individual(hub)
    html = html_of(client, hub)
    assert (
        html.index("Phyoe Phyoe Aung")
        < html.index(fr("Earlier years"))
        < html.index("Albert Woodfox")
    )
    assert f"Myanmar · {fr('Detained')}" in html


def test_hub_listing_costs_the_same_queries_for_one_or_many_individuals(
    client, hub, portrait, django_assert_num_queries
):
    make_individual(hub, slug="first", **consented(portrait))
    client.get(hub.url)  # renditions are created on first view
    with CaptureQueriesContext(connection) as one:
        client.get(hub.url)
    queries_for_one = len(one.captured_queries)  # read now: the next request clears the log
    for i in range(5):
        make_individual(hub, slug=f"other-{i}", **consented(make_image(f"P{i}")))
    client.get(hub.url)
    with django_assert_num_queries(queries_for_one):
        html = html_of(client, hub)
    assert html.count("vl-individual-card") >= 6


@pytest.mark.parametrize("query", ["Phyoe", "Myanmar", "manifesté pacifiquement", "Rangoun"])
def test_search_finds_the_page_by_name_country_summary_and_story(hub, query):
    page = make_individual(hub, story=[("paragraph", "<p>Elle a étudié à Rangoun.</p>")])
    results = Page.objects.live().search(query)
    assert page.pk in [result.pk for result in results]


def test_unpublished_page_vanishes_from_hub_and_search_at_once(client, hub):
    page = make_individual(hub)
    assert "Phyoe Phyoe Aung" in html_of(client, hub)
    page.unpublish()
    assert "Phyoe Phyoe Aung" not in html_of(client, hub)
    assert page.url not in client.get(reverse("search"), {"query": "Phyoe"}).content.decode()
    assert client.get(page.url).status_code == 404


def test_draft_page_is_never_listed(client, hub):
    make_individual(hub, publish=False)
    assert "Phyoe Phyoe Aung" not in html_of(client, hub)


def test_private_page_is_not_listed_on_the_hub(client, hub):
    page = make_individual(hub)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "Phyoe Phyoe Aung" not in html_of(client, hub)


# Translation (wagtail-localize)


@requires_localize
def test_a_translated_page_keeps_the_situation_and_translates_the_timeline(
    hub, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    page = make_individual(
        hub, updates=[update(datetime.date(2016, 4, 8), "Libérée", Situation.RELEASED)]
    )
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    # wagtail-localize publishes translated pages once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        for source_page in (hub.get_parent().specific, hub, page):
            source, _created = TranslationSource.get_or_create_from_instance(source_page)
            for segment in StringSegment.objects.filter(source=source).select_related(
                "string", "context"
            ):
                StringTranslation.objects.get_or_create(
                    translation_of=segment.string,
                    locale=nl,
                    context=segment.context,
                    defaults={"data": f"[nl] {segment.string.data}"},
                )
            translated, _created = source.create_or_update_translation(
                nl, publish=True, copy_parent_pages=True
            )
    translated = AdoptedIndividualPage.objects.get(pk=translated.pk)
    assert translated.situation == Situation.RELEASED
    assert translated.situation_since == datetime.date(2016, 4, 8)
    assert translated.summary.startswith("[nl] ")
    assert translated.case_updates.get().title == "[nl] Libérée"
    assert translated.case_updates.get().translation_key == page.case_updates.get().translation_key
