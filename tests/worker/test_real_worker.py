"""Real worker processes: a rendered decision letter, and nothing lost or doubled when a
worker is killed with SIGKILL in the middle of a batch."""

import hashlib
import io

import pytest
import redis
from django.conf import settings
from pypdf import PdfReader

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.letters.models import Letter, LetterKind, LetterStatus
from regeling.letters.outbox import queue_rendering
from tests.factories import ApplicationFactory
from tests.worker.helpers import kill_worker, start_worker, stop_worker, wait_for
from worker.tasks import render_letter, requeue_pending_letters

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]
BATCH = 60  # large enough that the kill lands mid-batch even on a busy machine


def test_worker_renders_decision_letter_with_name_reference_and_amount(celery_worker_process, officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[45_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Volgens het advies.")

    letter = wait_for(
        lambda: Letter.objects.filter(
            application=application, kind=LetterKind.DECISION, status=LetterStatus.RENDERED
        ).first()
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.pdf.read())).pages)
    assert "Wim de Wethouder" in text
    assert application.reference in text
    assert "€ 450,00" in text


def forget_old_messages() -> None:
    """Messages left in our Redis database by an earlier run would only add noise."""
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


def test_every_letter_exists_exactly_once_when_a_worker_is_killed_mid_batch(tmp_path, officeholder, assessor):
    forget_old_messages()
    cases = [ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True) for _ in range(BATCH)]
    for receipt in Letter.objects.filter(application__in=cases, kind=LetterKind.RECEIPT):
        render_letter(receipt.pk)  # each submission's receipt went out long before
    letters = [Letter.objects.create(application=case, kind=LetterKind.DECISION, author=assessor) for case in cases]
    for letter in letters:
        queue_rendering(letter.pk)
    rendered = Letter.objects.filter(pk__in=[letter.pk for letter in letters], status=LetterStatus.RENDERED)

    worker = start_worker(tmp_path / "first.log", concurrency=2)
    try:
        wait_for(lambda: rendered.count() >= 3, timeout=30, interval=0.02)
    finally:
        kill_worker(worker)
    assert rendered.count() < BATCH, "the batch finished before the kill; the test proves nothing"

    # After the restart the outbox sweep queues what the dead worker held unacknowledged.
    worker = start_worker(tmp_path / "second.log", concurrency=2)
    try:
        requeue_pending_letters(grace_seconds=0)
        wait_for(lambda: rendered.count() == BATCH, timeout=40, interval=0.1)
    finally:
        stop_worker(worker)

    for letter in Letter.objects.filter(pk__in=[letter.pk for letter in letters]):
        assert letter.attempts == 1, "rendered more than once"
        assert letter.sha256 == hashlib.sha256(letter.pdf.read()).hexdigest()
    assert Letter.objects.filter(application__applicant=officeholder, kind=LetterKind.DECISION).count() == BATCH
    assert Letter.objects.filter(application__applicant=officeholder).count() == 2 * BATCH  # and the receipts
