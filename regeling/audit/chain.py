"""The chainer and the check of the chain.

`link_pending` appends a link for every committed event that has none, in its own
short transaction. On PostgreSQL an advisory lock lets one chainer run at a time;
it is taken first and held only for those few inserts, never by a business
transaction, so it cannot take part in a deadlock (docs/locking.md).

`verify` walks the links in order and recomputes every HMAC; with the checkpoints
written outside the database (anchors.py) it also notices the newest rows removed.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction

from . import keys
from .models import AuditEvent, AuditLink

GENESIS = "0" * 64
_CHAINER_LOCK = 7_201_432
# Events inserted this many ids before the newest linked one are still looked for;
# a full check (verify) looks at every event.
_WINDOW = 10_000
log = logging.getLogger("regeling.audit")


def link_hash(key: bytes, seq: int, previous_hash: str, event: AuditEvent) -> str:
    payload = json.dumps([seq, previous_hash, *event.contents()], sort_keys=True, default=str)
    return keys.sign(key, payload.encode())


def _head() -> tuple[int, str]:
    last = AuditLink.objects.order_by("-seq").values_list("seq", "hash").first()
    return last or (0, GENESIS)


def _pending(full: bool):
    events = AuditEvent.objects.filter(link__isnull=True).order_by("pk")
    if not full:
        newest = AuditLink.objects.order_by("-seq").values_list("event_id", flat=True).first() or 0
        events = events.filter(pk__gt=newest - _WINDOW)
    return events


def link_pending(*, full: bool = False) -> int:
    """Link every event that has no link yet; returns how many were linked. Idempotent."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAINER_LOCK])
        seq, previous = _head()
        key_id, key = keys.newest()
        links = []
        for event in _pending(full):
            seq += 1
            digest = link_hash(key, seq, previous, event)
            links.append(AuditLink(seq=seq, event=event, key_id=key_id, previous_hash=previous, hash=digest))
            previous = digest
        AuditLink.objects.bulk_create(links)
    return len(links)


def link_after_commit() -> None:
    """Called after an event's transaction commits; a failure only delays linking to the next beat."""
    try:
        link_pending()
    except Exception:  # the beat's anchor task links whatever is left
        log.exception("audit chainer failed; the next checkpoint links the pending events")


@dataclass
class Report:
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problem: str = ""
    seq: int | None = None
    event_id: int | None = None
    trusted_until: datetime | None = None
    anchors_checked: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problem


def _events_by_id(ids: list[int]) -> dict[int, AuditEvent]:
    return {event.pk: event for event in AuditEvent.objects.filter(pk__in=ids)}


def walk(batch_size: int = 2000) -> Report:
    """Check every link in order: no gap, each linked to the one before, each HMAC right, each event present."""
    report = Report()
    expected_seq, previous, last_good_at = 1, GENESIS, None
    links = AuditLink.objects.order_by("seq").values_list("seq", "event_id", "key_id", "previous_hash", "hash")
    batch: list[tuple] = []

    def check(rows) -> bool:
        nonlocal expected_seq, previous, last_good_at
        events = _events_by_id([row[1] for row in rows])
        for seq, event_id, key_id, previous_hash, digest in rows:
            problem = ""
            event = events.get(event_id)
            key = keys.by_id(key_id)
            if seq != expected_seq:
                problem = f"links {expected_seq} to {seq - 1} are missing (rows were deleted)"
            elif previous_hash != previous:
                problem = "the link does not follow the one before (a link was replaced)"
            elif event is None:
                problem = f"event {event_id} was deleted"
            elif key is None:
                problem = f"the link was signed with an unknown key ({key_id})"
            elif link_hash(key, seq, previous_hash, event) != digest:
                problem = f"event {event_id} was altered after it was recorded"
            if problem:
                report.problem, report.seq, report.event_id, report.trusted_until = (
                    problem,
                    seq,
                    event_id,
                    last_good_at,
                )
                return False
            report.checked += 1
            report.head_seq, report.head_hash = seq, digest
            expected_seq, previous, last_good_at = seq + 1, digest, event.at
        return True

    for row in links.iterator(chunk_size=batch_size):
        batch.append(row)
        if len(batch) == batch_size:
            if not check(batch):
                return report
            batch = []
    if batch:
        check(batch)
    return report


def hash_at(seq: int) -> str | None:
    return AuditLink.objects.filter(seq=seq).values_list("hash", flat=True).first()
