"""schema.org data for search engines, written as JSON-LD in a page's ``<head>``.

The label holder (a commune, a city or a university) with its postal address, on
its hub page and as the organizer of each writing session in the agenda.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import HolderKind

#: The schema.org type of each kind of label holder: a commune or a city is its
#: administration, a university is a ``CollegeOrUniversity``.
HOLDER_TYPES = {
    HolderKind.CITY: "GovernmentOrganization",
    HolderKind.COMMUNE: "GovernmentOrganization",
    HolderKind.UNIVERSITY: "CollegeOrUniversity",
}

# Characters that could end a <script> element or start an HTML comment inside it;
# the same escapes as django.utils.html.json_script, which only writes type="application/json".
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` element, safe inside HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def holder_data(hub, hub_url):
    """The hub's label holder as a schema.org organisation (a dict), without ``@context``.

    ``hub_url`` is the hub page's absolute URL: the organisation's ``url`` and, with
    ``#holder``, its ``@id``, so that every mention of it on the site is one node.
    """
    data = {
        "@type": HOLDER_TYPES.get(hub.holder_kind, "Organization"),
        "@id": f"{hub_url}#holder",
        "name": hub.holder_name,
        "url": hub_url,
    }
    address = hub.schema_org_address
    if address is not None:
        data["address"] = address
    return data


def hub_data(hub, hub_url, description):
    """The hub page's JSON-LD: its holder, described by the page's meta description."""
    data = {"@context": "https://schema.org", **holder_data(hub, hub_url)}
    if description:
        data["description"] = description
    return data
