"""The one shape of a workflow's history: who took which transition, when and why. Rows are only ever
added (append-only); each workflow's model adds what its rows belong to and its own states."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import limits
from .crypto import EncryptedTextField


class TransitionHistory(models.Model):
    """Abstract: a subclass adds the foreign key to what moved and `source`/`target` with its states."""

    transition = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Reasons can name the measures or the threat: encrypted (issue 15).
    reason = EncryptedTextField(max_length=limits.TEXT, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("History rows are append-only.")
        super().save(*args, **kwargs)
