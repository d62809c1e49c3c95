"""Issued letters never change; corrections and retries go through audited services."""

import pytest
from django.core.exceptions import PermissionDenied

from regeling.audit.chain import link_after_commit
from regeling.audit.models import AuditEvent
from regeling.core.exceptions import TransitionRefused
from regeling.letters import outbox
from regeling.letters.models import ImmutableLetter, Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory, AssessorFactory
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


def _renders(callbacks) -> list:
    """The after-commit callbacks other than the audit chainer's."""
    return [callback for callback in callbacks if callback is not link_after_commit]


@pytest.fixture
def sent_letter(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    render_letter(letter.pk)
    letter.refresh_from_db()
    return letter


def test_saving_another_hash_is_refused_when_letter_was_issued(sent_letter):
    sent_letter.sha256 = "0" * 64

    with pytest.raises(ImmutableLetter):
        sent_letter.save()


def test_saving_another_file_is_refused_when_letter_was_issued(sent_letter):
    sent_letter.pdf.name = "letters/other.pdf"

    with pytest.raises(ImmutableLetter):
        sent_letter.save()


def test_reissue_creates_a_new_pending_letter_naming_the_original_when_assessor_corrects(
    sent_letter, assessor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        correction = outbox.reissue_letter(sent_letter.pk, by=assessor)

    assert correction.replaces == sent_letter and correction.kind == sent_letter.kind
    assert correction.status == LetterStatus.PENDING and correction.author == assessor
    assert len(_renders(callbacks)) == 1
    assert AuditEvent.objects.filter(action="letter.reissue", object_id=str(correction.public_id)).exists()
    original = Letter.objects.get(pk=sent_letter.pk)
    assert (original.sha256, original.pdf.name) == (sent_letter.sha256, sent_letter.pdf.name)


def test_reissue_is_refused_when_assessor_is_of_another_body(sent_letter):
    with pytest.raises(PermissionDenied):
        outbox.reissue_letter(sent_letter.pk, by=AssessorFactory())


def test_reissue_is_refused_with_a_message_when_letter_was_never_sent(sent_letter, assessor):
    pending = Letter.objects.create(application=sent_letter.application, kind=LetterKind.DECISION)

    with pytest.raises(TransitionRefused):
        outbox.reissue_letter(pending.pk, by=assessor)


def test_retry_queues_a_failed_letter_again_when_assessor_retries(
    sent_letter, assessor, django_capture_on_commit_callbacks
):
    failed = Letter.objects.create(
        application=sent_letter.application,
        kind=LetterKind.DECISION,
        status=LetterStatus.FAILED,
        last_error="OperationalError",
        attempts=5,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        outbox.retry_letter(failed.pk, by=assessor)

    failed.refresh_from_db()
    assert failed.status == LetterStatus.PENDING and failed.last_error == "" and failed.attempts == 0
    assert len(_renders(callbacks)) == 1
    assert AuditEvent.objects.filter(action="letter.retry", object_id=str(failed.public_id)).exists()


def test_retry_is_refused_with_a_message_when_letter_has_not_failed(sent_letter, assessor):
    with pytest.raises(TransitionRefused):
        outbox.retry_letter(sent_letter.pk, by=assessor)


def test_batch_reissues_the_latest_sent_letter_of_each_case_of_the_body_when_cases_are_chosen(sent_letter, assessor):
    foreign = ApplicationFactory(in_assessment=True)
    foreign_letter = Letter.objects.create(application=foreign, kind=LetterKind.DECISION)
    render_letter(foreign_letter.pk)

    batch = outbox.reissue_batch([sent_letter.application_id, foreign.pk], by=assessor)
    outbox.reissue_next_cases(batch.pk)  # what the worker does after commit

    assert [letter.replaces_id for letter in batch.letters.all()] == [sent_letter.pk]
    assert batch.progress() == {"pending": 1, "rendered": 0, "failed": 0, "total": 1}
