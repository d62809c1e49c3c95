"""Audit events: append-only and hash-chained. Each row carries the hash of the
one before it, so a removed or altered row breaks the chain (`verify_audit_chain`)."""

import hashlib
import json

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    result = models.CharField(max_length=20, default="ok")
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def compute_hash(self) -> str:
        payload = json.dumps(
            [
                self.previous_hash,
                self.at.isoformat(),
                self.actor_id,
                self.action,
                self.object_type,
                self.object_id,
                self.result,
                self.client_ip,
                self.detail,
            ],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


class ChainVerification(models.Model):
    """One run of the chain check: when, how many events, whether it was whole, and the head it reached.

    Operators watch the time of the last intact run (a metric); a backup's manifest names the head.
    """

    at = models.DateTimeField(db_index=True)
    checked = models.PositiveIntegerField()
    intact = models.BooleanField()
    head = models.CharField(max_length=64, blank=True)
    broken_event_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {'intact' if self.intact else 'broken'} ({self.checked})"
