"""Stable identities of counters, which payloads list in ``includes``.

A counter is known by the absolute address of its JSON without ``lang``, on the
Wagtail site of its page, with the page ID of the page's original (the oldest of
its translations): ``https://www.walcourt.be/villeslumieres/counter/marathon-2016/12.json``.
Every translation of a hub (or network) and every host name serving it give
the same identity, so two members reaching one hub by two addresses are
recognised as one.
"""

from django.conf import settings
from wagtail.models import Page, Site

from .embed_code import json_path


def default_root_url():
    """The default site's root URL, else ``WAGTAILADMIN_BASE_URL``."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def page_counter_ids(slug, translation_keys):
    """``{translation_key: identity}`` of the hubs or networks with these keys (one query)."""
    keys = {str(key) for key in translation_keys}
    if not keys:
        return {}
    originals = {}
    rows = Page.objects.filter(translation_key__in=keys).order_by("pk")
    for key, pk, url_path in rows.values_list("translation_key", "pk", "url_path"):
        originals.setdefault(str(key), (pk, url_path))
    root_paths = Site.get_site_root_paths()
    found = {}
    for key, (pk, url_path) in originals.items():
        root = _site_root(url_path, root_paths)
        found[key] = root + json_path(slug, pk)
    return found


def _site_root(url_path, root_paths):
    best = None
    for root in root_paths:
        if url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return best.root_url if best is not None else default_root_url()


def page_counter_id(slug, page):
    """The identity of one hub's or network's counter."""
    return page_counter_ids(slug, [page.translation_key])[str(page.translation_key)]


def campaign_counter_id(slug):
    """The identity of a campaign's counter, every hub of this site together."""
    return default_root_url() + json_path(slug)
