import pytest

from regeling.applications import services
from regeling.applications.states import Outcome
from tests.factories import ApplicationFactory, OfficeholderFactory


@pytest.fixture
def paying_body(body):
    body.iban, body.bic = "NL20INGB0001234567", "INGBNL2A"
    body.save()
    return body


def settled_case(body, assessor, amounts=(40_000,), **fields):
    """A case taken through decision, invoices and settlement by the real services."""
    application = ApplicationFactory(
        applicant=OfficeholderFactory(organisation=body), in_assessment=True, lines=list(amounts), **fields
    )
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies")
    services.submit_settlement(
        application.pk,
        by=application.applicant,
        invoiced={line.pk: line.granted_cents for line in application.lines.all()},
    )
    services.settle_application(application.pk, by=assessor)
    application.refresh_from_db()
    return application
