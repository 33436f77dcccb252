"""What changes a counter: receivers connected by ``apps.VillesLumieresConfig.ready``.

A saved or deleted writing session updates the running totals in its own
transaction (``WritingSession.save`` and ``delete`` are atomic, and so is a
queryset's ``delete``); a ``QuerySet.update`` or ``bulk_create`` bypasses these
signals, so run ``manage.py rebuild_letter_totals`` after one. A saved or
deleted session, campaign or hub drops the cached totals and payloads once the
transaction commits (only those it changed), a published, unpublished, moved or
deleted page or a changed Site drops what page addresses resolve to (the counter
each page shows, ``counter.pages``), and a session purges its counter's
addresses from the frontend caches (``counter.purge``); a session's old and new
counts go to Wagtail's audit log.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..models.base import HubTreePageMixin
from ..models.commitments import CommitmentCategory, CommitmentIndexPage, CommitmentPage
from ..models.hub import HubPage
from ..models.individuals import AdoptedIndividualPage
from ..models.letters import LetterCampaign, WritingSession
from ..models.network import NetworkMember, NetworkPage
from . import payload, purge, totals

#: Audit log action recording a session's old and new counts (formatted in ``admin.views``).
COUNTS_ACTION = "wagtail_villeslumieres.session_counts"


def _invalidate_on_commit(scopes):
    # After commit only: a reader between save and commit would otherwise cache a
    # total that a rollback then makes false. ``scopes()`` runs then too.
    transaction.on_commit(lambda: totals.invalidate(*scopes()))


def _session_changed(pairs):
    """On commit: drops the changed (campaign, hub) pairs' figures, then purges their addresses."""
    pairs = list(pairs)
    if pairs:

        def after_commit():
            totals.invalidate(*payload.scopes_of_change(pairs))
            # After our own cache: a shared cache refetching at once gets the new figures.
            purge.purge_changed(pairs)

        transaction.on_commit(after_commit)


def _log_counts(instance, old, new, deleted=False):
    # The user comes from Wagtail's log context (set for every admin request).
    log(
        instance,
        COUNTS_ACTION,
        data={"old": old, "new": new},
        content_changed=True,
        deleted=deleted,
    )


@receiver(pre_save, sender=WritingSession, dispatch_uid="vl_session_before_save")
@receiver(pre_delete, sender=WritingSession, dispatch_uid="vl_session_before_delete")
def writing_session_locked(sender, instance, **kwargs):
    """Reads (and locks) the stored row, whose figures the change removes from the totals."""
    instance._stored_state = totals.stored_state(instance)


def _agenda_changed(*states):
    """On commit: drops the agendas of the hubs of these session states (``totals.*_state``).

    Any change of a session may change an agenda (its place, its time), even one
    that changes no total.
    """
    hubs = {state[1] for state in states if state is not None}
    if hubs:
        _invalidate_on_commit(lambda: [totals.hub_sessions_scope(hub) for hub in hubs])


@receiver(post_save, sender=WritingSession, dispatch_uid="vl_session_saved")
def writing_session_saved(sender, instance, created, raw=False, **kwargs):
    """Update the running totals, drop cached ones, and log old and new counts."""
    before, after = getattr(instance, "_stored_state", None), totals.session_state(instance)
    changed = totals.record_change(before, after, when=instance.updated_at)
    instance._stored_state = None
    _session_changed(changed)
    _agenda_changed(before, after)
    if raw:
        return
    old = None if created else getattr(instance, "_loaded_counts", None)
    new = instance.counts
    if created or old != new:
        _log_counts(instance, old, new)
    instance._loaded_counts = new


@receiver(post_delete, sender=WritingSession, dispatch_uid="vl_session_deleted")
def writing_session_deleted(sender, instance, **kwargs):
    """Update the running totals, drop cached ones, and record the counts that were removed."""
    before = getattr(instance, "_stored_state", None)
    _session_changed(totals.record_change(before, None))
    _agenda_changed(before)
    instance._stored_state = None
    _log_counts(instance, getattr(instance, "_loaded_counts", None) or instance.counts, None, True)


@receiver(pre_save, sender=LetterCampaign, dispatch_uid="vl_campaign_before_save")
def letter_campaign_saving(sender, instance, raw=False, **kwargs):
    """Remembers the stored slug: the counter's addresses under it change too."""
    stored = sender.objects.filter(pk=instance.pk) if instance.pk else sender.objects.none()
    instance._stored_slug = stored.values_list("slug", flat=True).first()


@receiver(post_save, sender=LetterCampaign, dispatch_uid="vl_campaign_saved")
@receiver(post_delete, sender=LetterCampaign, dispatch_uid="vl_campaign_deleted")
def letter_campaign_changed(sender, instance, **kwargs):
    """Drop the campaign's totals and payloads: a name, slug, goal or message changed."""
    slugs = {instance.slug, getattr(instance, "_stored_slug", None)} - {None, ""}
    scopes = [totals.CAMPAIGNS, f"campaign:{instance.translation_key}"]
    scopes += [f"slug:{slug}" for slug in slugs]
    _invalidate_on_commit(lambda: scopes)


@receiver(page_published, sender=HubPage, dispatch_uid="vl_hub_published")
@receiver(page_unpublished, sender=HubPage, dispatch_uid="vl_hub_unpublished")
@receiver(post_delete, sender=HubPage, dispatch_uid="vl_hub_deleted")
def hub_changed(sender, instance, **kwargs):
    """Drop counter payloads and reports naming a hub whose title or visibility changed."""
    key, page_id = instance.translation_key, instance.pk

    def scopes():
        page_ids = {page_id, *payload.hub_addresses([key]).get(key, ())}
        return [totals.HUBS, *(f"hub:{pk}" for pk in page_ids)]

    _invalidate_on_commit(scopes)


#: Pages a hub page lists (through ``views.pages``): their changes drop its cached sections.
LISTED_BELOW_HUBS = (AdoptedIndividualPage, CommitmentIndexPage, CommitmentPage)


def _hub_pages_changed(*pages):
    keys = set()
    for page in pages:
        if page is not None and page.pk is not None:
            found = HubPage.objects.ancestor_of(page, inclusive=True)
            keys.update(found.values_list("translation_key", flat=True))
    if keys:
        scopes = [totals.hub_pages_scope(key) for key in keys]
        # At once, so this transaction's own next read sees the change, and again on
        # commit, dropping what a concurrent reader cached in between.
        totals.invalidate(*scopes)
        _invalidate_on_commit(lambda: scopes)


@receiver(post_save, sender=AdoptedIndividualPage, dispatch_uid="vl_individual_saved")
@receiver(post_save, sender=CommitmentIndexPage, dispatch_uid="vl_commitment_index_saved")
@receiver(post_save, sender=CommitmentPage, dispatch_uid="vl_commitment_saved")
@receiver(page_unpublished, dispatch_uid="vl_listed_page_unpublished")
def listed_page_changed(sender, instance, raw=False, **kwargs):
    """Drop the hub sections listing an individual or a commitment that changed."""
    if isinstance(instance, LISTED_BELOW_HUBS) and not raw:
        _hub_pages_changed(instance)


@receiver(post_delete, sender=AdoptedIndividualPage, dispatch_uid="vl_individual_deleted")
@receiver(post_delete, sender=CommitmentIndexPage, dispatch_uid="vl_commitment_index_deleted")
@receiver(post_delete, sender=CommitmentPage, dispatch_uid="vl_commitment_deleted")
def listed_page_deleted(sender, instance, **kwargs):
    """A deleted page's hub is its parent's (the page itself is gone)."""
    parent = Page.objects.filter(path=instance.path[: -Page.steplen]).first()
    _hub_pages_changed(parent)


@receiver(post_page_move, dispatch_uid="vl_listed_page_moved")
def listed_page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """A moved page leaves one hub's sections and joins another's."""
    if isinstance(instance.specific_deferred, LISTED_BELOW_HUBS):
        _hub_pages_changed(parent_page_before, parent_page_after)


def _tree_changed(*pages):
    """Drops the cached sections of pages showing these (``totals.page_scopes``).

    Each page's own path and its parent's (whose children changed), and its
    translations'. At once and again on commit, as for the hub's sections.
    """
    scopes = set()
    for page in pages:
        if page is None or not page.path:
            continue
        scopes.add(totals.page_path_scope(page.path))
        if len(page.path) > page.steplen:
            scopes.add(totals.page_path_scope(page.path[: -page.steplen]))
        scopes.add(totals.page_translations_scope(page.translation_key))
    if scopes:
        totals.invalidate(*scopes)
        _invalidate_on_commit(lambda: scopes)


@receiver(post_save, dispatch_uid="vl_tree_page_saved")
@receiver(post_delete, dispatch_uid="vl_tree_page_deleted")
@receiver(page_unpublished, dispatch_uid="vl_tree_page_unpublished")
def tree_page_changed(sender, instance, raw=False, **kwargs):
    """A page of the package saved, published, unpublished or deleted."""
    if isinstance(instance, HubTreePageMixin) and not raw:
        _tree_changed(instance)


@receiver(post_page_move, dispatch_uid="vl_tree_page_moved")
def tree_page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """A moved page leaves one parent and joins another; below it, every path changes."""
    if isinstance(instance.specific_deferred, HubTreePageMixin):
        _tree_changed(instance, parent_page_before, parent_page_after)


@receiver(post_save, sender=CommitmentCategory, dispatch_uid="vl_category_saved")
@receiver(post_delete, sender=CommitmentCategory, dispatch_uid="vl_category_deleted")
def commitment_category_changed(sender, **kwargs):
    """Drop the cached lists and pages that name commitment categories."""
    totals.invalidate(totals.CATEGORIES)
    _invalidate_on_commit(lambda: [totals.CATEGORIES])


@receiver(post_save, sender=get_image_model().get_rendition_model(), dispatch_uid="vl_rendition")
def rendition_created(sender, created=False, **kwargs):
    """Cached listings hold portraits with their renditions: a new one makes them outdated."""
    if created:
        totals.invalidate(totals.RENDITIONS)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="vl_restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="vl_restriction_deleted")
def view_restriction_changed(sender, **kwargs):
    """A page made private or public again: every cached listing may change (rare)."""
    totals.invalidate()
    _invalidate_on_commit(lambda: [])


def _pages_changed():
    # At once, so this transaction's next read sees the change, and again on commit.
    totals.invalidate(totals.PAGES)
    _invalidate_on_commit(lambda: [totals.PAGES])


@receiver(page_published, dispatch_uid="vl_page_addresses_published")
@receiver(page_unpublished, dispatch_uid="vl_page_addresses_unpublished")
@receiver(post_page_move, dispatch_uid="vl_page_addresses_moved")
@receiver(post_save, sender=Site, dispatch_uid="vl_page_addresses_site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="vl_page_addresses_site_deleted")
def page_address_changed(sender, **kwargs):
    """A page's counter, visibility or address changed: page addresses resolve anew."""
    _pages_changed()


@receiver(post_save, dispatch_uid="vl_page_addresses_saved")
@receiver(post_delete, dispatch_uid="vl_page_addresses_deleted")
def page_saved_or_deleted(sender, instance, raw=False, **kwargs):
    """A page (of any type) saved with other blocks, or deleted."""
    if isinstance(instance, Page) and not raw:
        _pages_changed()


@receiver(page_published, sender=NetworkPage, dispatch_uid="vl_network_published")
@receiver(page_unpublished, sender=NetworkPage, dispatch_uid="vl_network_unpublished")
@receiver(post_delete, sender=NetworkPage, dispatch_uid="vl_network_deleted")
def network_changed(sender, instance, **kwargs):
    """Drop a network's counter payloads: its title, goal or visibility changed."""
    page_ids = {instance.pk}
    key = instance.translation_key

    def scopes():
        page_ids.update(
            NetworkPage.objects.filter(translation_key=key).values_list("pk", flat=True)
        )
        return [f"hub:{pk}" for pk in page_ids]

    _invalidate_on_commit(scopes)


@receiver(post_save, sender=NetworkMember, dispatch_uid="vl_network_member_saved")
@receiver(post_delete, sender=NetworkMember, dispatch_uid="vl_network_member_deleted")
def network_member_changed(sender, instance, raw=False, **kwargs):
    """A member added, approved, paused or removed changes its network's sums."""
    if raw:
        return
    network_id = instance.network_id

    def scopes():
        key = NetworkPage.objects.filter(pk=network_id).values_list("translation_key", flat=True)
        pages = NetworkPage.objects.filter(translation_key__in=key).values_list("pk", flat=True)
        return [f"hub:{pk}" for pk in {network_id, *pages}]

    _invalidate_on_commit(scopes)
