"""Refused access is audited, aggregated so a flood of guesses cannot fill the log."""

import uuid

import pytest
from django.urls import reverse

from regeling.audit.models import AuditEvent
from regeling.letters.models import Letter, LetterKind
from tests.factories import ApplicationFactory, OfficeholderFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


def _denied(actor):
    return AuditEvent.objects.filter(actor=actor, result="denied")


def test_refusal_recorded_when_an_officeholder_guesses_another_case_letter(client, officeholder):
    sign_in(client, officeholder)
    assert client.get(reverse("letters:download", args=[uuid.uuid4()])).status_code == 404
    assert _denied(officeholder).filter(action="letter.not_found").count() == 1


def test_refusal_recorded_when_a_download_of_someone_elses_letter_is_refused(client, officeholder):
    other = ApplicationFactory(applicant=OfficeholderFactory(body=officeholder.body))
    letter = Letter.objects.create(application=other, kind=LetterKind.RECEIPT)
    render_letter(letter.pk)
    sign_in(client, officeholder)
    assert client.get(reverse("letters:download", args=[letter.public_id])).status_code == 404
    assert _denied(officeholder).filter(action="letter.not_found").exists()


def test_flood_of_guesses_leaves_a_few_rows_with_counts_when_someone_tries_many_ids(client, officeholder):
    sign_in(client, officeholder)
    for _ in range(120):
        client.get(reverse("letters:download", args=[uuid.uuid4()]))
    counts = sorted(event.detail["repeated"] for event in _denied(officeholder).filter(action="letter.not_found"))
    assert counts == [1, 10, 100]


def test_refused_transition_recorded_when_a_step_is_not_possible_now(client, assessor, submitted_application):
    sign_in(client, assessor)
    url = reverse("review:act", args=[submitted_application.public_id, "approve"])
    assert client.post(url).status_code in (403, 404, 409)
    assert _denied(assessor).exists()
