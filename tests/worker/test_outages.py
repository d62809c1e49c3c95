"""Twenty Redis outages with the worker busy, and a warm shutdown in the middle of a batch:
every letter ends rendered exactly once, with its file matching its SHA-256, and the worker
is still alive. A redis-server of its own, with the append-only file as in production."""

import hashlib
import time

import pytest
from django.core.files.storage import default_storage

from regeling.letters import files
from regeling.letters.models import Letter, LetterKind, LetterStatus
from regeling.letters.outbox import queue_rendering
from tests.factories import ApplicationFactory
from tests.worker.helpers import RedisServer, broker, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]
OUTAGES = 20


@pytest.fixture
def persistent_redis(tmp_path):
    server = RedisServer(tmp_path, appendonly=True)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def case(officeholder):
    return ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)


def issue(case, count: int) -> list[int]:
    """Letter rows queued as the outbox does (a failed publish leaves them for the sweeps)."""
    ids = []
    for _ in range(count):
        letter = Letter.objects.create(application=case, kind=LetterKind.DECISION)
        queue_rendering(letter.pk)
        ids.append(letter.pk)
    return ids


def assert_rendered_exactly_once(ids: list[int]) -> None:
    letters = list(Letter.objects.filter(pk__in=ids))
    assert {letter.status for letter in letters} == {LetterStatus.RENDERED}
    assert {letter.attempts for letter in letters} == {1}  # one stored rendering each, never a second
    for letter in letters:
        assert not default_storage.exists(letter.pdf.name + files.PART)  # nothing half-written
        with letter.pdf.open("rb") as pdf:
            assert hashlib.sha256(pdf.read()).hexdigest() == letter.sha256


def test_every_letter_is_rendered_once_and_the_worker_lives_when_redis_goes_down_twenty_times(
    persistent_redis, tmp_path, case
):
    log = tmp_path / "worker.log"
    with broker(persistent_redis.url):
        ids = issue(case, 40)
        worker = start_worker(log, concurrency=2)
        try:
            for _ in range(OUTAGES):
                persistent_redis.stop()
                ids += issue(case, 1)  # published while Redis is down: fails, stays pending
                time.sleep(0.3)
                persistent_redis.start()
                ids += issue(case, 1)
                time.sleep(1.5)
            wait_for(lambda: not Letter.objects.filter(pk__in=ids).exclude(status=LetterStatus.RENDERED), timeout=90)
            assert worker.poll() is None, log.read_text()[-3000:]
        finally:
            stop_worker(worker)
    assert "Unrecoverable error" not in log.read_text()
    assert_rendered_exactly_once(ids)


def test_nothing_is_lost_or_half_written_when_the_worker_gets_sigterm_in_the_middle_of_a_batch(
    persistent_redis, tmp_path, case
):
    with broker(persistent_redis.url):
        ids = issue(case, 30)
        worker = start_worker(tmp_path / "worker.log", concurrency=2)
        wait_for(lambda: Letter.objects.filter(pk__in=ids, status=LetterStatus.RENDERED).count() >= 3, timeout=60)
        stop_worker(worker)  # SIGTERM: a warm shutdown finishes the letters in hand
        assert Letter.objects.filter(pk__in=ids, status=LetterStatus.PENDING).exists(), "the batch ended too soon"

        worker = start_worker(tmp_path / "worker-again.log", concurrency=2)
        try:
            wait_for(lambda: not Letter.objects.filter(pk__in=ids).exclude(status=LetterStatus.RENDERED), timeout=90)
        finally:
            stop_worker(worker)
    assert_rendered_exactly_once(ids)
