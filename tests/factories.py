"""Small helpers that build the objects tests need (no fixture files)."""

import datetime

from django.apps import apps
from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from wagtail_villeslumieres.models import HolderKind, HubPage, LabelAward, Region


def ensure_wagtail_tree(language_code="fr"):
    """The rows Wagtail's migrations create, which a transactional test's flush removes."""
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root, locale


def home_page_model():
    """The site's home page model: the test app's, or the one ``TESTS_HOME_PAGE_MODEL``
    names (the example site's tests use its ``home.HomePage``)."""
    return apps.get_model(getattr(settings, "TESTS_HOME_PAGE_MODEL", "testapp.HomePage"))


def make_home(hostname="localhost", port=80, language_code="fr"):
    """A home page under the tree root, as root of the default site."""
    root, locale = ensure_wagtail_tree(language_code)
    HomePage = home_page_model()  # noqa: N806
    home = root.add_child(
        instance=HomePage(title=f"Home {hostname}", slug=f"home-{hostname}-{port}", locale=locale)
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    elif site.hostname == hostname and site.port == port:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname=hostname, port=port, root_page=home)
    return home


def make_hub(parent, *, title="Walcourt, Ville lumières", slug="ville-lumieres", **fields):
    """A published hub with one label award (2016).

    ``address`` may be given on one line ("Place de l'Hôtel de Ville 3-5, 5650 Walcourt").
    """
    from wagtail_villeslumieres.addresses import split_address

    if "address" in fields:
        fields.update(split_address(fields.pop("address")))
    defaults = {
        "holder_name": "Walcourt",
        "holder_kind": HolderKind.COMMUNE,
        "region": Region.WALLONIA,
        "intro": "Walcourt s'engage pour les droits humains.",
    }
    defaults.update(fields)
    hub = HubPage(title=title, slug=slug, **defaults)
    hub.awards = [LabelAward(year=2016, date_awarded=datetime.date(2016, 12, 10))]
    parent.add_child(instance=hub)
    hub.save_revision().publish()
    hub.refresh_from_db()
    return hub


def make_individual(hub, *, slug="phyoe-phyoe-aung", updates=None, publish=True, **fields):
    """An adopted individual below ``hub`` (Phyoe Phyoe Aung, released in 2016), published.

    ``updates`` is a list of ``CaseUpdate`` (unsaved); by default one entry, her arrest.
    """
    from wagtail_villeslumieres.models import AdoptedIndividualPage, CaseUpdate, Situation, Theme

    defaults = {
        "title": "Phyoe Phyoe Aung",
        "full_name": "Phyoe Phyoe Aung",
        "country": "Myanmar",
        "theme": Theme.ASSEMBLY,
        "adopted_since": datetime.date(2015, 12, 10),
        "summary": "Dirigeante étudiante emprisonnée pour avoir manifesté pacifiquement.",
    }
    defaults.update(fields)
    page = AdoptedIndividualPage(slug=slug, live=publish, **defaults)
    if updates is None:
        updates = [
            CaseUpdate(
                date=datetime.date(2015, 3, 10),
                title="Arrêtée après une manifestation pacifique",
                situation=Situation.DETAINED,
            )
        ]
    page.case_updates = updates
    hub.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def make_image(title="Portrait", width=640, height=480, colour=(200, 120, 40), exif=None):
    """A Wagtail image holding a real JPEG, stored in the test storage (``exif``, a
    ``PIL.Image.Exif``, is written to the upload and stripped when the image is saved)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG", exif=exif or b"")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.jpg")
    )


def make_campaign(
    *,
    name="Marathon des lettres 2016",
    year=2016,
    slug="marathon-2016",
    starts_on=datetime.date(2016, 11, 25),
    ends_on=datetime.date(2016, 12, 17),
    goal=3700,
    is_active=True,
    locale=None,
):
    """A letter campaign (the 2016 "Marathon des lettres" unless told otherwise)."""
    from wagtail_villeslumieres.models import LetterCampaign

    if locale is None:
        from wagtail.coreutils import get_supported_content_language_variant

        # The default locale, created if a transactional test's flush removed it.
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        locale = Locale.objects.get_or_create(language_code=language)[0]
    return LetterCampaign.objects.create(
        name=name,
        year=year,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        goal=goal,
        is_active=is_active,
        locale=locale,
    )


def session_datetime(day=10, hour=14, year=2016, month=12):
    """An aware datetime in the site's time zone, inside the 2016 campaign by default."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def make_session(campaign, hub, *, day=10, save=True, **fields):
    """A writing session of ``campaign`` for ``hub`` on 10 December 2016, 14:00 to 17:00.

    ``address`` may be given on one line ("Rue de la Station 3, 5650 Walcourt").
    """
    from wagtail_villeslumieres.addresses import split_address
    from wagtail_villeslumieres.models import WritingSession

    if "address" in fields:
        fields.update(split_address(fields.pop("address")))

    values = {
        "place_name": "Bibliothèque communale",
        "starts_at": session_datetime(day, 14),
        "ends_at": session_datetime(day, 17),
        "letters": 10,
    }
    values.update(fields)
    session = WritingSession(campaign=campaign, hub=hub, **values)
    if save:
        session.save()
    return session


def make_commitment_category(
    slug="asylum-seekers", name="Intégration des demandeurs d'asile", locale=None
):
    """A commitment category in ``locale`` (French by default), reused if its slug exists."""
    from wagtail_villeslumieres.models import CommitmentCategory

    locale = locale or Locale.objects.get_or_create(language_code="fr")[0]
    category, _ = CommitmentCategory.objects.get_or_create(
        slug=slug, locale=locale, defaults={"name": name}
    )
    return category


def make_commitment_index(hub, *, title="Nos engagements", slug="engagements", **fields):
    """A published commitment index below ``hub``."""
    from wagtail_villeslumieres.models import CommitmentIndexPage

    commitment_index = CommitmentIndexPage(title=title, slug=slug, **fields)
    hub.add_child(instance=commitment_index)
    commitment_index.save_revision().publish()
    commitment_index.refresh_from_db()
    return commitment_index


def make_commitment(
    commitment_index,
    *,
    title="Mieux intégrer les demandeurs d'asile",
    slug=None,
    category=None,
    updates=(),
    publish=True,
    **fields,
):
    """A commitment below ``commitment_index``; ``updates`` are ``CommitmentUpdate`` objects."""
    from django.utils.text import slugify

    from wagtail_villeslumieres.models import CommitmentPage

    values = {
        "summary": "La commune s'engage à mieux accueillir les demandeurs d'asile.",
        "category": category or make_commitment_category(),
    }
    values.update(fields)
    commitment = CommitmentPage(title=title, slug=slug or slugify(title), live=publish, **values)
    commitment.updates = list(updates)
    commitment_index.add_child(instance=commitment)
    revision = commitment.save_revision()
    if publish:
        revision.publish()
    commitment.refresh_from_db()
    return commitment


def make_commitment_update(date, title="Point d'étape", **fields):
    """An unsaved timeline entry, for ``make_commitment(updates=[...])``."""
    from wagtail_villeslumieres.models import CommitmentUpdate

    return CommitmentUpdate(date=date, title=title, **fields)


def next_campaign_year():
    """A year whose December is always ahead of today: sessions in it are upcoming."""
    from django.utils import timezone

    return timezone.localdate().year + 1


def make_upcoming_campaign(**fields):
    """Next year's "Marathon des lettres" (25 November to 17 December), active."""
    year = fields.pop("year", next_campaign_year())
    values = {
        "name": f"Marathon des lettres {year}",
        "year": year,
        "slug": f"marathon-{year}",
        "starts_on": datetime.date(year, 11, 25),
        "ends_on": datetime.date(year, 12, 17),
    }
    values.update(fields)
    return make_campaign(**values)


def make_announced_session(campaign, hub, *, day=10, hour=18, hours=2, **fields):
    """A public session announced ahead (no counts) on ``day`` December of the campaign's year."""
    starts_at = session_datetime(day, hour, year=campaign.year)
    values = {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=hours),
        "address": "Place de l'Hôtel de Ville 1, 5650 Walcourt",
        "letters": 0,
    }
    values.update(fields)
    return make_session(campaign, hub, **values)


def make_campaign_translation(campaign, language_code, name):
    """``campaign`` translated into ``language_code`` (same slug, goal and total)."""
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    translated = campaign.copy_for_translation(locale)
    translated.name = name
    translated.save()
    return translated


def make_hub_translation(hub, language_code, title):
    """``hub`` translated into ``language_code`` and published (its parents copied too)."""
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    translated = hub.copy_for_translation(locale, copy_parents=True)
    translated.title = title
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def make_commitments_in_bulk(commitment_index, count, category, start=0):
    """``count`` live commitments with one update each, created without revisions (fast)."""
    from wagtail_villeslumieres.models import CommitmentPage

    for number in range(start, start + count):
        commitment = CommitmentPage(
            title=f"Engagement {number}",
            slug=f"engagement-{number}",
            summary="Un engagement.",
            category=category,
            target_date=datetime.date(2018, 1, 1) + datetime.timedelta(days=number),
        )
        commitment.updates = [
            make_commitment_update(
                datetime.date(2017, 1, 1), status="in-progress", progress=number % 101
            )
        ]
        commitment_index.add_child(instance=commitment)


def translate_with_localize(instance, language_code, texts=None):
    """``instance`` translated into ``language_code`` through wagtail-localize's own flow.

    The source is extracted (``TranslationSource``), every text segment gets a
    ``StringTranslation`` (``texts[source text]`` when given, else the source text
    marked ``[nl] …``), then ``create_or_update_translation`` builds the
    translation and publishes it. Parents of a page must be translated first.
    Returns the translation, read back from the database.
    """
    from django.test import TestCase
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    texts = texts or {}
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = segment.string.data
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": texts.get(text, f"[{language_code}] {text}")},
        )
    # wagtail-localize publishes a translated page once the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translated, _created = source.create_or_update_translation(locale, publish=True)
    translated = type(translated).objects.get(pk=translated.pk)
    return translated.specific if isinstance(translated, Page) else translated


def translate_branch_with_localize(page, language_code, texts=None):
    """``page`` and every ancestor below the tree root translated with wagtail-localize.

    Ancestors already translated into ``language_code`` are kept. Returns the
    translation of ``page``.
    """
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    translated = None
    for ancestor in [*page.get_ancestors().filter(depth__gt=1), page]:
        existing = ancestor.get_translation_or_none(locale)
        if existing is not None and ancestor.pk != page.pk:
            continue
        translated = translate_with_localize(ancestor.specific, language_code, texts)
    return translated


def make_content_page(parent, body, *, title="Écrire pour les droits", slug="ecrire", live=True):
    """A page of the site's own type (``testapp.ContentPage``) with ``body`` (a list of
    ``(block type, value)``), published unless ``live`` is false."""
    from tests.testapp.models import ContentPage

    page = parent.add_child(instance=ContentPage(title=title, slug=slug, body=body))
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page


def counter_block(campaign, hub=None, style="number", heading=""):
    """The value of a letter counter block, as ``make_content_page`` takes it."""
    return {"campaign": campaign, "hub": hub, "style": style, "heading": heading}


def make_network(parent, campaign, *, title="Belgique, Villes lumières", slug="reseau", **fields):
    """A published network of counters for ``campaign`` below ``parent``."""
    from wagtail_villeslumieres.models import NetworkPage

    network = NetworkPage(title=title, slug=slug, campaign=campaign, **fields)
    parent.add_child(instance=network)
    network.save_revision().publish()
    network.refresh_from_db()
    return network


def make_member(network, *, name="Walcourt", status="active", **fields):
    """A member of ``network`` (active, in Wallonia, a commune unless told otherwise)."""
    from wagtail_villeslumieres.models import NetworkMember

    values = {"kind": "commune", "region": "wallonia"}
    values.update(fields)
    return NetworkMember.objects.create(network=network, name=name, status=status, **values)


def counter_body(slug="marathon-2016", letters=10, includes=None, **fields):
    """The bytes of a counter JSON as another site serves it."""
    import json

    by_kind = {"letters": letters, "drawings": 0, "messages": 0, "emails": 0, "tweets": 0}
    data = {
        "campaign": {"slug": slug, "name": "Marathon", "year": 2016, "language": "fr"},
        "hub": None,
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "sessions": 1,
        "updated_at": "2016-12-10T14:00:00+00:00",
        "stale": False,
    }
    if includes is not None:
        data["includes"] = includes
    data.update(fields)
    return json.dumps(data).encode()
