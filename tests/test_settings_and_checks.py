"""Settings are read from one dict with defaults; misconfiguration is reported at start-up."""

import pytest
from django.core.checks import Tags, run_checks
from django.test import override_settings

from wagtail_villeslumieres.conf import DEFAULTS, vl_settings


def check_ids():
    """The ids of the package's messages among the checks it registers (by their tags).

    Model checks are left out: on newer Django they query the database's features.
    """
    messages = run_checks(tags=[Tags.compatibility, Tags.templates, Tags.urls])
    return {message.id for message in messages if message.id.startswith("wagtail_villes")}


def test_every_setting_has_a_default_when_the_dict_is_absent(settings):
    del settings.WAGTAIL_VILLESLUMIERES
    for key, value in DEFAULTS.items():
        assert getattr(vl_settings, key) == value


def test_a_site_setting_overrides_the_default_and_follows_override_settings():
    with override_settings(WAGTAIL_VILLESLUMIERES={"CACHE_TIMEOUT": 42}):
        assert vl_settings.CACHE_TIMEOUT == 42
    assert DEFAULTS["CACHE_TIMEOUT"] == vl_settings.CACHE_TIMEOUT


def test_reading_an_unknown_setting_is_an_error():
    with pytest.raises(AttributeError, match="NOT_A_SETTING"):
        vl_settings.NOT_A_SETTING  # noqa: B018


def test_the_example_configuration_passes_every_check(settings):
    settings.DEBUG = True
    assert check_ids() == set()


@pytest.mark.parametrize(
    ("value", "expected_id"),
    [
        ("not a dict", "wagtail_villeslumieres.E002"),
        ({"CACHE_TIMOUT": 10}, "wagtail_villeslumieres.E002"),
        ({"CACHE_TIMEOUT": 0}, "wagtail_villeslumieres.E003"),
        ({"MAX_COUNT_PER_SESSION": "many"}, "wagtail_villeslumieres.E003"),
        ({"CACHE_ALIAS": "nowhere"}, "wagtail_villeslumieres.E004"),
        ({"EMBED_FRAME_ANCESTORS": "https://example.org"}, "wagtail_villeslumieres.E005"),
        ({"EMBED_FRAME_ANCESTORS": ["example.org"]}, "wagtail_villeslumieres.E005"),
        ({"BASE_TEMPLATE": "no/such/template.html"}, "wagtail_villeslumieres.E006"),
        ({"REPORTING_MODERATION": "never"}, "wagtail_villeslumieres.E008"),
        ({"REPORTING_NOTIFY_EDITORS": "yes"}, "wagtail_villeslumieres.E008"),
        ({"REPORTING_SUBMISSIONS_PER_LINK": 0}, "wagtail_villeslumieres.E003"),
    ],
)
def test_a_bad_setting_is_reported_by_a_system_check(value, expected_id):
    with override_settings(WAGTAIL_VILLESLUMIERES=value):
        assert expected_id in check_ids()


def test_a_missing_required_app_is_reported(monkeypatch):
    from django.apps import apps

    from wagtail_villeslumieres.checks import check_required_apps

    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail.snippets" and installed(name)
    )
    messages = check_required_apps(None)
    assert [m.id for m in messages] == ["wagtail_villeslumieres.E001"]
    assert "'wagtail.snippets' must be in INSTALLED_APPS" in messages[0].msg


def test_urls_not_included_are_reported(settings):
    settings.ROOT_URLCONF = "tests.urls_without_package"
    assert "wagtail_villeslumieres.W001" in check_ids()


def test_a_per_process_cache_is_flagged_in_production(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "wagtail_villeslumieres.W002" in check_ids()


def test_a_shared_cache_is_not_flagged(settings):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "wagtail_villeslumieres.W002" not in check_ids()
