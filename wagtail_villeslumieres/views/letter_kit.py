"""The printable letter kit of an adopted individual, for writing-session organisers.

Served below the individual's page by its ``letter-kit/`` route (see
``models.individuals.AdoptedIndividualPage``). A standalone document, not the
site's page layout: no navigation, no header or footer, an A4 print stylesheet.
The first sheet explains the case and where to send what; the second is the
letter itself, ready to copy or sign, always on one page.

It shows only what the editor wrote in the action kit, and only for a live page
that anyone may read.
"""

from django.http import Http404
from django.template.response import TemplateResponse

from .languages import language_context

TEMPLATE = "wagtail_villeslumieres/individuals/letter_kit.html"

#: Above these lengths (characters of the sample letter), the letter sheet uses a
#: smaller type so that even the longest letter the form accepts fits on one A4 page.
LONG_LETTER = 2200
VERY_LONG_LETTER = 3600


def letter_density(individual):
    """The CSS modifier that keeps ``individual``'s sample letter on one page."""
    length = len(individual.sample_letter or "") + 60 * (individual.authority_address or "").count(
        "\n"
    )
    if length > VERY_LONG_LETTER:
        return "vl-print-kit--very-long"
    if length > LONG_LETTER:
        return "vl-print-kit--long"
    return ""


def is_publicly_readable(page):
    """Live and free of view restrictions (password, login or groups) on it or above it."""
    return page.live and not page.get_view_restrictions().exists()


def letter_kit(request, individual):
    """The print-ready letter kit of ``individual`` (404 unless the page is live and public)."""
    if not is_publicly_readable(individual):
        raise Http404
    context = {
        "page": individual,
        "self": individual,
        "hub": individual.get_hub(),
        "density_class": letter_density(individual),
        "page_url": individual.get_full_url(request),
        "vl_meta_description": individual.get_meta_description(),
    }
    context.update(language_context(individual, request, individual.get_published_translations()))
    return TemplateResponse(request, TEMPLATE, context)
