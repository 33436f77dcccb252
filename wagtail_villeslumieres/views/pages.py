"""What the package's pages show beyond their own fields: the lists read at serve time.

Called from the page models' ``get_context`` (lazily: see the comment in
``models/hub.py``). Each list comes from ``listings``; the counter from
``counter.totals`` through the template tag.
"""

from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from ..counter import network, totals
from ..listings import agenda
from ..listings.commitments import CommitmentSummary, commitment_list_context
from ..listings.individuals import individuals_listing
from ..models.base import HubTreePageMixin
from ..models.hub import HubPage
from .structured_data import hub_data, json_ld_script

#: Sessions kept for the hub's agenda block: a few more than it shows, since the
#: cached list outlives some of them (those that end are dropped when read).
UPCOMING_KEPT = agenda.HUB_BLOCK_LENGTH + 5


def hub_context(hub, request, context):
    """The hub page: its adopted individuals, next sessions and commitment summary.

    Each is read only if the template shows it (the hub's routes, such as its
    agenda, render with the same context and show none of them), and cached
    (``totals.cached``) until a page below the hub or one of its sessions changes,
    so a warm hub page costs Wagtail's own queries only. The holder and its address
    go to search engines as JSON-LD (``hub_structured_data``).
    """
    hub_url = hub.get_full_url(request)
    description = context.get("vl_meta_description")
    context["hub_structured_data"] = (
        json_ld_script(hub_data(hub, hub_url, description)) if hub_url else ""
    )
    if hub.network_url:
        context["network_together"] = SimpleLazyObject(
            lambda: network.followed_figures(hub.network_url) or False
        )
    if hub.pk is None:  # a preview before the first save: nothing below it yet
        context["individuals"] = individuals_listing(hub)
        context["upcoming_sessions"] = []
        context["commitment_summary"] = None
        return context
    pages = (totals.hub_pages_scope(hub.translation_key),)
    context["individuals"] = SimpleLazyObject(
        lambda: totals.cached(
            f"hub:{hub.pk}:individuals",
            lambda: individuals_listing(hub),
            scopes=(*pages, totals.RENDITIONS),
        )
    )
    context["upcoming_sessions"] = SimpleLazyObject(lambda: upcoming_sessions(hub))
    context["commitment_summary"] = SimpleLazyObject(
        lambda: (
            totals.cached(
                # Not "commitments": summaries cached under that name have another shape.
                f"hub:{hub.pk}:commitment-summary",
                lambda: CommitmentSummary.for_hub(hub) or False,
                scopes=pages,
            )
            or None
        )
    )
    return context


def upcoming_sessions(hub):
    """The hub block's next sessions, from a cached list of the hub's upcoming ones."""
    sessions = totals.cached(
        f"hub:{hub.pk}:upcoming",
        lambda: [entry.session for entry in agenda.upcoming(hub, limit=UPCOMING_KEPT)],
        scopes=(totals.hub_sessions_scope(hub.translation_key),),
    )
    now = timezone.now()
    coming = [session for session in sessions if session.ends_at > now]
    return [agenda.SessionEntry(session, hub, now) for session in coming[: agenda.HUB_BLOCK_LENGTH]]


def is_preview(request):
    """A preview shows a draft: never cached, never read from the cache."""
    return getattr(request, "is_preview", False) or getattr(request, "in_preview_panel", False)


def page_sections(page, request, name, compute, scopes=()):
    """``compute()`` for ``page``, cached until the page, a page above it or a translation of
    it changes (``totals.page_scopes``), or one of ``scopes``; not cached in a preview.

    What a page shows beyond its own row (its timeline, its hub, its parent, its
    translations) then costs one cache round trip on a warm cache, whatever its size.
    """
    if page.pk is None or is_preview(request):
        return compute()
    language = translation.get_language() or ""
    return totals.cached(
        f"page:{page.pk}:{language}:{name}",
        compute,
        scopes=(*totals.page_scopes(page), *scopes),
    )


def commitment_index_context(commitment_index, request, context):
    """The commitment index: one page of its filtered list, its summary and its exports.

    Its summary, its filtered counts and each page of its list are cached until a
    commitment below it (or the index, or a category) changes.
    """

    def remember(name, compute):
        scopes = (totals.CATEGORIES,)
        return page_sections(commitment_index, request, f"list:{name}", compute, scopes)

    context.update(commitment_list_context(commitment_index, request, remember))
    context["parent_page"] = page_sections(
        commitment_index, request, "parent", commitment_index.get_parent
    )
    # The list's canonical URL keeps its page number and drops its filters.
    context["vl_canonical_url"] = context["canonical_url"]
    return context


def tree_page_context(page, request):
    """What every page of the package reads beyond its row: its published translations."""
    return page_sections(page, request, "translations", page.get_published_translations)


def individual_context(individual, request, context):
    """The adopted individual: its hub, its timeline and its portrait with its renditions."""

    def read():
        portrait = individual.public_portrait
        if portrait is not None:
            # The page's renditions come with the image (``get_rendition`` reads them).
            portrait = type(portrait).objects.prefetch_related("renditions").get(pk=portrait.pk)
        return individual.get_hub(), individual.timeline, portrait

    hub, timeline, portrait = page_sections(
        individual, request, "sections", read, scopes=(totals.HUBS, totals.RENDITIONS)
    )
    individual.__dict__["timeline"] = timeline  # ``timeline`` is a cached property
    if portrait is not None:
        individual.portrait = portrait
    context["hub"] = hub
    return context


def commitment_context(commitment, request, context):
    """A commitment: its category in the page's language, its timeline and its index.

    The adopted individual it names is read at each request (only when it names
    one): that page may live in another part of the tree, and a withdrawn
    individual must disappear at once.
    """

    def read():
        category = commitment.category.localized if commitment.category_id else None
        return category, commitment.timeline, commitment.get_parent()

    category, timeline, parent = page_sections(
        commitment, request, "sections", read, scopes=(totals.CATEGORIES,)
    )
    commitment.__dict__["timeline"] = timeline  # ``timeline`` is a cached property
    context["commitment_category"] = category
    individual = commitment.adopted_individual if commitment.adopted_individual_id else None
    context["commitment_individual"] = (
        individual.localized if individual is not None and individual.live else None
    )
    context["commitment_index"] = parent
    return context


def agenda_sessions(hub, request):
    """The hub's whole public agenda (``listings.agenda.agenda_for``), its sessions cached
    until one of the hub's sessions changes; held and upcoming are split when read."""
    if hub.pk is None or is_preview(request):
        return agenda.agenda_for(hub)
    sessions = totals.cached(
        f"hub:{hub.pk}:agenda",
        lambda: list(agenda.public_sessions(hub).order_by("starts_at", "pk")),
        scopes=(totals.hub_sessions_scope(hub.translation_key),),
    )
    return agenda.split_agenda(sessions, hub)


def cached_html(context, name, render, vary=()):
    """``render()`` (a template section's HTML) cached for the page being served, or not.

    Through ``page_sections``, so it is dropped with the page's other sections; on a
    hub, also when a page below it or one of its sessions changes; everywhere, when
    a category, a hub or a rendition changes. ``vary``: the values the HTML depends
    on besides the page and the language (bounded ones only: they name the entry).
    Outside a page of the package, or in a preview, ``render()`` as is.
    """
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, HubTreePageMixin) or request is None:
        return render()
    scopes = [totals.CATEGORIES, totals.HUBS, totals.RENDITIONS]
    if isinstance(page, HubPage):
        scopes += [
            totals.hub_pages_scope(page.translation_key),
            totals.hub_sessions_scope(page.translation_key),
        ]
    name = ":".join(["html", name, request.get_host(), *map(str, vary)])
    return page_sections(page, request, name, render, scopes=scopes)
