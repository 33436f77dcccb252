"""Which counter addresses a change makes stale in shared caches (a CDN, Varnish), purged on commit.

When ``WAGTAILFRONTENDCACHE`` is configured (``wagtail.contrib.frontend_cache``), a
saved or deleted session purges, once its transaction commits, exactly the
addresses whose content it changed, through Wagtail's ``purge_urls_from_cache``
(so every backend Wagtail ships works: Varnish/Squid's ``HTTPBackend``,
Cloudflare, CloudFront, Azure):

- the campaign's JSON and each of the session's hub's (every translation's page
  ID), bare and with each ``?lang=``, and beside each its ``includes.json``;
- the campaign's embed and the hub's, bare and at every canonical address the
  embed code hands out (``?lang=…&theme=…&style=…[&hub=…]``, the order
  ``EmbedOptions.querystring`` writes);
- the hub's page, in each of its translations (it shows the counter).

A purge removes one exact path and query, so that list is bounded on purpose:
per campaign slug and hub page ID, 6 JSON and 25 embed addresses. An address
spelled otherwise (parameters in another order) is not purged and expires after
``COUNTER_MAX_AGE``. oEmbed responses are not purged: they hold no figure (the
live number is inside the frame), so a session does not change them.

Addresses are purged on the origin of each site holding the hub, and on the
origin of ``WAGTAILADMIN_BASE_URL`` (the public address, usually the CDN's).
"""

import itertools
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from ..models.hub import HubPage
from . import styles
from .embed_code import THEMES, EmbedOptions, embed_path, json_path
from .languages import LANGUAGES
from .payload import campaign_addresses, hub_addresses


def enabled():
    """Whether a frontend cache is configured (nothing is computed otherwise)."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def counter_paths(slug, hub=None):
    """The site-relative addresses of one counter (a campaign, or a campaign at one hub)."""
    paths = [json_path(slug, hub)]
    paths += [json_path(slug, hub, language) for language in LANGUAGES]
    # The list of the counters it sums (a new hub joins it with its first session).
    paths.append(json_path(slug, hub).removesuffix(".json") + "/includes.json")
    bare = reverse("wagtail_villeslumieres:counter_embed", kwargs={"slug": slug})
    paths.append(bare if hub is None else f"{bare}?hub={hub}")
    for language, theme, style in itertools.product(LANGUAGES, THEMES, styles.STYLES):
        paths.append(embed_path(slug, EmbedOptions(language, theme, style, hub), language))
    return paths


def changed_urls(pairs):
    """The absolute addresses made stale by sessions changed in ``(campaign, hub)`` key pairs."""
    pairs = set(pairs)
    slugs = campaign_addresses(campaign for campaign, _hub in pairs)
    hub_ids = hub_addresses(hub for _campaign, hub in pairs)
    hubs = HubPage.objects.live().filter(translation_key__in={hub for _c, hub in pairs})
    page_urls, origins = set(), set()
    for page in hubs:
        url = page.get_full_url()
        if url:
            page_urls.add(url)
            origins.add(_origin(url))
    if getattr(settings, "WAGTAILADMIN_BASE_URL", ""):
        origins.add(_origin(settings.WAGTAILADMIN_BASE_URL))
    paths = set()
    for campaign, hub in pairs:
        for slug in slugs.get(campaign, ()):
            paths.update(counter_paths(slug))
            for page_id in hub_ids.get(hub, ()):
                paths.update(counter_paths(slug, page_id))
    return sorted(page_urls | {origin + path for origin in origins for path in paths})


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def purge_changed(pairs):
    """Purges what ``changed_urls(pairs)`` lists from every configured frontend cache."""
    if enabled():
        purge_urls_from_cache(changed_urls(pairs))
