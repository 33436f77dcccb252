"""A base template without <main> (as ``wagtail start`` makes it) gets one from the
package's pages, with a skip link, when ``MAIN_ELEMENT`` says so."""

import pytest
from django.test import override_settings

from tests.factories import make_individual
from tests.helpers import requires_i18n

pytestmark = pytest.mark.django_db

#: A base template like the one ``wagtail start`` makes: no <main>, no skip link.
WITHOUT_MAIN = {"BASE_TEMPLATE": "testapp/base_without_main.html", "MAIN_ELEMENT": True}


@requires_i18n
@override_settings(WAGTAIL_VILLESLUMIERES=WITHOUT_MAIN)
@pytest.mark.parametrize("suffix", ["", "agenda/"])
def test_the_hub_and_its_agenda_provide_main_and_a_skip_link(client, hub, suffix):
    html = client.get(hub.url + suffix).content.decode()
    assert html.count("<main") == 1
    body = html.split("<body", 1)[1]
    assert body.index('<a class="vl-skip-link" href="#vl-main">Aller au contenu</a>') < body.index(
        '<main id="vl-main">'
    )


@override_settings(WAGTAIL_VILLESLUMIERES=WITHOUT_MAIN)
def test_the_individuals_page_provides_main(client, hub):
    html = client.get(make_individual(hub).url).content.decode()
    assert html.count('<main id="vl-main">') == 1
    assert html.count("</main>") == 1


def test_a_base_template_with_main_keeps_the_only_main(client, hub):
    html = client.get(hub.url).content.decode()
    assert html.count("<main") == 1
    assert 'id="vl-main"' not in html
