"""A saved session purges exactly its counter's addresses from the frontend caches, on commit."""

import pytest
from django.db import transaction
from wagtail.contrib.frontend_cache.backends import BaseBackend

from tests.factories import make_campaign, make_hub, make_hub_translation, make_session
from wagtail_villeslumieres.counter import purge

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache that records what it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def frontend_cache(settings, campaign, hub, other_hub):
    """What is purged from now on (the pages above were purged when published)."""
    settings.WAGTAILFRONTENDCACHE = {"recording": {"BACKEND": f"{__name__}.RecordingBackend"}}
    settings.WAGTAILADMIN_BASE_URL = "https://cdn.example.org"
    PURGED.clear()
    return PURGED


@pytest.fixture
def campaign(locale_fr):
    return make_campaign()


@pytest.fixture
def other_hub(home):
    return make_hub(home, title="Ath, Ville lumières", slug="ath", holder_name="Ath")


def test_a_saved_session_purges_its_campaign_and_hub_addresses_on_commit(
    frontend_cache, campaign, hub, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_session(campaign, hub, letters=5)
    assert frontend_cache == []  # nothing before the commit
    for callback in callbacks:
        callback()
    base = "https://cdn.example.org/villeslumieres"
    assert f"{base}/counter/marathon-2016.json" in frontend_cache
    assert f"{base}/counter/marathon-2016.json?lang=nl" in frontend_cache
    assert f"{base}/counter/marathon-2016/{hub.pk}.json" in frontend_cache
    assert f"{base}/embed/counter/marathon-2016/" in frontend_cache
    assert (
        f"{base}/embed/counter/marathon-2016/?lang=fr&theme=dark&style=progress&hub={hub.pk}"
        in frontend_cache
    )
    assert hub.get_full_url() in frontend_cache


def test_it_purges_every_translation_of_the_hub_and_nothing_of_other_hubs(
    frontend_cache, campaign, hub, other_hub, django_capture_on_commit_callbacks
):
    dutch = make_hub_translation(hub, "nl", "Walcourt, Lichtstad")
    frontend_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_session(campaign, hub, letters=5)
    assert any(f"/{dutch.pk}.json" in url for url in frontend_cache)
    # Its page has an address only where i18n is on (tests.settings_no_i18n has none).
    assert dutch.get_full_url() is None or dutch.get_full_url() in frontend_cache
    assert not any(f"/{other_hub.pk}.json" in url for url in frontend_cache)
    assert not any(f"hub={other_hub.pk}" in url for url in frontend_cache)
    assert other_hub.get_full_url() not in frontend_cache


def test_the_purge_list_is_bounded(campaign, hub):
    # Per slug and hub page ID: 6 JSON addresses (its includes list too) and 25 embeds.
    assert len(purge.counter_paths(campaign.slug)) == 31
    assert len(purge.counter_paths(campaign.slug, hub.pk)) == 31


def test_a_rolled_back_session_purges_nothing(
    frontend_cache, campaign, hub, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_session(campaign, hub, letters=5)
        raise RuntimeError
    assert frontend_cache == []


def test_without_a_frontend_cache_nothing_is_computed(
    campaign, hub, django_capture_on_commit_callbacks, django_assert_num_queries
):
    session = make_session(campaign, hub, letters=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session.letters = 6
        session.save()
    # The commit's work: the scopes' two look-ups (campaign slugs, hub page IDs), no more.
    with django_assert_num_queries(2):
        for callback in callbacks:
            callback()
