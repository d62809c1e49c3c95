"""An objection against every decision the system issues: not processed (4:5) and settlement, as well as
the decision on the application (test_outcomes.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regeling.applications import services as application_services
from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.budgets.models import Commitment
from regeling.objections import services
from regeling.objections.states import ObjectionOutcome
from tests.applications.cases import settled
from tests.factories import ApplicationFactory
from tests.helpers import send_letters
from tests.objections.cases import ANSWERED, heard, lodged

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_processed(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    application_services.start_completeness_check(application.pk, by=assessor)
    application_services.request_information(
        application.pk, by=assessor, message="Stuur het advies.", deadline=timezone.localdate() + timedelta(days=1)
    )
    request = application.information_requests.get()
    type(request).objects.filter(pk=request.pk).update(
        requested_on=timezone.localdate() - timedelta(days=20), deadline=timezone.localdate() - timedelta(days=1)
    )
    application_services.declare_not_processed(application.pk, by=assessor, motivation="Het advies kwam niet.")
    send_letters(application)
    return application


def test_founded_objection_against_not_processing_decides_the_application_after_all(not_processed, handler):
    objection = heard(lodged(not_processed, not_processed.applicant), handler)
    assert objection.contested_kind == "not_processed"
    line = not_processed.lines.get()

    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation="Het advies was op tijd verstuurd.",
        grounds=ANSWERED,
        revised={line.pk: (45_000, "Het advies schrijft de maatregel voor.")},
    )

    application = Application.objects.get(pk=not_processed.pk)
    assert (application.status, application.outcome) == (Status.OBJECTION_DECIDED, "grant")
    assert Commitment.objects.get(application=application).committed_cents == 45_000


def test_founded_objection_against_a_settlement_settles_more_within_the_grant(officeholder, assessor, handler):
    application = settled(officeholder, assessor, invoiced_cents=30_000)
    send_letters(application)
    line = application.lines.get()
    assert (line.granted_cents, line.settled_cents) == (45_000, 30_000)
    objection = heard(lodged(application, officeholder), handler)
    assert objection.contested_kind == "settlement"

    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation="De tweede factuur was meegestuurd.",
        grounds=ANSWERED,
        revised={line.pk: (40_000, "De tweede factuur telt mee.")},
    )

    line.refresh_from_db()
    application.refresh_from_db()
    assert line.settled_cents == 40_000 and line.granted_cents == 45_000
    assert application.status == Status.SETTLED  # paid next, with the new amount
    assert Commitment.objects.get(application=application).settled_cents == 40_000
