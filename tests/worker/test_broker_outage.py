"""Redis stopped at decision time: the decision is saved at once, and its letter appears
once Redis is back (the outbox sweep queues it). Uses a redis-server of its own."""

import time

import pytest

from regeling.applications import services
from regeling.applications.states import Outcome, Status
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory
from tests.worker.helpers import broker, start_worker, stop_worker, wait_for
from worker.tasks import requeue_pending_letters

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_decision_is_saved_and_its_letter_rendered_later_when_redis_is_down_at_decision_time(
    redis_server, tmp_path, officeholder, assessor
):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[45_000])
    with broker(redis_server.url):
        redis_server.stop()
        started = time.monotonic()
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Volgens advies.")
        elapsed = time.monotonic() - started

        application.refresh_from_db()
        letter = Letter.objects.get(application=application, kind=LetterKind.DECISION)
        assert application.status == Status.DECIDED
        assert letter.status == LetterStatus.PENDING
        assert elapsed < 5, f"publishing held up the decision for {elapsed:.1f}s"

        redis_server.start()
        worker = start_worker(tmp_path / "worker.log")
        try:
            assert requeue_pending_letters(grace_seconds=0) >= 1
            wait_for(lambda: Letter.objects.filter(pk=letter.pk, status=LetterStatus.RENDERED).exists(), timeout=30)
        finally:
            stop_worker(worker)
