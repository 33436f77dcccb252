"""The demo in every language it has, checked by the Nu HTML Checker.

Walcourt's site is French; Ixelles' is French and Dutch. Every home page and every
page of each hub's tree (the hub, its agenda, its adopted individuals, its
commitment index and commitments) must pass the checker without error and without
a language warning. Pages are labelled by language, host and path: both communes
have a ``/fr/ville-lumieres/``.
"""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Site

from tests.helpers import requires_localize
from wagtail_villeslumieres.models import HubPage

pytestmark = [pytest.mark.django_db, pytest.mark.validators, requires_localize]


def demo_pages():
    """``{label: (host, path)}`` of every live page below each hub, each hub's agenda, and
    each Site's home page in every language it is published in."""
    pages = {}
    for site in Site.objects.all():
        for home in site.root_page.get_translations(inclusive=True).live():
            url = urlsplit(home.full_url)
            pages[f"{home.locale.language_code}:{url.netloc}{url.path}"] = (url.netloc, url.path)
    for hub in HubPage.objects.live():
        for page in hub.get_descendants(inclusive=True).live().specific():
            url = urlsplit(page.full_url)
            pages[f"{page.locale.language_code}:{url.netloc}{url.path}"] = (url.netloc, url.path)
        url = urlsplit(hub.full_url)
        agenda = url.path + hub.reverse_subpage("agenda")
        pages[f"{hub.locale.language_code}:{url.netloc}{agenda}"] = (url.netloc, agenda)
    return pages


@pytest.fixture(scope="module")
def demo_documents(django_db_setup, django_db_blocker):
    client = Client()
    # The demo is written in French: loaded in the suite's English, Walcourt's pages
    # would claim English around French text.
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(LANGUAGE_CODE="fr"):
        with open("/dev/null", "w") as quiet:
            call_command("load_demo", stdout=quiet)
        documents = {}
        for label, (host, path) in demo_pages().items():
            response = client.get(path, HTTP_HOST=host)
            documents[label] = (response.status_code, response.content)
        transaction.set_rollback(True)
    return documents


def test_the_demo_has_pages_in_french_and_dutch(demo_documents):
    languages = {label.split(":")[0] for label in demo_documents}
    assert languages == {"fr", "nl"}
    assert len(demo_documents) >= 20  # both communes' pages, not one per path


def test_every_demo_page_passes_the_nu_checker_in_its_language(demo_documents, nu_messages):
    problems = []
    for label, (status, content) in demo_documents.items():
        if status != 200:
            problems.append(f"{label}: answered {status}")
            continue
        for message in nu_messages(content):
            if message["type"] in ("error", "non-document-error") or (
                "appears to be" in message["message"]
            ):
                problems.append(f"{label}: {message['message']}")
    assert problems == []
