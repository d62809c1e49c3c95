"""Reissuing letters in bulk runs in the background: the request writes the batch, the worker the
letters in steps, and the batch page never says "done" before they are all written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications.letter_views import batch_counts
from regeling.audit.models import AuditEvent
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterBatch, LetterKind
from regeling.review.assignment import declare_conflict
from tests.factories import ApplicationFactory, OfficeholderFactory
from worker.tasks import render_letter


def case_with_sent_letter(body):
    application = ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    render_letter(letter.pk)
    return application


@pytest.fixture
def two_cases(body):
    return [case_with_sent_letter(body), case_with_sent_letter(body)]


def test_request_writes_the_batch_but_no_letter(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    assert batch.cases == sorted(case.pk for case in two_cases)
    assert batch.letters.count() == 0


def test_worker_writes_the_letters_in_steps_until_done(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    assert outbox.reissue_next_cases(batch.pk, step=1) is True
    assert outbox.reissue_next_cases(batch.pk, step=1) is False
    batch.refresh_from_db()
    assert batch.letters.count() == 2 and batch.finished_at is not None


def test_step_run_again_after_the_end_writes_nothing_twice(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    outbox.reissue_next_cases(batch.pk)
    outbox.reissue_next_cases(batch.pk)
    assert batch.letters.count() == 2


def test_each_reissued_letter_is_audited(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    outbox.reissue_next_cases(batch.pk)
    assert AuditEvent.objects.filter(action="letter.reissue", actor=assessor).count() == 2


def test_case_with_a_conflict_declared_since_is_skipped_and_counted(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    declare_conflict(two_cases[0].pk, by=assessor, reason="Familie")
    outbox.reissue_next_cases(batch.pk)
    batch.refresh_from_db()
    assert batch.cases_skipped == 1 and batch.letters.count() == 1


def test_counts_say_pending_while_letters_are_still_to_be_written(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    outbox.reissue_next_cases(batch.pk, step=1)
    for letter in batch.letters.all():
        render_letter(letter.pk)
    batch.refresh_from_db()
    assert batch_counts(batch) == {"done": 1, "failed": 0, "pending": 1, "total": 2, "percent": 50}


def test_sweep_queues_a_batch_that_made_no_progress(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    LetterBatch.objects.filter(pk=batch.pk).update(progressed_at=timezone.now() - timedelta(minutes=5))
    assert outbox.requeue_stale_batches() == 1


def test_sweep_leaves_a_finished_batch_alone(assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    outbox.reissue_next_cases(batch.pk)
    LetterBatch.objects.filter(pk=batch.pk).update(progressed_at=timezone.now() - timedelta(minutes=5))
    assert outbox.requeue_stale_batches() == 0


def test_work_list_starts_a_batch_for_the_ticked_cases(as_user, assessor, two_cases):
    data = {"bulk-cases": [str(case.public_id) for case in two_cases], "bulk-action": "reissue"}
    response = as_user(assessor).post(reverse("review:bulk"), data)
    batch = LetterBatch.objects.get()
    assert response["Location"] == reverse("letters:batch", args=[batch.public_id])
    assert batch.cases == sorted(case.pk for case in two_cases)


def test_work_list_says_why_when_no_ticked_case_has_a_sent_letter(as_user, assessor, body):
    case = ApplicationFactory(applicant=OfficeholderFactory(body=body), submitted=True)
    data = {"bulk-cases": [str(case.public_id)], "bulk-action": "reissue"}
    response = as_user(assessor).post(reverse("review:bulk"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "None of the ticked cases has a sent letter you may reissue." in response.content.decode()
    assert not LetterBatch.objects.exists()


def test_batch_page_is_refused_when_a_waiting_case_has_my_conflict(as_user, assessor, two_cases):
    batch = outbox.reissue_batch([case.pk for case in two_cases], by=assessor)
    declare_conflict(two_cases[0].pk, by=assessor, reason="Familie")
    assert as_user(assessor).get(reverse("letters:batch", args=[batch.public_id])).status_code == 403
