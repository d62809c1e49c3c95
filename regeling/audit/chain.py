"""Checking the hash chain: every row's hash is recomputed and linked to the row before it."""

from dataclasses import dataclass

from django.utils import timezone

from .log import GENESIS
from .models import AuditEvent, ChainVerification


@dataclass(frozen=True)
class Break:
    event_id: int
    reason: str


def first_break(batch_size: int = 2000) -> tuple[Break | None, int]:
    """The first row whose hash or link is wrong (None when the chain is whole), and how many rows were read."""
    broken, checked, _head = walk(batch_size)
    return broken, checked


def walk(batch_size: int = 2000) -> tuple[Break | None, int, str]:
    """Like `first_break`, plus the hash of the last row that verified (the head; GENESIS when empty)."""
    expected_previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=batch_size):
        checked += 1
        if event.previous_hash != expected_previous:
            reason = "previous_hash does not match the row before (a row was removed or changed)"
            return Break(event.pk, reason), checked, expected_previous
        if event.compute_hash() != event.hash:
            return (
                Break(event.pk, "hash does not match the row's contents (the row was altered)"),
                checked,
                expected_previous,
            )
        expected_previous = event.hash
    return None, checked, expected_previous


def verify_and_record() -> ChainVerification:
    """Verify the whole chain and keep the outcome (the metric `regeling.audit.chain.last_verified`)."""
    broken, checked, head = walk()
    return ChainVerification.objects.create(
        at=timezone.now(),
        checked=checked,
        intact=broken is None,
        head=head,
        broken_event_id=broken.event_id if broken else None,
        reason=broken.reason if broken else "",
    )
