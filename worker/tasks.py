"""Thin tasks: ids in, idempotent, nothing personal in their arguments.

`render_letter` may run twice for one letter (late acknowledgement, the outbox
sweep): the row lock and the status check make the second run a no-op.
"""

import hashlib
import logging
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from regeling.applications.notifications import notify_letter_ready
from regeling.audit import anchors
from regeling.audit.verification import verify_and_record
from regeling.core import retention
from regeling.earlier import services as earlier
from regeling.earlier.models import ImportRun, ImportStatus
from regeling.letters.models import Letter, LetterStatus
from regeling.letters.outbox import queue_rendering
from regeling.operations import figures

from . import letters
from .celery import app

log = logging.getLogger(__name__)
# Errors that may pass (database restart, full disk, a slow render): retried with backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, SoftTimeLimitExceeded, OSError)
MAX_ATTEMPTS = 5
PENDING_GRACE = timedelta(minutes=1)


def backoff_seconds(attempts: int) -> int:
    """5, 10, 20, 40 ... seconds, at most five minutes."""
    return min(5 * 2 ** max(attempts - 1, 0), 300)


@app.task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # Far below the Redis visibility timeout (an hour): a stuck task is killed long
    # before Redis would hand the same message to another worker.
    soft_time_limit=30,
    time_limit=45,
    max_retries=MAX_ATTEMPTS,
)
def render_letter(self, letter_id: int) -> None:
    """Render and store the letter's PDF and its SHA-256. Safe to run twice.

    Transient errors are retried with backoff; after MAX_ATTEMPTS, or at once for
    any other error, the letter is marked failed for the assessor to retry.
    """
    try:
        render_and_store(letter_id)
    except TRANSIENT_ERRORS as exc:
        attempts = record_failed_attempt(letter_id, exc, final=False)
        if attempts is None:
            return  # rendered meanwhile by another delivery, or no longer pending
        if attempts >= MAX_ATTEMPTS:
            record_failed_attempt(letter_id, exc, final=True)
            return
        raise self.retry(countdown=backoff_seconds(attempts), exc=exc) from exc


def render_and_store(letter_id: int) -> None:
    with transaction.atomic():
        relax_commit_durability()
        # Lock only the letter row (the case stays free for the assessor), and read what the
        # letter shows in the same query.
        letter = letters.data.letter_query().select_for_update(of=("self",)).filter(pk=letter_id).first()
        if letter is None or letter.status != LetterStatus.PENDING:
            return  # already rendered (a redelivery), failed (awaits a retry) or gone
        started = time.monotonic()
        try:
            pdf = letters.render(letters.LetterData.from_letter(letter))
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
        letter.pdf.save(f"{letter.pk}.pdf", ContentFile(pdf), save=False)
        letter.status, letter.sent_at, letter.last_error = LetterStatus.RENDERED, timezone.now(), ""
        letter.save(update_fields=["pdf", "sha256", "status", "sent_at", "last_error", "attempts"])
        kind, seconds = letter.kind, time.monotonic() - started
        transaction.on_commit(lambda: figures.letter_rendered(kind, seconds))  # counted once it is stored
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


@app.task
def requeue_pending_letters(grace_seconds: float = PENDING_GRACE.total_seconds()) -> int:
    """The outbox sweep: queue letters still pending after a minute (a lost message, a broker outage)."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    ids = list(Letter.objects.filter(status=LetterStatus.PENDING, created_at__lt=cutoff).values_list("pk", flat=True))
    for letter_id in ids:
        queue_rendering(letter_id)
    return len(ids)


@app.task
def apply_retention() -> int:
    """Daily: pseudonymise closed and withdrawn cases past RETENTION_DAYS (regeling/core/retention.py)."""
    return len(retention.apply_retention().cases)


@app.task
def verify_audit_chain() -> bool:
    """Daily: verify the audit chain and record the outcome (an operator's metric and alert)."""
    result = verify_and_record()
    if not result.intact:
        log.error("audit chain broken at event %s", result.broken_event_id)
    return result.intact


@app.task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_ATTEMPTS)
def import_earlier_reimbursements(self, run_id: int) -> None:
    """Import one batch of a confirmed file, then queue the next. Safe to run twice.

    A batch is one transaction with its progress, so a killed worker or a redelivery
    goes on where the last commit left off and creates nothing twice.
    """
    try:
        more = earlier.import_next_batch(run_id)
    except (OperationalError, InterfaceError) as exc:
        raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries + 1)) from exc
    except Exception as exc:
        # The error's class only, never its text (it may quote a row).
        earlier.mark_failed(run_id, type(exc).__name__)
        log.error("import %s failed: %s", run_id, type(exc).__name__)
        return
    if more:
        queue_import(run_id)


def queue_import(run_id: int) -> bool:
    """Publish the import task. False (and a log line) when the broker is down: the sweep queues it later."""
    try:
        import_earlier_reimbursements.apply_async((run_id,), retry=False)
    except Exception:  # any broker error: the run's row keeps the work
        log.warning("import %s not queued: broker unavailable; the sweep will retry", run_id)
        return False
    return True


@app.task
def requeue_stale_imports(grace_seconds: float = PENDING_GRACE.total_seconds()) -> int:
    """Queue confirmed imports that made no progress for a minute (a lost message, a broker outage)."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    ids = list(
        ImportRun.objects.filter(
            status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING), updated_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for run_id in ids:
        queue_import(run_id)
    return len(ids)


@app.task(ignore_result=True)
def anchor_audit_chain() -> None:
    """Link pending audit events and write a signed checkpoint of the head outside the database.

    Idempotent: with nothing new since the last checkpoint, nothing is written.
    """
    anchors.write_checkpoint()
