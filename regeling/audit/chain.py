"""Checking the hash chain: every row's hash is recomputed and linked to the row before it."""

from dataclasses import dataclass

from .log import GENESIS
from .models import AuditEvent


@dataclass(frozen=True)
class Break:
    event_id: int
    reason: str


def first_break(batch_size: int = 2000) -> tuple[Break | None, int]:
    """The first row whose hash or link is wrong (None when the chain is whole), and how many rows were read."""
    expected_previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=batch_size):
        checked += 1
        if event.previous_hash != expected_previous:
            return Break(
                event.pk, "previous_hash does not match the row before (a row was removed or changed)"
            ), checked
        if event.compute_hash() != event.hash:
            return Break(event.pk, "hash does not match the row's contents (the row was altered)"), checked
        expected_previous = event.hash
    return None, checked
