"""Thin tasks: ids in, one call out, nothing personal in their arguments.

The work and its bookkeeping belong to the apps (regeling/letters/rendering.py,
regeling/letters/outbox.py, regeling/privacy/retention.py, regeling/audit/chain.py);
a task only hands them what lives here (the ReportLab renderer) and asks Celery to
try again when told to. The web side publishes these tasks by name (regeling/core/celery.py).
"""

import logging
import time

from django.db import InterfaceError, OperationalError, transaction

from regeling.accounts import mail_outbox, password_reset
from regeling.audit import anchors
from regeling.audit.verification import verify_and_record
from regeling.earlier import queueing
from regeling.earlier import services as earlier
from regeling.letters import outbox, rendering, sweep
from regeling.letters.models import Letter
from regeling.operations import figures
from regeling.privacy import retention
from regeling.review import reminders

from . import letters
from .celery import app

log = logging.getLogger(__name__)


def render_pdf(letter: Letter) -> bytes:
    """The letter's PDF; its render time is counted once the letter is stored (after commit)."""
    started = time.monotonic()
    # Only from the snapshot frozen with the decision, never from the case as it is now.
    pdf = letters.render(letters.data.letter_data_of(letter))
    kind, seconds = letter.kind, time.monotonic() - started
    transaction.on_commit(lambda: figures.letter_rendered(kind, seconds))
    return pdf


@app.task(
    bind=True,
    name=outbox.RENDER_LETTER_TASK,
    # Late acknowledgement and time limits: CELERY_TASK_* and CELERY_TASK_ANNOTATIONS in settings/base.py.
    max_retries=rendering.MAX_ATTEMPTS,
)
def render_letter(self, letter_id: int) -> None:
    """Render and store the letter's PDF (regeling/letters/rendering.py). Safe to run twice."""
    again = rendering.render_pending(letter_id, render=render_pdf, letters=letters.data.letter_query())
    if again is not None:
        raise self.retry(countdown=again.seconds, exc=again.error) from again.error


@app.task(bind=True, name=outbox.RENDER_LETTERS_TASK, max_retries=rendering.MAX_ATTEMPTS)
def render_letters(self, *letter_ids: int) -> None:
    """Render and store many letters in one transaction (regeling/letters/rendering.py). Safe to run twice.

    A letter a transient error stopped goes on as a task of its own; a database error retries the
    batch with backoff, and after the last try its letters stay pending for the outbox sweep.
    """
    try:
        again = rendering.render_pending_batch(list(letter_ids), render=render_pdf, letters=letters.data.letter_query())
    except (OperationalError, InterfaceError) as exc:
        if self.request.retries >= rendering.MAX_ATTEMPTS:
            log.warning("batch of %s letters left pending for the sweep: database unavailable", len(letter_ids))
            return
        raise self.retry(countdown=rendering.backoff_seconds(self.request.retries + 1), exc=exc) from exc
    for letter_id in again:
        outbox.queue_rendering(letter_id)


@app.task(bind=True, name=outbox.REISSUE_BATCH_TASK, max_retries=rendering.MAX_ATTEMPTS)
def reissue_batch_letters(self, batch_id: int) -> None:
    """Write the letters of the batch's next cases, then queue the next step. Safe to run twice."""
    try:
        more = outbox.reissue_next_cases(batch_id)
    except (OperationalError, InterfaceError) as exc:
        raise self.retry(countdown=rendering.backoff_seconds(self.request.retries + 1), exc=exc) from exc
    if more:
        outbox.queue_batch(batch_id)


@app.task
def requeue_stale_letter_batches(grace_seconds: float = outbox.PENDING_GRACE.total_seconds()) -> int:
    """Queue letter batches that made no progress for a minute (a lost message, a broker outage)."""
    return outbox.requeue_stale_batches(grace_seconds)


@app.task
def requeue_pending_letters(grace_seconds: float = outbox.PENDING_GRACE.total_seconds()) -> int:
    """The outbox sweep: queue letters still pending after a minute (a lost message, a broker outage)."""
    return outbox.requeue_pending(grace_seconds)


@app.task
def sweep_letter_files() -> int:
    """Finish renames a crash interrupted; delete letter files no row points to (regeling/letters/sweep.py)."""
    report = sweep.sweep_files()
    return report.published + report.deleted


@app.task
def apply_retention() -> int:
    """Daily: pseudonymise closed and withdrawn cases past RETENTION_DAYS (regeling/privacy/retention.py)."""
    return len(retention.apply_retention().cases)


@app.task
def send_assessor_reminders() -> int:
    """Working days: each assessor's content-free reminder (regeling/review/reminders.py). Safe to run twice."""
    return reminders.send_daily_reminders()


@app.task
def verify_audit_chain() -> bool:
    """Daily: verify the audit chain and record the outcome (an operator's metric and alert)."""
    result = verify_and_record()
    if not result.intact:
        log.error("audit chain broken at event %s", result.broken_event_id)
    return result.intact


@app.task(bind=True, name=queueing.IMPORT_TASK, max_retries=rendering.MAX_ATTEMPTS)
def import_earlier_reimbursements(self, run_id: int) -> None:
    """Import one batch of a confirmed file, then queue the next. Safe to run twice.

    A batch is one transaction with its progress, so a killed worker or a redelivery
    goes on where the last commit left off and creates nothing twice.
    """
    try:
        more = earlier.import_next_batch(run_id)
    except (OperationalError, InterfaceError) as exc:
        raise self.retry(exc=exc, countdown=rendering.backoff_seconds(self.request.retries + 1)) from exc
    except Exception as exc:
        # The error's class only, never its text (it may quote a row).
        earlier.mark_failed(run_id, type(exc).__name__)
        log.error("import %s failed: %s", run_id, type(exc).__name__)
        return
    if more:
        queueing.queue_import(run_id)


@app.task
def requeue_stale_imports(grace_seconds: float = queueing.STALE_AFTER.total_seconds()) -> int:
    """Queue confirmed imports that made no progress for a minute (a lost message, a broker outage)."""
    return queueing.requeue_stale(grace_seconds)


@app.task(ignore_result=True)
def anchor_audit_chain() -> None:
    """Link pending audit events and write a signed checkpoint of the head outside the database.

    Idempotent: with nothing new since the last checkpoint, nothing is written.
    """
    anchors.write_checkpoint()


@app.task(ignore_result=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def send_password_reset(user_ids: list[int]) -> int:
    """Put a password-reset mail in the outbox for each of these accounts (none for an unknown address).

    Queued after the request's commit with ids only. Running twice sends a second,
    equally valid link: harmless, and better than none.
    """
    return password_reset.send_reset_mails(user_ids)


# The outbox counts the attempts (MAIL_MAX_ATTEMPTS); Celery's own limit would stop it early.
@app.task(bind=True, name=mail_outbox.DELIVER_MAIL_TASK, max_retries=None, ignore_result=True)
def deliver_mail(self, mail_id: int) -> None:
    """Send one mail from the outbox (regeling/accounts/mail_outbox.py). Safe to run twice."""
    again = mail_outbox.deliver(mail_id)
    if again is not None:
        raise self.retry(countdown=again.seconds, exc=again.error) from None


@app.task
def requeue_pending_mails(grace_seconds: float = mail_outbox.PENDING_GRACE.total_seconds()) -> int:
    """The mail outbox sweep: queue mails whose time passed a minute ago (a lost message, a broker outage)."""
    return mail_outbox.requeue_due(grace_seconds)


@app.task
def purge_sent_mails() -> int:
    """Hourly: delete sent mails after MAIL_SENT_RETENTION_DAYS, failed ones after MAIL_FAILED_RETENTION_DAYS."""
    return mail_outbox.purge_sent()
