"""Writing a letter row (the outbox) and queueing its rendering after commit.

Publishing never blocks or breaks a request: if the broker is unreachable the
row stays pending and the beat task `requeue_pending_letters` picks it up.
"""

import logging

from django.db import transaction

from .models import Letter

log = logging.getLogger(__name__)


def issue_letter(application, kind: str, *, author=None, replaces: Letter | None = None) -> Letter:
    """Create the letter row inside the caller's transaction; render it after commit."""
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        author=author,
        replaces=replaces,
        language=application.applicant.preferred_language,
    )
    transaction.on_commit(lambda: queue_rendering(letter.pk))
    return letter


def queue_rendering(letter_id: int) -> bool:
    """Publish the render task. False (and a log line without personal data) when the broker is down."""
    from worker.tasks import render_letter

    try:
        render_letter.apply_async((letter_id,), retry=False)
    except Exception:  # any broker error: the outbox row keeps the work
        log.warning("letter %s not queued: broker unavailable; the outbox will retry", letter_id)
        return False
    return True
