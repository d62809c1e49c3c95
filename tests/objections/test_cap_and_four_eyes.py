"""A founded objection that grants money passes the same checks as a primary decision: version A's
EUR 2,400 per residence under the residence lock (Stcrt. 2020, 49908), and four eyes above the amount."""

import pytest

from regeling.applications import services as application_services
from regeling.applications.states import Outcome
from regeling.core.exceptions import TransitionRefused
from regeling.earlier import services as earlier_services
from regeling.objections import services
from regeling.objections.states import ObjectionOutcome, ObjectionStatus
from regeling.schemes.versions import SchemeVersion
from tests.applications.cases import MOTIVATION
from tests.earlier.files import dutch_csv, row
from tests.factories import ApplicationFactory
from tests.helpers import send_letters
from tests.objections.cases import ANSWERED, lodged, skipped

pytestmark = pytest.mark.django_db


def version_a(officeholder, cents):
    return ApplicationFactory(
        applicant=officeholder,
        in_assessment=True,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        postcode="3511 AB",
        address_line="Lindelaan 12-a",
        lines=[cents],
    )


@pytest.fixture
def refused_beside_a_grant(officeholder, assessor, second_assessor):
    """EUR 1,500 granted for the home, then a second application of EUR 1,200 for it refused."""
    first = version_a(officeholder, 150_000)
    application_services.decide_application(first.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application_services.approve_decision(first.pk, by=second_assessor)
    second = version_a(officeholder, 120_000)
    application_services.decide_application(
        second.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=MOTIVATION,
        views_exception="4:7(1)",
        views_not_needed_reason="De feiten staan niet ter discussie.",
    )
    application_services.approve_decision(second.pk, by=second_assessor)
    send_letters(second)
    return second


def founded(objection, handler, cents):
    line = objection.application.lines.get()
    return services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED if cents == line.requested_cents else "founded_in_part",
        motivation="Het advies noemt de maatregel.",
        grounds=ANSWERED,
        revised={line.pk: (cents, "Het advies noemt de maatregel.")},
    )


def test_founded_objection_above_the_cap_for_the_residence_is_refused(refused_beside_a_grant, handler):
    objection = skipped(lodged(refused_beside_a_grant, refused_beside_a_grant.applicant), handler, "waived")
    with pytest.raises(TransitionRefused, match="exceeds the EUR 2,400 for this residence"):
        founded(objection, handler, 120_000)
    assert refused_beside_a_grant.lines.get().granted_cents == 0
    assert services.Objection.objects.get(pk=objection.pk).status == ObjectionStatus.IN_CONSIDERATION


def test_founded_objection_within_the_remainder_of_the_cap_is_proposed(refused_beside_a_grant, handler):
    objection = skipped(lodged(refused_beside_a_grant, refused_beside_a_grant.applicant), handler, "waived")
    assert founded(objection, handler, 90_000).status == ObjectionStatus.AWAITING_APPROVAL


def test_approval_counts_the_cap_again_when_a_grant_for_the_home_came_first(
    refused_beside_a_grant, officeholder, handler, approver, coordinator
):
    objection = skipped(lodged(refused_beside_a_grant, refused_beside_a_grant.applicant), handler, "waived")
    founded(objection, handler, 90_000)
    # A grant for the same home recorded meanwhile: an earlier reimbursement of EUR 100 imported later.
    earlier = dutch_csv([row(email=officeholder.email, number="12-a", addition="", amount="100,00")])
    run = earlier_services.check_file(earlier, body_id=coordinator.organisation_id, by=coordinator)
    earlier_services.confirm_import(run.pk, by=coordinator)
    earlier_services.run_import(run.pk)
    with pytest.raises(TransitionRefused, match="exceeds the EUR 2,400"):
        services.approve_objection_decision(objection.pk, by=approver)
    assert refused_beside_a_grant.lines.get().granted_cents == 0


def test_founded_grant_above_the_four_eyes_amount_waits_for_an_independent_second(
    refused_case, handler, approver, settings
):
    settings.SECOND_APPROVAL_ABOVE_CENTS = 40_000
    objection = skipped(lodged(refused_case, refused_case.applicant), handler, "waived")
    assert founded(objection, handler, 45_000).status == ObjectionStatus.AWAITING_APPROVAL
    assert refused_case.lines.get().granted_cents == 0  # nothing changes before the approval
    services.approve_objection_decision(objection.pk, by=approver)
    assert refused_case.lines.get().granted_cents == 45_000
