"""Findings for a stored application: the case is built from the application, its applicant and body."""

from datetime import date

import pytest

from regeling.applications.findings import case_from_application, findings_for, reimbursed_cents_for_residence
from regeling.applications.models import Application
from regeling.applications.states import Outcome, Status
from regeling.schemes.evaluation import Verdict
from regeling.schemes.versions import Measure, SchemeVersion
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def version_a(applicant, *, postcode="3511 AB", cents=240_000, **fields):
    """Version A, a fire and burglar safe; with a `state`, taken there by the services."""
    return ApplicationFactory(
        applicant=applicant,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        postcode=postcode,
        pkvw_valid_until=date(2030, 1, 1),
        received_on=date(2023, 6, 1),
        lines=[{"measure": Measure.FIRE_BURGLAR_SAFE, "requested_cents": cents}],
        **fields,
    )


def paid_grant(applicant, *, postcode, cents, **fields):
    """Granted in full, invoiced, settled and paid by the services."""
    return version_a(applicant, postcode=postcode, cents=cents, state=Status.PAID, decision=Outcome.GRANT, **fields)


def test_earlier_reimbursement_for_the_same_residence_reduces_the_cap(officeholder):
    paid_grant(officeholder, postcode="3511 AB", cents=200_000)
    evaluation = findings_for(version_a(officeholder, postcode="3511 AB"))
    assert evaluation.eligible_total_cents == 40_000
    assert evaluation.verdict == Verdict.PARTLY_MET


def test_a_move_during_the_term_gives_a_fresh_cap(officeholder):
    paid_grant(officeholder, postcode="3511 AB", cents=240_000)
    evaluation = findings_for(version_a(officeholder, postcode="1011 CD", moved_during_term=True))
    assert evaluation.eligible_total_cents == 240_000
    assert evaluation.verdict == Verdict.MET


def test_settled_amount_counts_instead_of_the_grant(officeholder):
    earlier = paid_grant(officeholder, postcode="3511 AB", cents=200_000)
    earlier.lines.update(settled_cents=50_000)
    assert case_from_application(version_a(officeholder)).earlier_reimbursed_cents == 50_000


def test_a_proposal_awaiting_approval_counts_for_the_cap_but_is_not_reimbursed(officeholder):
    # A grant of EUR 2,400, above the four-eyes amount: proposed, awaiting the second assessor.
    version_a(officeholder, state=Status.AWAITING_APPROVAL, decision=Outcome.GRANT)
    other = version_a(officeholder)
    assert case_from_application(other).earlier_reimbursed_cents == 240_000
    assert reimbursed_cents_for_residence(other) == 0


# The states in which an earlier grant is reimbursed for the cap (decided and not undone), written out
# rather than read from findings.py, as the workflow table does.
GRANT_STANDS = {
    Status.DECIDED,
    Status.OBJECTION_LODGED,
    Status.OBJECTION_DECIDED,
    Status.SETTLEMENT_SUBMITTED,
    Status.SETTLEMENT_VIEWS_REQUESTED,
    Status.SETTLED,
    Status.PAID,
    Status.CLOSED,
}


@pytest.mark.parametrize("status", Status.values)
def test_an_earlier_grant_is_reimbursed_for_the_cap_only_when_its_decision_stands(status, officeholder):
    earlier = paid_grant(officeholder, postcode="3511 AB", cents=200_000)
    Application.objects.filter(pk=earlier.pk).update(status=status)  # the state alone, as a table
    expected = 200_000 if status in GRANT_STANDS else 0
    assert reimbursed_cents_for_residence(version_a(officeholder, postcode="3511 AB")) == expected


def test_case_takes_term_from_the_applicant_and_body_from_the_body(officeholder):
    case = case_from_application(version_a(officeholder))
    assert case.appointment_certain_on == officeholder.appointment_certain_on
    assert case.body_kind == officeholder.body.kind
    assert case.application_date == date(2023, 6, 1)


def test_advice_contents_become_advice_lines(officeholder):
    application = ApplicationFactory(applicant=officeholder, advice_contents="Maatregel 1\n\n  Camera  \n")
    assert case_from_application(application).advice_lines == ("Maatregel 1", "Camera")
    assert findings_for(application).findings_for_line(1)[0].is_met


def test_earlier_grant_counts_when_the_same_home_is_written_differently(officeholder):
    paid_grant(officeholder, postcode="3511ab", cents=200_000, address_line="Lindelaan 12-a")
    application = version_a(officeholder, postcode="3511 AB", address_line="Lindelaan 12 A")
    assert case_from_application(application).earlier_reimbursed_cents == 200_000


def test_earlier_grant_does_not_count_when_the_addition_differs(officeholder):
    paid_grant(officeholder, postcode="3511 AB", cents=200_000, address_line="Lindelaan 12 B")
    application = version_a(officeholder, postcode="3511 AB", address_line="Lindelaan 12 A")
    assert case_from_application(application).earlier_reimbursed_cents == 0
