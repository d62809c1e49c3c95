"""An officeholder invited after the import gets the rows that waited for their e-mail address."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import link_pending

_RELEVANT = {"email", "kind", "body", "body_id"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="earlier_link_pending")
def match_pending_rows(sender, instance, created, update_fields=None, **kwargs):
    # A sign-in saves only last_login: no reason to look.
    if update_fields is not None and not _RELEVANT & set(update_fields):
        return
    link_pending(instance)
