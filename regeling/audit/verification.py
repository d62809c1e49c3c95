"""One check of the whole log: link what is pending, walk the chain, compare with the checkpoints.

Used by `manage.py verify_audit_chain` and by beat's daily check; each run is kept as a
`ChainVerification` (the metric "audit chain last verified" and an operator's alert).
"""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import anchors, chain
from .models import ChainVerification


def verify(anchor_file: str | None = None) -> tuple[chain.Report, int]:
    """The report of the chain and the checkpoints in `anchor_file` (default AUDIT_ANCHOR_FILE),
    and how many pending events were linked first."""
    linked = chain.link_pending(full=True)
    path = anchor_file if anchor_file is not None else settings.AUDIT_ANCHOR_FILE
    checkpoints = anchors.read(Path(path) if path else None)
    return anchors.check(chain.walk(), checkpoints), linked


def keep(report: chain.Report) -> ChainVerification:
    return ChainVerification.objects.create(
        at=timezone.now(),
        checked=report.checked,
        intact=report.intact,
        head=report.head_hash,
        broken_event_id=report.event_id,
        reason=report.problem[:200],
    )


def verify_and_record(anchor_file: str | None = None) -> ChainVerification:
    return keep(verify(anchor_file)[0])
