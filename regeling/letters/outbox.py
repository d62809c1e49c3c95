"""Writing letter rows (the outbox) and queueing their rendering after commit.

Publishing never blocks or breaks a request: if the broker is unreachable the
row stays pending and the beat task `requeue_pending_letters` picks it up.
Issued letters never change: a correction is a new letter that names the one
it replaces (`reissue_letter`); a failed rendering is tried again (`retry_letter`).
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.accounts.access import can_handle
from regeling.accounts.models import User
from regeling.audit import log as audit
from regeling.core.celery import publish, publish_or_leave
from regeling.core.exceptions import TransitionRefused

from .models import Letter, LetterBatch, LetterStatus

log = logging.getLogger(__name__)
# The worker's task, published by name: the web side never imports worker/.
RENDER_LETTER_TASK = "worker.tasks.render_letter"
# Many letters at once (the sweep, a bulk run) go in messages of BATCH_SIZE ids: one transaction each.
RENDER_LETTERS_TASK = "worker.tasks.render_letters"
REISSUE_BATCH_TASK = "worker.tasks.reissue_batch_letters"
BATCH_SIZE = 25
# A letter still pending after this long lost its message (or the broker was down): queue it again.
PENDING_GRACE = timedelta(minutes=1)
# Freezes what a letter shows into its `snapshot`. The letter data lives in the applications
# app above this one, which registers it when Django starts (ApplicationsConfig.ready).
_freeze: Callable[[Letter], str] | None = None


def register_freezer(freeze: Callable[[Letter], str]) -> None:
    global _freeze
    _freeze = freeze


def issue_letter(
    application,
    kind: str,
    *,
    author=None,
    replaces: Letter | None = None,
    batch: LetterBatch | None = None,
    attach: Callable[[Letter], object] | None = None,
) -> Letter:
    """Create the letter row inside the caller's transaction; render it after commit.

    `attach` writes rows that belong to the letter (an objection's link) before its data is frozen.
    """
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        author=author,
        replaces=replaces,
        batch=batch,
        language=application.applicant.preferred_language,
    )
    if attach is not None:
        attach(letter)
    if _freeze is None:
        raise RuntimeError("no letter freezer registered: is regeling.applications installed?")
    # The snapshot is written in the caller's transaction, with the decision itself.
    letter.snapshot = _freeze(letter)
    letter.save(update_fields=["snapshot"])
    transaction.on_commit(lambda: queue_rendering(letter.pk))
    return letter


def queue_rendering(letter_id: int) -> bool:
    """Publish the render task. False (and a log line without personal data) when the broker is down."""
    return publish_or_leave(RENDER_LETTER_TASK, letter_id, what="letter")


def queue_batches(letter_ids: list[int]) -> int:
    """Publish the render task for many letters, BATCH_SIZE ids a message. Returns the letters queued;
    those not queued (broker down) stay pending for the sweep."""
    queued = 0
    for start in range(0, len(letter_ids), BATCH_SIZE):
        batch = letter_ids[start : start + BATCH_SIZE]
        try:
            publish(RENDER_LETTERS_TASK, *batch)
        except Exception:  # any broker error: the outbox rows keep the work
            log.warning("%s letters not queued: broker unavailable; the outbox will retry", len(batch))
            continue
        queued += len(batch)
    return queued


def _locked_letter_for(letter_id: int, by: User) -> Letter:
    letter = Letter.objects.select_for_update(of=("self",)).select_related("application").get(pk=letter_id)
    if not can_handle(letter.application, by):
        raise PermissionDenied
    return letter


@transaction.atomic
def reissue_letter(letter_id: int, *, by: User, batch: LetterBatch | None = None) -> Letter:
    """Issue a corrected copy of a sent letter: a new letter with `replaces` set, frozen
    from the case as it is now. The original stays as it was sent. Audited."""
    original = _locked_letter_for(letter_id, by)
    if original.status != LetterStatus.RENDERED:
        raise TransitionRefused(_("Only a letter that was sent can be reissued; retry a failed letter instead."))
    letter = issue_letter(original.application, original.kind, author=by, replaces=original, batch=batch)
    audit.record("letter.reissue", actor=by, obj=letter, replaces=str(original.public_id))
    return letter


@transaction.atomic
def retry_letter(letter_id: int, *, by: User) -> Letter:
    """Queue a failed letter again (after commit), with a fresh round of attempts. Audited.
    A letter that has not failed is refused with a message."""
    letter = _locked_letter_for(letter_id, by)
    if letter.status != LetterStatus.FAILED:
        raise TransitionRefused(_("This letter has not failed, so there is nothing to retry."))
    # A fresh round of attempts: the worker's retry limit counts from here.
    letter.status, letter.last_error, letter.attempts = LetterStatus.PENDING, "", 0
    letter.save(update_fields=["status", "last_error", "attempts"])
    audit.record("letter.retry", actor=by, obj=letter)
    transaction.on_commit(lambda: queue_rendering(letter.pk))
    return letter


def reissue_batch(application_ids: list[int], *, by: User) -> LetterBatch:
    """Start reissuing the latest sent letter of each selected case of the assessor's body.

    The request only writes the batch with the cases that have a sent letter (cases of other
    bodies, or without one, are left out) and audits it; after commit the worker writes the
    letters in steps of BATCH_SIZE (`reissue_next_cases`), so a large selection never holds up
    the request. The batch page shows its progress.
    """
    if by.body_id is None:  # only staff of a body reissue letters
        raise PermissionDenied
    with transaction.atomic():
        with_letter = Letter.objects.filter(
            application_id__in=application_ids,
            application__body_id=by.body_id,
            status=LetterStatus.RENDERED,
        ).values_list("application_id", flat=True)
        cases = sorted(set(with_letter))
        now = timezone.now()
        batch = LetterBatch.objects.create(
            body_id=by.body_id,
            created_by=by,
            cases=cases,
            progressed_at=now,
            finished_at=None if cases else now,
        )
        audit.record("letter.batch", actor=by, obj=batch, letters=len(cases))
        if cases:
            transaction.on_commit(lambda: queue_batch(batch.pk))
    return batch


def queue_batch(batch_id: int) -> bool:
    """Publish the next step of a batch. False (logged with the id only) when the broker is down:
    the beat's sweep (`requeue_stale_batches`) queues it again."""
    try:
        publish(REISSUE_BATCH_TASK, batch_id)
    except Exception:  # any broker error: the batch row keeps the work
        log.warning("letter batch %s not queued: broker unavailable; the sweep will retry", batch_id)
        return False
    return True


@transaction.atomic
def reissue_next_cases(batch_id: int, *, step: int = BATCH_SIZE) -> bool:
    """Reissue the letters of the batch's next `step` cases; True while cases remain.

    Safe to run twice: the step and its progress commit together, under the batch's row lock, so a
    redelivered message or a killed worker goes on where the last commit left off. A case its
    creator may no longer handle (a conflict of interest declared since) or that has no sent letter
    any more is skipped and counted. Each letter is audited as its own `letter.reissue`.
    """
    batch = LetterBatch.objects.select_for_update(of=("self",)).select_related("created_by").get(pk=batch_id)
    if batch.finished_at is not None:
        return False
    chunk = batch.cases[batch.cases_done : batch.cases_done + step]
    latest = {}
    sent = Letter.objects.filter(application_id__in=chunk, status=LetterStatus.RENDERED).order_by(
        "application_id", "created_at", "pk"
    )
    for letter_id, application_id in sent.values_list("pk", "application_id"):
        latest[application_id] = letter_id
    for application_id in chunk:
        if application_id not in latest:  # its letters were removed since (retention)
            batch.cases_skipped += 1
            continue
        try:
            reissue_letter(latest[application_id], by=batch.created_by, batch=batch)
        except (PermissionDenied, TransitionRefused):
            batch.cases_skipped += 1
    batch.cases_done += len(chunk)
    batch.progressed_at = timezone.now()
    if batch.cases_done >= len(batch.cases):
        batch.finished_at = batch.progressed_at
    batch.save(update_fields=["cases_done", "cases_skipped", "progressed_at", "finished_at"])
    return batch.finished_at is None


def requeue_stale_batches(grace_seconds: float = PENDING_GRACE.total_seconds()) -> int:
    """The sweep: queue unfinished batches that made no progress for a minute (a lost message, a broker outage)."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    ids = list(
        LetterBatch.objects.filter(finished_at__isnull=True, progressed_at__lt=cutoff).values_list("pk", flat=True)
    )
    for batch_id in ids:
        queue_batch(batch_id)
    return len(ids)


def requeue_pending(grace_seconds: float = PENDING_GRACE.total_seconds()) -> int:
    """The outbox sweep: queue letters still pending after the grace period. Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    ids = list(Letter.objects.filter(status=LetterStatus.PENDING, created_at__lt=cutoff).values_list("pk", flat=True))
    queue_batches(ids)
    return len(ids)
