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
from .notifications import notify_letter_ready, notify_letters_ready

log = logging.getLogger(__name__)
# Errors that may pass (database restart, full disk, a slow render): tried again with backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, SoftTimeLimitExceeded, OSError)
MAX_ATTEMPTS = 5
RENDERED_FIELDS = ["pdf", "sha256", "status", "sent_at", "last_error", "attempts"]
FAILED_FIELDS = ["status", "last_error", "attempts"]


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
            _mark_failed(letter, exc)
            letter.save(update_fields=FAILED_FIELDS)
            return
        _mark_rendered(letter, pdf)
        letter.save(update_fields=RENDERED_FIELDS)
        notify_letter_ready(letter)  # after commit: "news in your file", nothing personal


def _mark_failed(letter: Letter, exc: Exception) -> None:
    # Permanent: shown to the assessor with a retry button. The error's class only,
    # never its text, which may hold personal data.
    letter.attempts += 1
    letter.status, letter.last_error = LetterStatus.FAILED, type(exc).__name__
    log.error("letter %s failed to render: %s", letter.pk, type(exc).__name__)


def _mark_rendered(letter: Letter, pdf: bytes) -> None:
    # Under its final name only after commit: a kill before it leaves a `.part` the sweep removes.
    name = letter_path(letter, "")
    files.write_after_commit(name, pdf)
    letter.attempts += 1
    letter.pdf.name, letter.sha256 = name, hashlib.sha256(pdf).hexdigest()
    letter.status, letter.sent_at, letter.last_error = LetterStatus.RENDERED, timezone.now(), ""


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


def render_pending_batch(
    letter_ids: list[int], *, render: Callable[[Letter], bytes], letters: QuerySet | None = None
) -> list[int]:
    """Render the pending letters among `letter_ids` in one transaction: one query locks and reads
    them all, one UPDATE stores every PDF's name, SHA-256 and sent time. Safe to run twice.

    A letter another delivery holds is skipped (that delivery renders it); a letter that failed
    for good is marked failed without failing the rest. A transient error (disk, the time limit)
    ends the batch early, keeping what was rendered; it returns the letters left, which the caller
    queues on their own, where their attempts are counted. A database error leaves every letter
    pending (the caller retries the batch, the outbox sweep later). Notifies each addressee after commit.
    """
    query = Letter.objects.all() if letters is None else letters
    with transaction.atomic():
        relax_commit_durability()
        locked = query.select_for_update(of=("self",), skip_locked=True)
        pending = list(locked.filter(pk__in=letter_ids, status=LetterStatus.PENDING).order_by("pk"))
        stored, failed, again = [], [], []
        for index, letter in enumerate(pending):
            try:
                pdf = render(letter)
                _mark_rendered(letter, pdf)
            except TRANSIENT_ERRORS:
                # A full disk or the batch's time limit: keep what is done, leave this one and the rest.
                again = [later.pk for later in pending[index:]]
                break
            except Exception as exc:
                _mark_failed(letter, exc)
                failed.append(letter)
                continue
            stored.append(letter)
        if stored:
            Letter.objects.bulk_update(stored, RENDERED_FIELDS)
        if failed:
            Letter.objects.bulk_update(failed, FAILED_FIELDS)
        if stored:
            notify_letters_ready(stored)
    return again
