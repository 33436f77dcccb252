"""Links on a multi-site install: relative within the Site a page is served on, absolute
(with that other Site's host and port) to a page of another Site.

Wagtail's ``Page.url`` is absolute as soon as an install holds several Sites; the
package's templates link with ``pageurl`` and ``routablepageurl``, which are relative
to the Site of the request.
"""

import pytest

from tests.factories import (
    make_announced_session,
    make_commitment,
    make_commitment_index,
    make_hub,
    make_individual,
    make_upcoming_campaign,
)

pytestmark = pytest.mark.django_db

OTHER_SITE = ("elsene", 8123)


@pytest.fixture
def two_sites(hub):
    """Walcourt's hub on the default Site (localhost:80) and a second Site of its own."""
    from tests.factories import make_home

    other_home = make_home(*OTHER_SITE)
    other_hub = make_hub(other_home, title="Ixelles, Ville lumières", holder_name="Ixelles")
    return hub, other_hub


def path_of(page):
    return page.get_url_parts()[2]


def html_on(client, page, suffix="", host="localhost"):
    response = client.get(path_of(page) + suffix, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def test_the_hub_links_to_its_agenda_relative_to_the_site(client, two_sites):
    hub, _other = two_sites
    campaign = make_upcoming_campaign()
    make_announced_session(campaign, hub)
    html = html_on(client, hub)
    assert f'href="{path_of(hub)}agenda/"' in html
    assert "http://localhost" not in html.split("<main", 1)[1]


def test_add_to_my_calendar_is_relative_to_the_site(client, two_sites):
    hub, _other = two_sites
    campaign = make_upcoming_campaign()
    session = make_announced_session(campaign, hub)
    html = html_on(client, hub, "agenda/")
    assert f'href="{path_of(hub)}agenda/{session.pk}/ical/" download' in html


def test_the_agenda_links_back_to_its_hub_relative_to_the_site(client, two_sites):
    hub, _other = two_sites
    html = html_on(client, hub, "agenda/")
    assert f'<a href="{path_of(hub)}">{hub.title}</a>' in html


def test_the_letter_kit_link_is_relative_to_the_site(client, two_sites):
    hub, _other = two_sites
    individual = make_individual(hub, sample_letter="Madame la Ministre, je vous écris.")
    html = html_on(client, individual)
    assert individual.appeal_is_open
    assert f'href="{path_of(individual)}letter-kit/"' in html
    kit = html_on(client, individual, "letter-kit/")
    assert f'href="{path_of(individual)}"' in kit


def test_a_link_to_a_page_of_another_site_stays_absolute_with_that_sites_port(client, two_sites):
    hub, other_hub = two_sites
    individual = make_individual(other_hub, slug="elsewhere")
    commitment = make_commitment(make_commitment_index(hub), adopted_individual=individual)
    html = html_on(client, commitment)
    host, port = OTHER_SITE
    assert f'href="http://{host}:{port}{path_of(individual)}"' in html
