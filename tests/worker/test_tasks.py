"""The render task, called directly: idempotent, and it never makes a second file."""

import pytest

from regeling.letters.models import Letter, LetterStatus
from tests.factories import ApplicationFactory
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


def test_rendering_twice_stores_one_pdf(officeholder):
    letter = Letter.objects.create(
        application=ApplicationFactory(applicant=officeholder, in_assessment=True), kind="decision"
    )
    render_letter(letter.pk)
    letter.refresh_from_db()
    first = (letter.pdf.name, letter.sha256, letter.sent_at)

    render_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RENDERED
    assert (letter.pdf.name, letter.sha256, letter.sent_at) == first
    assert letter.attempts == 1
