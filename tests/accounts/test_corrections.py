"""Facts the body vouches for (office, appointment, term end): the officeholder proposes, an assessor of the
body accepts or rejects; every step audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regeling.accounts.corrections import decide_correction, propose_correction, record_fact
from regeling.accounts.models import CorrectionStatus, UserKind
from regeling.audit.models import AuditEvent
from tests.factories import AssessorFactory, BodyFactory, OfficeholderFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory(name="Gemeente Teststad")


@pytest.fixture
def officeholder(body):
    return OfficeholderFactory(body=body)


@pytest.fixture
def assessor(body):
    return AssessorFactory(body=body)


def propose(officeholder, fact="term_ends_on", value="2031-01-01"):
    return propose_correction(officeholder, fact=fact, value=value, explanation="Herbenoemd.")


def test_accepted_proposal_changes_the_fact_and_is_audited_when_an_assessor_accepts(officeholder, assessor):
    correction = propose(officeholder)
    decide_correction(correction.pk, by=assessor, accept=True)
    officeholder.refresh_from_db()
    assert officeholder.term_ends_on == date(2031, 1, 1)
    assert AuditEvent.objects.filter(action="account.correction_accepted", actor=assessor).exists()


def test_rejected_proposal_keeps_the_fact_and_needs_a_reason_when_an_assessor_rejects(officeholder, assessor):
    correction = propose(officeholder, fact="office", value="mayor")
    with pytest.raises(ValidationError):
        decide_correction(correction.pk, by=assessor, accept=False)
    decide_correction(correction.pk, by=assessor, accept=False, reason="Benoemingsbesluit zegt wethouder.")
    officeholder.refresh_from_db()
    correction.refresh_from_db()
    assert officeholder.office == "alderman" and correction.status == CorrectionStatus.REJECTED


def test_assessor_of_another_body_cannot_decide_a_proposal(officeholder):
    correction = propose(officeholder)
    stranger = AssessorFactory(body=BodyFactory(name="Gemeente Elders"))
    with pytest.raises(PermissionDenied):
        decide_correction(correction.pk, by=stranger, accept=True)


def test_proposal_with_an_end_before_the_appointment_is_not_recorded_when_accepted(officeholder, assessor):
    correction = propose(officeholder, value="2020-01-01")
    with pytest.raises(ValidationError):
        decide_correction(correction.pk, by=assessor, accept=True)
    officeholder.refresh_from_db()
    assert officeholder.term_ends_on == date(2030, 4, 1)


def test_coordinator_records_a_changed_fact_with_a_reason_when_the_body_knows_it(officeholder, body):
    coordinator = AssessorFactory(body=body, kind=UserKind.COORDINATOR)
    record_fact(officeholder.pk, by=coordinator, fact="appointment_certain_on", value="2022-03-01", reason="Besluit.")
    officeholder.refresh_from_db()
    assert officeholder.appointment_certain_on == date(2022, 3, 1)
    assert AuditEvent.objects.filter(action="account.fact_recorded", actor=coordinator).exists()


def test_back_office_page_accepts_a_pending_proposal_when_posted(client, officeholder, assessor):
    correction = propose(officeholder)
    sign_in(client, assessor)
    page = client.get(reverse("review:corrections"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Herbenoemd." in page
    response = client.post(reverse("review:corrections"), {"correction": correction.pk, "accept": "1"})
    officeholder.refresh_from_db()
    assert response.status_code == 302 and officeholder.term_ends_on == date(2031, 1, 1)


def test_back_office_page_shows_the_missing_reason_when_a_rejection_has_none(client, officeholder, assessor):
    correction = propose(officeholder)
    sign_in(client, assessor)
    response = client.post(reverse("review:corrections"), {"correction": correction.pk, "accept": "0"})
    correction.refresh_from_db()
    assert response.status_code == 400 and correction.status == CorrectionStatus.PROPOSED
