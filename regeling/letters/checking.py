"""Has anything been lost? The letters side of `manage.py check_letters` (docs/operations.md).

Pending: still waiting for the worker after the outbox's grace period. Failed: the worker
gave up (an assessor retries). Orphaned: a file no letter row points to, older than the
sweep's grace period. Mismatched: a sent letter whose stored file is missing or whose
SHA-256 differs from the one recorded when it was sent.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from . import sweep
from .models import Letter, LetterStatus
from .outbox import PENDING_GRACE


@dataclass
class LetterCheck:
    pending: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    orphaned_files: int = 0
    mismatched: list[int] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return len(self.pending) + len(self.failed) + self.orphaned_files + len(self.mismatched)


def stored_hash(letter: Letter) -> str | None:
    """The SHA-256 of the letter's stored file; None when it is missing."""
    try:
        with letter.pdf.open("rb") as pdf:
            return hashlib.sha256(pdf.read()).hexdigest()
    except FileNotFoundError:
        return None


def check_letters(*, pending_grace: timedelta = PENDING_GRACE, hashes: bool = True) -> LetterCheck:
    """What is pending too long, failed, orphaned or mismatched. Deletes nothing (the sweep does);
    a rename a crash interrupted is finished on the way, as any read of the file does."""
    cutoff = timezone.now() - pending_grace
    result = LetterCheck(
        pending=list(
            Letter.objects.filter(status=LetterStatus.PENDING, created_at__lt=cutoff).values_list("pk", flat=True)
        ),
        failed=list(Letter.objects.filter(status=LetterStatus.FAILED).values_list("pk", flat=True)),
        orphaned_files=sweep.sweep_files(delete=False).orphaned,
    )
    # A letter whose file retention deleted has an empty name: nothing to compare.
    if hashes:
        sent = Letter.objects.filter(status=LetterStatus.RENDERED).exclude(pdf="").only("pk", "pdf", "sha256")
        result.mismatched = [letter.pk for letter in sent.iterator() if stored_hash(letter) != letter.sha256]
    return result
