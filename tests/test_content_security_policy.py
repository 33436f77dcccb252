"""The optional Content-Security-Policy of public pages, and templates that need no
inline script or style to satisfy it."""

import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.urls import reverse

import wagtail_villeslumieres
from tests.factories import make_campaign, make_commitment, make_commitment_index, make_individual
from wagtail_villeslumieres.counter.http import embed_content_security_policy
from wagtail_villeslumieres.middleware import default_policy, policy_header

pytestmark = pytest.mark.django_db

MIDDLEWARE_PATH = "wagtail_villeslumieres.middleware.PublicContentSecurityPolicyMiddleware"
TEMPLATES = Path(wagtail_villeslumieres.__file__).parent / "templates"


@pytest.fixture
def with_policy(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE_PATH]
    return settings


def test_public_pages_carry_the_packages_policy(client, with_policy, hub):
    index = make_commitment_index(hub)
    make_commitment(index)
    individual = make_individual(hub)
    for url in (hub.url, index.url, individual.url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == policy_header(), url


def test_the_default_policy_allows_no_inline_script_or_style():
    policy = default_policy()
    assert policy["script-src"] == policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy_header()
    assert "'unsafe-eval'" not in policy_header()


def test_static_files_on_a_cdn_are_allowed(settings):
    settings.STATIC_URL = "https://cdn.example/static/"
    settings.MEDIA_URL = "https://media.example/media/"
    policy = default_policy()
    assert policy["script-src"] == ["'self'", "https://cdn.example"]
    assert set(policy["img-src"]) == {
        "'self'",
        "https://cdn.example",
        "https://media.example",
        "data:",
    }


def test_the_embed_keeps_its_own_stricter_policy(client, with_policy, hub):
    make_campaign()
    response = client.get(reverse("wagtail_villeslumieres:counter_embed", args=["marathon-2016"]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == embed_content_security_policy()


def test_the_admin_gets_no_policy_because_its_panels_use_inline_scripts(
    admin_client, with_policy, hub
):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[hub.pk]))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_json_gets_no_page_policy(client, with_policy, hub):
    make_campaign()
    response = client.get(reverse("wagtail_villeslumieres:counter_json", args=["marathon-2016"]))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_a_site_sets_its_own_policy(client, with_policy, hub):
    with_policy.WAGTAIL_VILLESLUMIERES = {
        **with_policy.WAGTAIL_VILLESLUMIERES,
        "CONTENT_SECURITY_POLICY": {
            "default-src": ["'self'"],
            "script-src": ["'self'", "https://platform.twitter.com"],
            "upgrade-insecure-requests": [],
        },
    }
    response = client.get(hub.url)
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self' https://platform.twitter.com; "
        "upgrade-insecure-requests"
    )


def test_an_empty_policy_sets_no_header(client, with_policy, hub):
    with_policy.WAGTAIL_VILLESLUMIERES = {
        **with_policy.WAGTAIL_VILLESLUMIERES,
        "CONTENT_SECURITY_POLICY": {},
    }
    assert "Content-Security-Policy" not in client.get(hub.url)


@pytest.mark.parametrize("value", ["default-src 'self'", {"default-src": 1}, ["'self'"]])
def test_a_malformed_policy_is_reported_by_a_system_check(settings, value):
    settings.WAGTAIL_VILLESLUMIERES = {"CONTENT_SECURITY_POLICY": value}
    assert "wagtail_villeslumieres.E007" in {message.id for message in run_checks()}


def test_no_template_of_the_package_has_an_inline_script_style_or_event_handler():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/ld+json"' not in tag:
                found.append((template.name, tag))
        found += [(template.name, m) for m in re.findall(r"<style\b[^>]*>", text)]
        found += [(template.name, m) for m in re.findall(r"\sstyle=\"", text)]
        found += [(template.name, m) for m in re.findall(r"\son[a-z]+=\"", text)]
        found += [(template.name, m) for m in re.findall(r"javascript:", text)]
    assert found == []
