"""What changes a counter: receivers connected by ``apps.VillesLumieresConfig.ready``.

A saved or deleted writing session updates the running totals in its own
transaction (``WritingSession.save`` and ``delete`` are atomic, and so is a
queryset's ``delete``); a ``QuerySet.update`` or ``bulk_create`` bypasses these
signals, so run ``manage.py rebuild_letter_totals`` after one. A saved or
deleted session, campaign or hub drops the cached totals and payloads once the
transaction commits; a session's old and new counts go to Wagtail's audit log.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.log_actions import log
from wagtail.signals import page_published, page_unpublished

from ..models.hub import HubPage
from ..models.letters import LetterCampaign, WritingSession
from . import totals

#: Audit log action recording a session's old and new counts (formatted in ``admin.views``).
COUNTS_ACTION = "wagtail_villeslumieres.session_counts"


def _invalidate_totals_on_commit():
    # After commit only: a reader between save and commit would otherwise cache a
    # total that a rollback then makes false.
    transaction.on_commit(totals.invalidate)


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


@receiver(post_save, sender=WritingSession, dispatch_uid="vl_session_saved")
def writing_session_saved(sender, instance, created, raw=False, **kwargs):
    """Update the running totals, drop cached ones, and log old and new counts."""
    totals.record_change(
        getattr(instance, "_stored_state", None),
        totals.session_state(instance),
        when=instance.updated_at,
    )
    instance._stored_state = None
    _invalidate_totals_on_commit()
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
    totals.record_change(getattr(instance, "_stored_state", None), None)
    instance._stored_state = None
    _invalidate_totals_on_commit()
    _log_counts(instance, getattr(instance, "_loaded_counts", None) or instance.counts, None, True)


@receiver(post_save, sender=LetterCampaign, dispatch_uid="vl_campaign_saved")
@receiver(post_delete, sender=LetterCampaign, dispatch_uid="vl_campaign_deleted")
def letter_campaign_changed(sender, **kwargs):
    """Drop cached totals and counter payloads: a name, slug, goal or message changed."""
    _invalidate_totals_on_commit()


@receiver(page_published, sender=HubPage, dispatch_uid="vl_hub_published")
@receiver(page_unpublished, sender=HubPage, dispatch_uid="vl_hub_unpublished")
@receiver(post_delete, sender=HubPage, dispatch_uid="vl_hub_deleted")
def hub_changed(sender, **kwargs):
    """Drop counter payloads naming a hub whose title or visibility changed."""
    _invalidate_totals_on_commit()
