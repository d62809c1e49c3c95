"""News mails: one per piece of news, with a link and nothing personal."""

import pytest
from django.core import mail

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.letters.models import LetterKind
from tests.factories import ApplicationFactory
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_assessment(officeholder):
    return ApplicationFactory(applicant=officeholder, in_assessment=True)


def test_one_mail_arrives_when_the_decision_letter_is_ready(
    in_assessment, assessor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.decide_application(in_assessment.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")
    assert mail.outbox == []  # the step waits for its letter
    letter = in_assessment.letters.get(kind=LetterKind.DECISION)
    with django_capture_on_commit_callbacks(execute=True):
        render_letter(letter.pk)
    (message,) = mail.outbox
    assert str(in_assessment.public_id) in message.body


def test_news_mail_names_nothing_personal_when_views_are_requested(
    in_assessment, assessor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.request_views(in_assessment.pk, by=assessor, outcome=Outcome.REFUSE, motivation="Niet in het advies.")
    letter = in_assessment.letters.get(kind=LetterKind.VIEWS_INTENTION)
    with django_capture_on_commit_callbacks(execute=True):
        render_letter(letter.pk)
    (message,) = mail.outbox
    text = message.subject + message.body
    for personal in ("Lindelaan", "3511", "Maatregel", "450", in_assessment.reference, "Wim", "Teststad"):
        assert personal not in text
