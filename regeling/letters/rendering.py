"""The bookkeeping of rendering a letter: attempts, failure, hash, sent time and backoff.

The worker's task is a thin call into `render_pending` (ids in): it hands over the
renderer, because ReportLab lives only in worker/letters/, and asks Celery to try
again when this module says so. `render_pending` may run twice for one letter (late
acknowledgement, the outbox sweep): the row lock and the status check make the
second run a no-op.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from . import files
from .models import Letter, LetterStatus, letter_path
from .notifications import notify_letter_ready

log = logging.getLogger(__name__)
# Errors that may pass (database restart, full disk, a slow render): tried again with backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, SoftTimeLimitExceeded, OSError)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class TryAgain:
    """A transient error: try the letter again after `seconds`."""

    seconds: int
    error: Exception


def backoff_seconds(attempts: int) -> int:
    """5, 10, 20, 40 ... seconds, at most five minutes."""
    return min(5 * 2 ** max(attempts - 1, 0), 300)


def render_pending(
    letter_id: int, *, render: Callable[[Letter], bytes], letters: QuerySet | None = None
) -> TryAgain | None:
    """Render a pending letter with `render` and store its PDF, SHA-256 and sent time. Safe to run twice.

    `letters` is the query that loads a letter with what `render` reads (default: the letter alone).
    A transient error returns when to try again; after MAX_ATTEMPTS, or at once for any
    other error, the letter is marked failed for the assessor to retry. Notifies the
    addressee after commit.
    """
    try:
        _render_and_store(letter_id, render, Letter.objects.all() if letters is None else letters)
    except TRANSIENT_ERRORS as exc:
        attempts = record_failed_attempt(letter_id, exc, final=False)
        if attempts is None:
            return None  # rendered meanwhile by another delivery, or no longer pending
        if attempts >= MAX_ATTEMPTS:
            record_failed_attempt(letter_id, exc, final=True)
            return None
        return TryAgain(backoff_seconds(attempts), exc)
    return None


def _render_and_store(letter_id: int, render: Callable[[Letter], bytes], letters: QuerySet) -> None:
    with transaction.atomic():
        relax_commit_durability()
        # Lock only the letter row (the case stays free for the assessor), and read what the
        # letter shows in the same query.
        letter = letters.select_for_update(of=("self",)).filter(pk=letter_id).first()
        if letter is None or letter.status != LetterStatus.PENDING:
            return  # already rendered (a redelivery), failed (awaits a retry) or gone
        try:
            pdf = render(letter)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            # Permanent: shown to the assessor with a retry button. The error's class only,
            # never its text, which may hold personal data.
            letter.attempts += 1
            letter.status, letter.last_error = LetterStatus.FAILED, type(exc).__name__
            letter.save(update_fields=["status", "last_error", "attempts"])
            log.error("letter %s failed to render: %s", letter_id, type(exc).__name__)
            return
        letter.attempts += 1
        letter.sha256 = hashlib.sha256(pdf).hexdigest()
        # Under its final name only after commit: a kill before it leaves a `.part` the sweep removes.
        letter.pdf.name = letter_path(letter, "")
        files.write_after_commit(letter.pdf.name, pdf)
        letter.status, letter.sent_at, letter.last_error = LetterStatus.RENDERED, timezone.now(), ""
        letter.save(update_fields=["pdf", "sha256", "status", "sent_at", "last_error", "attempts"])
        notify_letter_ready(letter)  # after commit: "news in your file", nothing personal


def relax_commit_durability() -> None:
    """Do not wait for the disk when this transaction commits (PostgreSQL only).

    Safe here: if the database crashes within the fraction of a second before the commit
    reaches the disk, the letter is pending again and the outbox sweep renders it anew,
    to the same bytes and the same SHA-256 (rendering is deterministic).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def record_failed_attempt(letter_id: int, exc: Exception, *, final: bool) -> int | None:
    """Count a transient failure on a pending letter; `final` marks it failed. None if not pending."""
    try:
        pending = Letter.objects.filter(pk=letter_id, status=LetterStatus.PENDING)
        changes = {"attempts": F("attempts") + (0 if final else 1), "last_error": type(exc).__name__}
        if final:
            changes["status"] = LetterStatus.FAILED
            log.error("letter %s failed after %s attempts: %s", letter_id, MAX_ATTEMPTS, type(exc).__name__)
        if not pending.update(**changes):
            return None
        return Letter.objects.values_list("attempts", flat=True).get(pk=letter_id)
    except DatabaseError:
        # The database itself is away: the row stays pending and the outbox sweep queues it again.
        log.warning("letter %s: attempt not recorded, database unavailable", letter_id)
        return None
