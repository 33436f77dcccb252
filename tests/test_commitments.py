"""Commitments: what a commune promised, how far it got, and how citizens find it."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories import (
    make_commitment,
    make_commitment_category,
    make_commitment_index,
    make_commitment_update,
    make_commitments_in_bulk,
    make_hub,
    make_individual,
)
from tests.helpers import assert_form_error, form_errors, requires_localize, served_language
from wagtail_villeslumieres.checks import check_required_apps
from wagtail_villeslumieres.listings.commitments import CommitmentSummary, filter_commitments
from wagtail_villeslumieres.models import (
    CommitmentCategory,
    CommitmentIndexPage,
    CommitmentPage,
    CommitmentStatus,
    HubPage,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def in_french(msgid, **values):
    """``msgid`` as the French pages show it (in the site's language when Wagtail's
    i18n is off)."""
    with translation.override(served_language("fr")):
        text = translation.gettext(msgid)
    return text % values if values else text


def achieved_text(progress):
    from wagtail_villeslumieres.templatetags.villeslumieres import vl_percent

    with translation.override(served_language("fr")):
        percent = vl_percent(progress)
    return in_french("%(percent)s achieved", percent=percent)


@pytest.fixture
def commitment_index(hub):
    return make_commitment_index(hub)


@pytest.fixture
def education(locale_fr):
    return make_commitment_category("human-rights-education", "Éducation aux droits humains")


# --- Current status and progress -------------------------------------------------------


def test_status_and_progress_follow_the_latest_dated_update_that_sets_them(commitment_index):
    commitment = make_commitment(
        commitment_index,
        updates=[
            # Entered out of order: the dates decide, not the position in the list.
            make_commitment_update(D(2017, 9, 1), status="in-progress", progress=60),
            make_commitment_update(D(2017, 1, 15), status="in-progress", progress=20),
        ],
    )
    assert (commitment.status, commitment.progress) == ("in-progress", 60)
    assert commitment.last_update_date == D(2017, 9, 1)


def test_an_update_without_status_or_progress_keeps_the_earlier_ones(commitment_index):
    commitment = make_commitment(
        commitment_index,
        updates=[
            make_commitment_update(D(2017, 1, 15), status="in-progress", progress=40),
            make_commitment_update(D(2017, 3, 1), title="Réunion publique"),
            make_commitment_update(D(2017, 5, 1), progress=50),
        ],
    )
    assert (commitment.status, commitment.progress) == ("in-progress", 50)
    assert commitment.last_update_date == D(2017, 5, 1)


def test_without_updates_the_starting_status_and_progress_stand(commitment_index):
    commitment = make_commitment(
        commitment_index, initial_status="in-progress", initial_progress=10
    )
    assert (commitment.status, commitment.progress) == ("in-progress", 10)
    assert commitment.last_update_date is None


def test_saving_a_draft_leaves_the_published_status_unchanged(commitment_index):
    commitment = make_commitment(commitment_index)
    draft = commitment.get_latest_revision_as_object()
    draft.updates = [make_commitment_update(D(2018, 1, 1), status="achieved", progress=100)]
    draft.save_revision()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PLANNED
    draft.get_latest_revision().publish()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.ACHIEVED


# --- The page tree -----------------------------------------------------------------------


def test_commitment_index_goes_only_below_a_hub_and_once(home, hub):
    assert not CommitmentIndexPage.can_create_at(home)
    assert CommitmentIndexPage.can_create_at(hub)
    make_commitment_index(hub)
    assert not CommitmentIndexPage.can_create_at(HubPage.objects.get(pk=hub.pk))


def test_commitments_go_only_below_a_commitment_index(hub, commitment_index):
    assert CommitmentPage.can_create_at(commitment_index)
    assert not CommitmentPage.can_create_at(hub)


# --- The commitment page ---------------------------------------------------------------


def test_commitment_page_shows_status_progress_and_council_resolution(client, commitment_index):
    commitment = make_commitment(
        commitment_index,
        resolution_date=D(2016, 11, 24),
        resolution_reference="CC/2016/112",
        resolution_url="https://www.walcourt.be/conseil/2016-11-24",
        responsible_service="Plan de cohésion sociale",
        updates=[make_commitment_update(D(2017, 4, 20), status="in-progress", progress=60)],
    )
    html = client.get(commitment.url).content.decode()
    assert '<progress class="vl-progress__bar" max="100" value="60"' in html
    assert achieved_text(60) in html
    assert "vl-status--in-progress" in html
    assert "CC/2016/112" in html
    assert 'href="https://www.walcourt.be/conseil/2016-11-24"' in html
    assert "Plan de cohésion sociale" in html


def test_no_progress_bar_where_no_progress_was_ever_given(client, commitment_index):
    commitment = make_commitment(
        commitment_index,
        updates=[make_commitment_update(D(2017, 4, 20), status="in-progress")],
    )
    html = client.get(commitment.url).content.decode()
    assert "<progress" not in html
    assert "vl-progress" not in html


def test_timeline_reads_newest_first_with_anchors(client, commitment_index):
    commitment = make_commitment(
        commitment_index,
        updates=[
            make_commitment_update(D(2017, 1, 15), title="Rencontre avec le centre d'accueil"),
            make_commitment_update(D(2017, 9, 1), title="Parrainages citoyens lancés"),
        ],
    )
    html = client.get(commitment.url).content.decode()
    assert html.index("Parrainages citoyens lancés") < html.index("Rencontre avec le centre")
    for update in commitment.updates.all():
        assert f'id="update-{update.pk}"' in html


def test_commitment_links_to_its_live_adopted_individual(client, hub, commitment_index):
    individual = make_individual(hub)
    commitment = make_commitment(commitment_index, adopted_individual=individual)
    html = client.get(commitment.url).content.decode()
    assert f'href="{individual.url}"' in html


# --- The index page ----------------------------------------------------------------------


def test_index_lists_live_commitments_only(client, commitment_index):
    make_commitment(commitment_index, title="Engagement publié")
    make_commitment(commitment_index, title="Engagement en brouillon", publish=False)
    html = client.get(commitment_index.url).content.decode()
    assert "Engagement publié" in html
    assert "Engagement en brouillon" not in html


def test_index_leaves_out_commitments_behind_a_password(client, commitment_index):
    secret = make_commitment(commitment_index, title="Engagement réservé")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    html = client.get(commitment_index.url).content.decode()
    assert "Engagement réservé" not in html


def test_index_summary_counts_commitments_per_status_and_mean_progress(client, commitment_index):
    make_commitment(commitment_index, title="A", initial_progress=20, initial_status="in-progress")
    make_commitment(commitment_index, title="B", initial_progress=100, initial_status="achieved")
    make_commitment(commitment_index, title="C")
    context = client.get(commitment_index.url).context
    summary = context["commitment_summary"]
    counts = {status: count for status, _label, count in summary.by_status}
    assert counts == {"planned": 1, "in-progress": 1, "achieved": 1, "abandoned": 0}
    assert summary.mean_progress == 60
    assert summary.with_progress == 2


def test_index_filters_by_status(client, commitment_index):
    make_commitment(commitment_index, title="Prévu")
    make_commitment(commitment_index, title="Réalisé", initial_status="achieved")
    response = client.get(commitment_index.url, {"status": "achieved"})
    titles = [c.title for c in response.context["commitments_page"]]
    assert titles == ["Réalisé"]


def test_index_filters_by_category(client, commitment_index, education):
    make_commitment(commitment_index, title="Accueil")
    make_commitment(commitment_index, title="Écoles", category=education)
    response = client.get(commitment_index.url, {"category": "human-rights-education"})
    assert [c.title for c in response.context["commitments_page"]] == ["Écoles"]


def test_index_filters_by_scope(client, commitment_index):
    make_commitment(commitment_index, title="Ici", scope="local")
    make_commitment(commitment_index, title="Ailleurs", scope="global")
    response = client.get(commitment_index.url, {"scope": "global"})
    assert [c.title for c in response.context["commitments_page"]] == ["Ailleurs"]


def test_index_sorts_by_target_date_with_undated_last(client, commitment_index):
    make_commitment(commitment_index, title="Sans date")
    make_commitment(commitment_index, title="2019", target_date=D(2019, 6, 30))
    make_commitment(commitment_index, title="2017", target_date=D(2017, 6, 30))
    response = client.get(commitment_index.url, {"sort": "target"})
    assert [c.title for c in response.context["commitments_page"]] == ["2017", "2019", "Sans date"]


def test_index_sorts_by_latest_update(client, commitment_index):
    make_commitment(
        commitment_index, title="Ancien", updates=[make_commitment_update(D(2017, 1, 1))]
    )
    make_commitment(
        commitment_index, title="Récent", updates=[make_commitment_update(D(2018, 1, 1))]
    )
    response = client.get(commitment_index.url, {"sort": "updated"})
    assert [c.title for c in response.context["commitments_page"]] == ["Récent", "Ancien"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "done"},
        {"category": "does-not-exist"},
        {"scope": "<script>"},
        {"sort": "price"},
    ],
)
def test_unknown_filter_values_are_ignored_and_reported(client, commitment_index, query):
    make_commitment(commitment_index, title="Accueil")
    response = client.get(commitment_index.url, query)
    assert response.status_code == 200
    assert [c.title for c in response.context["commitments_page"]] == ["Accueil"]
    (name, value), *_ = response.context["commitment_filters"].ignored
    assert (name, value) == next(iter(query.items()))
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(("page", "expected"), [("99", 2), ("-1", 2), ("abc", 1), ("", 1)])
def test_a_page_number_out_of_range_shows_the_last_page_and_junk_the_first(
    client, commitment_index, settings, page, expected
):
    settings.WAGTAIL_VILLESLUMIERES = {"BASE_TEMPLATE": "base.html", "COMMITMENTS_PER_PAGE": 2}
    for number in range(3):
        make_commitment(commitment_index, title=f"Engagement {number}")
    response = client.get(commitment_index.url, {"page": page})
    assert response.status_code == 200
    assert response.context["commitments_page"].number == expected


def test_pagination_links_keep_the_filters(client, commitment_index, settings):
    settings.WAGTAIL_VILLESLUMIERES = {"BASE_TEMPLATE": "base.html", "COMMITMENTS_PER_PAGE": 1}
    for number in range(2):
        make_commitment(commitment_index, title=f"Engagement {number}")
    response = client.get(commitment_index.url, {"status": "planned"})
    expected = f"{commitment_index.url}?status=planned&amp;page=2"
    assert f'href="{expected}"' in response.content.decode()


def test_filtered_variants_are_noindex_with_a_canonical_link(client, commitment_index):
    make_commitment(commitment_index)
    html = client.get(commitment_index.url, {"status": "planned"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="{commitment_index.full_url}">' in html


def test_the_unfiltered_list_can_be_indexed(client, commitment_index):
    make_commitment(commitment_index)
    html = client.get(commitment_index.url).content.decode()
    assert 'name="robots"' not in html
    assert f'<link rel="canonical" href="{commitment_index.full_url}">' in html


def test_export_and_feed_links_carry_the_current_filters(client, commitment_index):
    make_commitment(commitment_index)
    html = client.get(
        commitment_index.url, {"status": "planned", "scope": "local"}
    ).content.decode()
    base = commitment_index.url
    for route in ("export/csv/", "export/json/", "feed/rss/", "feed/atom/"):
        assert f'href="{base}{route}?status=planned&amp;scope=local"' in html


def test_filter_form_is_a_plain_get_form_with_labels(client, commitment_index):
    make_commitment(commitment_index)
    html = client.get(commitment_index.url).content.decode()
    assert f'<form class="vl-filters" method="get" action="{commitment_index.url}">' in html
    for name in ("category", "status", "scope", "sort"):
        assert f'<label for="vl-filter-{name}">' in html
        assert f'id="vl-filter-{name}"' in html


def test_index_costs_the_same_queries_for_3_and_200_commitments(client, commitment_index):
    def count_queries():
        client.get(commitment_index.url)  # warms Wagtail's per-site caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(commitment_index.url, {"sort": "updated"})
        assert response.status_code == 200
        return len(queries)

    category = make_commitment_category()
    make_commitments_in_bulk(commitment_index, 3, category)
    small = count_queries()
    make_commitments_in_bulk(commitment_index, 197, category, start=3)
    assert count_queries() == small
    assert small <= 20


# --- The hub ------------------------------------------------------------------------------


def test_hub_summarises_its_commitments_by_status_with_a_link_to_the_index(
    client, hub, commitment_index
):
    make_commitment(commitment_index, title="A", initial_status="achieved")
    make_commitment(commitment_index, title="B", initial_status="achieved")
    make_commitment(commitment_index, title="C")
    html = client.get(hub.url).content.decode()
    assert f'href="{commitment_index.url}?status=achieved"' in html
    assert f'<a href="{commitment_index.url}">' in html
    summary = CommitmentSummary.for_hub(HubPage.objects.get(pk=hub.pk))
    assert {s: n for s, _l, n in summary.by_status}["achieved"] == 2


def test_hub_without_commitment_index_shows_no_commitment_summary(client, hub):
    html = client.get(hub.url).content.decode()
    assert "vl-hub-commitments-title" not in html


def test_hub_summary_costs_the_same_queries_for_3_and_200_commitments(
    client, hub, commitment_index
):
    def count_queries():
        client.get(hub.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(hub.url)
        return len(queries)

    category = make_commitment_category()
    make_commitments_in_bulk(commitment_index, 3, category)
    small = count_queries()
    make_commitments_in_bulk(commitment_index, 197, category, start=3)
    assert count_queries() == small


def test_hub_summary_counts_only_its_own_commitments(client, home, hub, commitment_index):
    other_hub = make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")
    make_commitment(make_commitment_index(other_hub), title="Ailleurs", initial_status="achieved")
    make_commitment(commitment_index, title="Ici")
    summary = CommitmentSummary.for_hub(HubPage.objects.get(pk=hub.pk))
    assert summary.total == 1


# --- Editing in the admin ------------------------------------------------------------------


def commitment_form_data(category, **overrides):
    """The POST data of the commitment's admin form, with one progress update."""
    data = nested_form_data(
        {
            "title": "Mieux intégrer les demandeurs d'asile",
            "slug": "integration",
            "summary": "Des initiatives pour une meilleure intégration.",
            "category": str(category.pk),
            "scope": "local",
            "initial_status": "planned",
            "initial_progress": "",
            "start_date": "2017-01-01",
            "target_date": "2018-12-31",
            "responsible_service": "CPAS",
            "resolution_date": "2016-11-24",
            "resolution_reference": "CC/2016/112",
            "resolution_document": "",
            "resolution_url": "",
            "description": streamfield([]),
            "adopted_individual": "",
            "updates": inline_formset(
                [
                    {
                        "date": "2017-04-20",
                        "title": "Cours de français",
                        "text": "",
                        "status": "in-progress",
                        "progress": "40",
                        "link": "",
                    }
                ]
            ),
        }
    )
    data["action-publish"] = "action-publish"
    data.update(overrides)
    return data


def add_commitment_url(commitment_index):
    return reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_villeslumieres", "commitmentpage", commitment_index.pk),
    )


def test_editor_opens_a_commitment_with_its_timeline_in_the_admin(admin_client, commitment_index):
    commitment = make_commitment(
        commitment_index, updates=[make_commitment_update(D(2017, 4, 20), "Cours de français")]
    )
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(commitment.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cours de français" in html
    assert 'name="achieved_without_full_progress"' in html
    assert 'name="adopted_individual"' in html


def test_editor_publishes_a_commitment_and_its_status_follows_the_update(
    admin_client, commitment_index
):
    category = make_commitment_category()
    response = admin_client.post(
        add_commitment_url(commitment_index), commitment_form_data(category)
    )
    assert response.status_code == 302, form_errors(response)
    commitment = CommitmentPage.objects.get(slug="integration")
    assert commitment.live
    assert (commitment.status, commitment.progress) == ("in-progress", 40)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("initial_progress", "150", "Ensure this value is less than or equal to 100."),
        ("updates-0-progress", "101", "Ensure this value is less than or equal to 100."),
        ("updates-0-progress", "-5", "Ensure this value is greater than or equal to 0."),
        ("target_date", "2016-12-31", "The target date cannot be before the start date."),
        ("updates-0-status", "achieved", "would be shown as achieved with only 40 % progress"),
        ("updates-0-date", "", "This field is required."),
    ],
)
def test_bad_input_in_commitment_form_is_refused_and_nothing_saved(
    admin_client, commitment_index, field, value, message
):
    category = make_commitment_category()
    data = commitment_form_data(category, **{field: value})
    response = admin_client.post(add_commitment_url(commitment_index), data)
    assert response.status_code == 200
    assert_form_error(response, message)
    assert not CommitmentPage.objects.filter(slug="integration").exists()


def test_achieved_below_100_percent_is_accepted_when_explicitly_allowed(
    admin_client, commitment_index
):
    category = make_commitment_category()
    data = commitment_form_data(
        category, **{"updates-0-status": "achieved", "achieved_without_full_progress": "on"}
    )
    response = admin_client.post(add_commitment_url(commitment_index), data)
    assert response.status_code == 302, form_errors(response)
    assert CommitmentPage.objects.get(slug="integration").status == "achieved"


def test_a_later_update_reaching_100_percent_makes_achieved_valid(admin_client, commitment_index):
    category = make_commitment_category()
    data = commitment_form_data(category)
    data.update(
        {
            "updates-TOTAL_FORMS": "2",
            "updates-1-date": "2018-06-01",
            "updates-1-title": "Objectif atteint",
            "updates-1-status": "achieved",
            "updates-1-progress": "100",
            "updates-1-ORDER": "2",
            "updates-1-DELETE": "",
            "updates-1-id": "",
            "updates-1-text": "",
            "updates-1-link": "",
        }
    )
    response = admin_client.post(add_commitment_url(commitment_index), data)
    assert response.status_code == 302, form_errors(response)
    commitment = CommitmentPage.objects.get(slug="integration")
    assert (commitment.status, commitment.progress) == ("achieved", 100)


def test_a_category_in_use_cannot_be_deleted(commitment_index):
    from django.db.models import ProtectedError

    commitment = make_commitment(commitment_index)
    with pytest.raises(ProtectedError):
        commitment.category.delete()


# --- The category snippet -------------------------------------------------------------------


def test_category_listing_searches_and_shows_usage(admin_client, commitment_index):
    make_commitment(commitment_index)
    url = reverse("wagtailsnippets_wagtail_villeslumieres_commitmentcategory:list")
    response = admin_client.get(url, {"q": "demandeurs", "locale": "fr"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intégration des demandeurs d&#x27;asile" in html


def test_category_listing_filters_unused_categories(admin_client, commitment_index, education):
    make_commitment(commitment_index)  # uses "asylum-seekers", not "human-rights-education"
    url = reverse("wagtailsnippets_wagtail_villeslumieres_commitmentcategory:list")
    response = admin_client.get(url, {"in_use": "false", "locale": "fr"})
    names = [str(obj) for obj in response.context["object_list"]]
    assert "Éducation aux droits humains" in names
    assert "Intégration des demandeurs d'asile" not in names


def test_editors_without_snippet_permission_cannot_list_categories(client, django_user_model):
    editor = django_user_model.objects.create_user(username="editor", password="x")
    editors = Group.objects.create(name="Page editors only")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    url = reverse("wagtailsnippets_wagtail_villeslumieres_commitmentcategory:list")
    response = client.get(url)
    assert response.status_code in (302, 403)


# --- Seeded categories, checks, demo -------------------------------------------------------


SEEDED_SLUGS = {"asylum-seekers", "human-rights-education", "individual-at-risk", "solidarity"}


def test_migrations_seed_the_four_categories_in_the_default_locale():
    seeded = CommitmentCategory.objects.filter(locale=Locale.get_default())
    assert set(seeded.values_list("slug", flat=True)) >= SEEDED_SLUGS


def test_seeding_again_creates_nothing_and_keeps_renamed_categories():
    seed = importlib.import_module(
        "wagtail_villeslumieres.migrations.0002_seed_commitment_categories"
    )
    category = CommitmentCategory.objects.get(slug="asylum-seekers", locale=Locale.get_default())
    category.name = "Accueil des demandeurs d'asile"
    category.save()
    before = CommitmentCategory.objects.count()
    seed.seed_categories(django_apps, None)
    assert CommitmentCategory.objects.count() == before
    category.refresh_from_db()
    assert category.name == "Accueil des demandeurs d'asile"


def test_routable_page_app_is_required(monkeypatch):
    is_installed = django_apps.is_installed
    monkeypatch.setattr(
        django_apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.routable_page" and is_installed(name),
    )
    messages = [error.msg for error in check_required_apps(None)]
    assert any("wagtail.contrib.routable_page" in message for message in messages)


# --- Translations (wagtail-localize) -------------------------------------------------------


@requires_localize
def test_a_translated_commitment_keeps_status_progress_and_category_slug(
    commitment_index, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    commitment = make_commitment(
        commitment_index,
        resolution_reference="CC/2016/112",
        updates=[make_commitment_update(D(2017, 4, 20), status="in-progress", progress=60)],
    )
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    category_nl = commitment.category.copy_for_translation(nl)
    category_nl.name = "Integratie van asielzoekers"
    category_nl.save()
    # wagtail-localize publishes translated pages once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        for page in (commitment_index.get_parent(), commitment_index):
            source, _created = TranslationSource.get_or_create_from_instance(page.specific)
            translate_every_segment(source, nl, StringSegment, StringTranslation)
            source.create_or_update_translation(nl, publish=True, copy_parent_pages=True)
        source, _created = TranslationSource.get_or_create_from_instance(commitment)
        translate_every_segment(source, nl, StringSegment, StringTranslation)
        translated, _created = source.create_or_update_translation(nl, publish=True)

    translated = CommitmentPage.objects.get(pk=translated.pk)
    assert (translated.status, translated.progress) == ("in-progress", 60)
    assert translated.resolution_reference == "CC/2016/112"
    assert translated.category == category_nl
    assert translated.category.slug == commitment.category.slug
    assert translated.updates.get().title == "[nl] Point d'étape"
    index_nl = CommitmentIndexPage.objects.get(locale=nl)
    request = RequestFactory().get("/", {"category": commitment.category.slug})
    _all, filtered, _filters = filter_commitments(index_nl, request)
    assert [c.pk for c in filtered] == [translated.pk]


def translate_every_segment(source, locale, StringSegment, StringTranslation):
    """A "[nl] …" translation of every text of ``source``, as a translator would enter."""
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"[{locale.language_code}] {segment.string.data}"},
        )
