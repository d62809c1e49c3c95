"""Thin tasks: ids in, idempotent, nothing personal in their arguments."""

import hashlib
import logging
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone

from regeling.letters.models import Letter, LetterStatus
from regeling.letters.outbox import queue_rendering

from . import letters
from .celery import app

log = logging.getLogger(__name__)
MAX_RETRIES = 4
PENDING_GRACE = timedelta(minutes=1)


@app.task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, SoftTimeLimitExceeded),
    retry_backoff=True,
    max_retries=MAX_RETRIES,
)
def render_letter(letter_id: int) -> None:
    """Render and store the letter's PDF. Safe to run twice: a stored PDF ends the job.

    The row is locked while rendering, so two deliveries of the same message
    never store two files.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("application").get(pk=letter_id)
        if letter.status == LetterStatus.RENDERED:
            return
        letter.attempts += 1
        try:
            pdf = letters.render(letters.LetterData.from_letter(letter))
        except (OperationalError, SoftTimeLimitExceeded):
            raise  # transient: rolled back, retried with backoff
        except Exception as exc:
            # Permanent: shown to the assessor with a retry button. The error's class only,
            # never its text, which may hold personal data.
            letter.status, letter.last_error = LetterStatus.FAILED, type(exc).__name__
            letter.save(update_fields=["status", "last_error", "attempts"])
            log.error("letter %s failed to render: %s", letter_id, type(exc).__name__)
            return
        letter.sha256 = hashlib.sha256(pdf).hexdigest()
        letter.pdf.save(f"{letter.pk}.pdf", ContentFile(pdf), save=False)
        letter.status, letter.sent_at, letter.last_error = LetterStatus.RENDERED, timezone.now(), ""
        letter.save()


@app.task
def requeue_pending_letters() -> int:
    """The outbox sweep: queue letters still pending after a minute (a lost message, a broker outage)."""
    cutoff = timezone.now() - PENDING_GRACE
    ids = list(Letter.objects.filter(status=LetterStatus.PENDING, created_at__lt=cutoff).values_list("pk", flat=True))
    for letter_id in ids:
        queue_rendering(letter_id)
    return len(ids)
