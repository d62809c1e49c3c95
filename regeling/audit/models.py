"""Audit events and the keyed chain that links them.

An event is inserted by the transaction that made the change, holding no lock
beyond its own row. A short, separate transaction (the chainer, `chain.link_pending`)
then appends one `AuditLink` per event in commit order: a sequence number, the
previous link's hash and an HMAC over both and the event's contents, with a key
that is not in the database. Neither table is ever updated; a removed or altered
event, or a removed link, breaks the chain (`verify_audit_chain`).
"""

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

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def contents(self) -> list:
        """What the chain's HMAC covers of this event (its id included, so a link cannot be moved)."""
        return [
            self.pk,
            self.at.isoformat(),
            self.actor_id,
            self.action,
            self.object_type,
            self.object_id,
            self.result,
            self.client_ip,
            self.detail,
        ]


class AuditLink(models.Model):
    """One event's place in the chain: written once by the chainer, never changed."""

    seq = models.BigIntegerField(primary_key=True)
    # No database foreign key: a deleted event must leave its link behind as evidence.
    event = models.OneToOneField(AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="link")
    key_id = models.CharField(max_length=16)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"link {self.seq} of event {self.event_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit links are append-only.")
        super().save(*args, **kwargs)


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
