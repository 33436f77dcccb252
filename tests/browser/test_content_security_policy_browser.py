"""The public pages under the package's Content-Security-Policy, in a real browser:
nothing is refused (no inline script or style, every file from an allowed origin)."""

import pytest

from tests.factories import (
    make_campaign,
    make_commitment,
    make_commitment_index,
    make_home,
    make_hub,
    make_image,
    make_individual,
    make_session,
)
from wagtail_villeslumieres.middleware import policy_header

pytestmark = pytest.mark.django_db(transaction=True)


def with_policy(page, policy):
    """Serve every HTML document with ``policy``, as the middleware does."""

    def add_header(route):
        response = route.fetch()
        headers = dict(response.headers)
        if headers.get("content-type", "").startswith("text/html"):
            headers.setdefault("content-security-policy", policy)
        route.fulfill(response=response, headers=headers)

    page.route("**/*", add_header)


def test_public_pages_break_no_rule_of_the_policy(page, live_server):
    home = make_home()
    campaign = make_campaign()
    hub = make_hub(home)
    make_session(campaign, hub, letters=120)
    image = make_image("Atelier")
    hub.body = [
        ("letter_counter", {"campaign": campaign, "hub": hub, "style": "breakdown"}),
        ("image", {"image": {"image": image, "alt_text": "Atelier", "decorative": False}}),
    ]
    hub.save_revision().publish()
    index = make_commitment_index(hub)
    commitment = make_commitment(index)
    individual = make_individual(hub)
    with_policy(page, policy_header())
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for target in (hub, index, commitment, individual):
        response = page.goto(live_server.url + target.url)
        assert response.headers["content-security-policy"] == policy_header()
        page.wait_for_load_state("networkidle")
    assert page.evaluate("document.styleSheets.length") >= 1
    assert refused == []


def test_the_check_sees_a_refused_file(page, live_server):
    # The same check fails on a page that does break its policy.
    home = make_home()
    hub = make_hub(home)
    with_policy(page, "style-src 'none'")
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + hub.url)
    page.wait_for_load_state("networkidle")
    assert any("stylesheet" in message for message in refused), refused


def test_an_editors_userbar_works_under_the_policy(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "password")
    hub = make_hub(make_home())
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    with_policy(page, policy_header())
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + hub.url)
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1
    assert refused == []
