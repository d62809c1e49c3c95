"""A real worker process renders the decision letter PDF after a grant."""

import io

import pytest
from pypdf import PdfReader

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory
from tests.worker.conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


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
