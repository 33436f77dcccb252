"""The demo in French, Dutch or German shows no English string.

Every page of the demo (each Site's pages in every language they are published in,
the hubs' agendas, the letter kit, a filtered commitment list), the search page,
a page that does not exist and the counter's embeds are rendered once in each
language, with Walcourt in French as ``make demo`` loads it. Their visible text
and the attributes people read (``aria-label``, ``title``, ``alt``, ``placeholder``,
the meta description and Open Graph texts) are then searched for the English
source of every message the catalogs translate into that language: the package's
and the example site's, and, for sentences of two words or more, Django's and
Wagtail's. A message found untranslated is a string rendered outside ``gettext``,
or a translation missing from a catalog.
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import django
import pytest
import wagtail
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Site

from tests.helpers import requires_localize
from wagtail_villeslumieres.models import AdoptedIndividualPage, CommitmentIndexPage, HubPage

pytestmark = [pytest.mark.django_db, requires_localize]

REPOSITORY = Path(__file__).resolve().parents[2]
#: The catalogs whose every message counts, and those whose sentences count.
OWN_CATALOGS = [
    REPOSITORY / "wagtail_villeslumieres" / "locale",
    REPOSITORY / "example_site" / "locale",
]
FRAMEWORK_CATALOGS = [
    Path(django.__file__).parent / "conf" / "locale",
    Path(wagtail.__file__).parent / "locale",
]
LANGUAGES = ["fr", "nl", "de"]
#: Attributes whose text people read (screen readers, tooltips, placeholders).
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
READ_META = {"description", "og:title", "og:description", "og:image:alt"}
#: What separates the literal parts of a message: its placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\{\w*\}")
PUNCTUATION = " .,:;!?…\u00a0"


class ReadText(HTMLParser):
    """The texts of a document a reader sees or hears, one item per text node or attribute."""

    def __init__(self):
        super().__init__()
        self.texts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attributes = dict(attrs)
        self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
        if tag == "meta" and READ_META & {attributes.get("name"), attributes.get("property")}:
            self.texts.append(attributes.get("content") or "")
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def read_texts(content):
    parser = ReadText()
    parser.feed(content.decode())
    return [text for text in parser.texts if text]


def catalog_messages(directories, language):
    """``{English message: translation}`` of the compiled catalogs in ``directories``."""
    messages = {}
    for directory in directories:
        for path in directory.glob(f"{language}/LC_MESSAGES/django.mo"):
            with path.open("rb") as file:
                catalog = gettext.GNUTranslations(file)._catalog
            for key, translation in catalog.items():
                message = key[0] if isinstance(key, tuple) else key  # plural forms
                message = message.split("\x04")[-1]  # a message's context
                # "Signature:" is "Signature :" in French: the same words are no English.
                if message and translation.strip(PUNCTUATION) != message.strip(PUNCTUATION):
                    messages[message] = translation
    return messages


def english_needles(language):
    """``(words, sentences)``: single English words to find as a whole text, and sentences.

    Each message's literal parts (between placeholders) are kept: a part of two words
    or more is a sentence searched anywhere; a one-word message of the package or the
    example site is searched as a whole text (a label, a button), since a word alone
    may also be a name in the content ("Place Flagey").
    """
    words, sentences = set(), set()
    for directories, with_words in ((OWN_CATALOGS, True), (FRAMEWORK_CATALOGS, False)):
        for message in catalog_messages(directories, language):
            for part in PLACEHOLDER.split(message):
                part = " ".join(part.split()).strip(PUNCTUATION)
                if len(part.split()) >= 2:
                    sentences.add(part)
                elif with_words and part == message.strip(PUNCTUATION) and len(part) > 1:
                    words.add(part)
    return words, sentences


def english_found(content, language, needles):
    words, sentences = needles
    texts = read_texts(content)
    found = {text.strip(PUNCTUATION) for text in texts} & words
    joined = "\n".join(texts)
    found |= {
        sentence
        for sentence in sentences
        if sentence in joined and re.search(rf"(?<!\w){re.escape(sentence)}(?!\w)", joined)
    }
    return found


def demo_documents():
    """``{label: (language, host, path)}`` of every document of the demo, in every language."""
    documents = {}

    def add(page, suffix=""):
        url = urlsplit(page.full_url)
        language = page.locale.language_code
        documents[f"{language}:{url.netloc}{url.path}{suffix}"] = (
            language,
            url.netloc,
            url.path + suffix,
        )

    for site in Site.objects.all():
        for page in site.root_page.get_descendants(inclusive=True).specific():
            for translation in page.get_translations(inclusive=True).live().specific():
                add(translation)
                if isinstance(translation, HubPage):
                    add(translation, translation.reverse_subpage("agenda"))
                if isinstance(translation, AdoptedIndividualPage):
                    add(translation, translation.reverse_subpage("letter_kit"))
                if isinstance(translation, CommitmentIndexPage):
                    add(translation, "?status=in-progress")
    host = Site.objects.get(is_default_site=True).hostname
    for language in LANGUAGES:
        for path in (f"/{language}/search/?query=lettre", f"/{language}/search/?query=zzzz"):
            documents[f"{language}:{path}"] = (language, host, path)
        documents[f"{language}:404"] = (language, host, f"/{language}/no-such-page/")
        for style in ("number", "progress", "breakdown"):
            path = f"/villeslumieres/embed/counter/marathon-2016/?style={style}&lang={language}"
            documents[f"{language}:embed-{style}"] = (language, host, path)
    return documents


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """``{label: (language, status, content)}``; the demo is rolled back afterwards."""
    client = Client()
    # Walcourt is French, as `make demo` loads it (the tests' settings speak English).
    with (
        override_settings(LANGUAGE_CODE="fr"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        with open("/dev/null", "w") as quiet:
            call_command("load_demo", stdout=quiet)
        documents = {}
        for label, (language, host, path) in demo_documents().items():
            response = client.get(path, HTTP_HOST=host)
            documents[label] = (language, response.status_code, response.content)
        english = client.get("/en/search/?query=zzzz", HTTP_HOST=host_of_default_site())
        documents["en:search"] = ("en", english.status_code, english.content)
        transaction.set_rollback(True)
    return documents


def host_of_default_site():
    return Site.objects.get(is_default_site=True).hostname


def test_the_demo_is_rendered_in_french_dutch_and_german(rendered):
    languages = {language for language, _status, _content in rendered.values()}
    assert {"fr", "nl", "de"} <= languages
    pages = [label for label, (_language, status, _) in rendered.items() if status == 200]
    assert len([label for label in pages if label.startswith("nl:")]) >= 5
    assert len([label for label in pages if label.startswith("fr:")]) >= 15


def test_every_document_of_the_demo_answers(rendered):
    unexpected = {
        label: status
        for label, (_language, status, _content) in rendered.items()
        if status != (404 if label.endswith(":404") else 200)
    }
    assert unexpected == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_shows_no_english_string(rendered, language):
    needles = english_needles(language)
    english = {
        label: sorted(english_found(content, language, needles))
        for label, (page_language, _status, content) in rendered.items()
        if page_language == language
    }
    assert {label: found for label, found in english.items() if found} == {}


def test_the_check_finds_the_english_of_an_english_page(rendered):
    """The check can fail: the English search page holds the sources of Dutch messages."""
    _language, status, content = rendered["en:search"]
    assert status == 200
    found = english_found(content, "nl", english_needles("nl"))
    assert {"Search the site", "Search"} <= found
