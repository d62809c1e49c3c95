"""No orphan files: a letter's PDF exists under its final name only once its row is committed,
and the sweep removes what a crash left behind."""

import os
import signal
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connections, transaction

from regeling.letters import files, sweep
from regeling.letters.models import Letter, LetterKind, LetterStatus
from regeling.letters.rendering import render_pending
from tests.factories import ApplicationFactory
from worker.letters.data import letter_query
from worker.tasks import render_letter, render_pdf


@pytest.fixture(autouse=True)
def own_storage(settings, tmp_path):
    """A folder of this test's own: the sweep sees only the files this test made."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture
def letter(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    return Letter.objects.create(application=application, kind=LetterKind.DECISION)


def letter_files() -> set[str]:
    return set(files.stored_names())


def render_and_die_before_commit(letter_id: int) -> None:
    """In a child process: render and write the PDF, then SIGKILL before the transaction commits."""
    connections.close_all()  # the child opens its own connection
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            with transaction.atomic():
                render_pending(letter_id, render=render_pdf, letters=letter_query())
                os.kill(os.getpid(), signal.SIGKILL)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.django_db(transaction=True)
def test_no_file_under_a_final_name_when_the_worker_is_killed_between_write_and_commit(letter):
    render_and_die_before_commit(letter.pk)

    left = letter_files()
    assert len(left) == 1 and next(iter(left)).endswith(files.PART)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_sweep_deletes_what_the_kill_left_and_the_letter_renders_once_when_rendered_again(letter):
    render_and_die_before_commit(letter.pk)

    report = sweep.sweep_files(grace=timedelta(0))
    render_letter(letter.pk)  # the outbox sweep queues it again; this test's commits are real

    letter.refresh_from_db()
    assert report.deleted == 1
    assert letter.status == LetterStatus.RENDERED and letter_files() == {letter.pdf.name}


def test_sweep_finishes_the_rename_when_the_row_was_committed_but_the_rename_was_lost(letter):
    render_letter(letter.pk)  # the test's transaction never commits: the rename waits, as after a kill
    letter.refresh_from_db()
    assert not default_storage.exists(letter.pdf.name)

    report = sweep.sweep_files()

    assert report.published == 1 and default_storage.exists(letter.pdf.name)


def test_stored_letter_opens_when_a_crash_interrupted_its_rename(letter):
    render_letter(letter.pk)
    letter.refresh_from_db()

    with letter.pdf.open("rb") as pdf:
        assert pdf.read().startswith(b"%PDF")


def test_sweep_keeps_an_unreferenced_file_when_younger_than_the_grace_period(db):
    name = default_storage.save("letters/young.pdf.part", files.ContentFile(b"%PDF-"))

    report = sweep.sweep_files()

    assert report.young == 1 and default_storage.exists(name)
