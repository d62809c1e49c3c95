"""A founded objection that grants money passes the same checks as a primary decision: version A's
EUR 2,400 per residence under the residence lock (Stcrt. 2020, 49908), and four eyes above the amount."""

import pytest

from regeling.applications import services as application_services
from regeling.applications.states import Outcome
from regeling.core.exceptions import TransitionRefused
from regeling.earlier import services as earlier_services
from regeling.objections import services
from regeling.objections.states import ObjectionStatus
from tests.applications.cases import MOTIVATION, version_a
from tests.earlier.files import dutch_csv, row
from tests.objections.cases import founded, lodged_unheard, refused_and_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused_beside_a_grant(officeholder, assessor, second_assessor):
    """EUR 1,500 granted for the home, then a second application of EUR 1,200 for it refused."""
    first = version_a(officeholder, 150_000)
    application_services.decide_application(first.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application_services.approve_decision(first.pk, by=second_assessor)
    return refused_and_sent(version_a(officeholder, 120_000), assessor, second_assessor)


def test_founded_objection_above_the_cap_for_the_residence_is_refused(refused_beside_a_grant, handler):
    objection = lodged_unheard(refused_beside_a_grant, handler)
    with pytest.raises(TransitionRefused, match="exceeds the EUR 2,400 for this residence"):
        founded(objection, handler, 120_000)
    assert refused_beside_a_grant.lines.get().granted_cents == 0
    assert services.Objection.objects.get(pk=objection.pk).status == ObjectionStatus.IN_CONSIDERATION


def test_founded_objection_within_the_remainder_of_the_cap_is_proposed(refused_beside_a_grant, handler):
    objection = lodged_unheard(refused_beside_a_grant, handler)
    assert founded(objection, handler, 90_000).status == ObjectionStatus.AWAITING_APPROVAL


def test_approval_counts_the_cap_again_when_a_grant_for_the_home_came_first(
    refused_beside_a_grant, officeholder, handler, approver, coordinator
):
    objection = lodged_unheard(refused_beside_a_grant, handler)
    founded(objection, handler, 90_000)
    # A grant for the same home recorded meanwhile: an earlier reimbursement of EUR 100 imported later.
    earlier = dutch_csv([row(email=officeholder.email, number="12-a", addition="", amount="100,00")])
    run = earlier_services.check_file(earlier, body_id=coordinator.body_id, by=coordinator)
    earlier_services.confirm_import(run.pk, by=coordinator)
    earlier_services.run_import(run.pk)
    with pytest.raises(TransitionRefused, match="exceeds the EUR 2,400"):
        services.approve_objection_decision(objection.pk, by=approver)
    assert refused_beside_a_grant.lines.get().granted_cents == 0


def test_founded_grant_above_the_four_eyes_amount_waits_for_an_independent_second(
    refused_case, handler, approver, settings
):
    settings.SECOND_APPROVAL_ABOVE_CENTS = 40_000
    objection = lodged_unheard(refused_case, handler)
    assert founded(objection, handler, 45_000).status == ObjectionStatus.AWAITING_APPROVAL
    assert refused_case.lines.get().granted_cents == 0  # nothing changes before the approval
    services.approve_objection_decision(objection.pk, by=approver)
    assert refused_case.lines.get().granted_cents == 45_000
