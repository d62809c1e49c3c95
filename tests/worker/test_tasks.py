"""The render task, called directly: idempotent, bounded retries, failures shown as failed."""

import hashlib

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from regeling.letters.models import Letter, LetterKind, LetterStatus
from regeling.letters.rendering import MAX_ATTEMPTS, backoff_seconds
from tests.factories import ApplicationFactory
from worker.tasks import render_letter, requeue_pending_letters

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    return Letter.objects.create(application=application, kind=LetterKind.DECISION)


def test_rendering_twice_stores_one_pdf(letter):
    render_letter(letter.pk)
    letter.refresh_from_db()
    first = (letter.pdf.name, letter.sha256, letter.sent_at)

    render_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RENDERED
    assert (letter.pdf.name, letter.sha256, letter.sent_at) == first
    assert letter.attempts == 1


def test_stored_sha256_is_that_of_the_stored_file_when_rendered(letter):
    render_letter(letter.pk)
    letter.refresh_from_db()

    assert letter.sha256 == hashlib.sha256(letter.pdf.read()).hexdigest()


def test_letter_is_marked_failed_with_the_error_class_when_rendering_cannot_succeed(letter):
    Letter.objects.filter(pk=letter.pk).update(kind="no_such_kind")  # no template: a permanent error

    render_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED
    assert letter.last_error in {"KeyError", "TemplateDoesNotExist"}  # the class only, never the text
    assert not letter.pdf


def test_transient_error_is_counted_and_left_pending_for_a_retry_when_storage_fails(letter, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker / "x"}}

    with override_settings(STORAGES={"default": storage}), pytest.raises(OSError):
        render_letter(letter.pk)  # called directly, Celery re-raises instead of scheduling the retry
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING
    assert letter.attempts == 1 and letter.last_error in {"NotADirectoryError", "FileExistsError"}


def test_letter_is_marked_failed_when_transient_errors_reach_the_attempt_limit(letter, tmp_path):
    Letter.objects.filter(pk=letter.pk).update(attempts=MAX_ATTEMPTS - 1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker / "x"}}

    with override_settings(STORAGES={"default": storage}):
        render_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED and letter.attempts == MAX_ATTEMPTS


def test_backoff_grows_and_is_capped_when_attempts_increase():
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff_seconds(20) == 300


def test_failed_letter_is_not_rendered_when_its_message_arrives_again(letter):
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.FAILED)

    render_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED and not letter.pdf


def test_task_ends_quietly_when_the_letter_no_longer_exists():
    assert render_letter(987_654_321) is None


def test_sweep_leaves_fresh_pending_letters_to_their_own_message_when_younger_than_a_minute(letter):
    assert requeue_pending_letters() == 0


def test_sweep_queues_only_pending_letters_when_their_grace_has_passed(letter):
    Letter.objects.create(application=letter.application, kind=LetterKind.RECEIPT, status=LetterStatus.RENDERED)
    Letter.objects.create(application=letter.application, kind=LetterKind.RECEIPT, status=LetterStatus.FAILED)

    # Pending: the decision letter and the receipt the submission wrote.
    assert requeue_pending_letters(grace_seconds=0) == 2


def test_addressee_gets_one_news_mail_without_reading_the_user_again_when_rendered(
    letter, officeholder, mailoutbox, django_capture_on_commit_callbacks
):
    # The news mail's address and language come with the letter, not from a query of its own.
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        render_letter(letter.pk)

    assert [mail.to for mail in mailoutbox] == [[officeholder.email]]
    assert not [query for query in queries.captured_queries if 'FROM "accounts_user"' in query["sql"]]
