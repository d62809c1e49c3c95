"""The budget follows every grant: commit, settle, pay, release; a grant that does not fit is refused."""

import pytest
from django.db import IntegrityError
from django.db.models import F

from regeling.applications import services
from regeling.applications.services import TransitionRefused
from regeling.applications.states import Outcome, Status
from regeling.budgets.models import Budget, Commitment, national_contribution_cents
from tests.applications.cases import (
    MOTIVATION,
    founded_objection,
    granted,
    in_assessment,
    objection_lodged,
    refused,
    settled,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(body):
    return Budget.objects.get(organisation=body)


def set_budget(budget, cents):
    Budget.objects.filter(pk=budget.pk).update(budget_cents=cents)


def test_grant_commits_its_amount_when_decided(officeholder, assessor, budget):
    application = granted(officeholder, assessor)
    budget.refresh_from_db()
    assert budget.committed_cents == 45_000
    assert Commitment.objects.get(application=application).committed_cents == 45_000


def test_grant_is_refused_with_a_message_when_it_does_not_fit(officeholder, assessor, budget):
    set_budget(budget, 44_999)
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="does not fit in the budget"):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application.refresh_from_db()
    budget.refresh_from_db()
    assert application.status == Status.ASSESSMENT
    assert budget.committed_cents == 0
    assert not application.history.exists() and not application.letters.exists()


def test_grant_fits_when_it_uses_the_last_cent(officeholder, assessor, budget):
    set_budget(budget, 45_000)
    granted(officeholder, assessor)
    budget.refresh_from_db()
    assert budget.available_cents == 0


def test_grant_is_refused_asking_for_a_budget_when_the_year_has_none(officeholder, assessor, budget):
    budget.commitments.all().delete()
    budget.delete()
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="No budget has been set"):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)


def test_refusal_commits_nothing(officeholder, assessor, second_assessor, budget):
    refused(officeholder, assessor, second_assessor)
    budget.refresh_from_db()
    assert budget.committed_cents == 0 and not Commitment.objects.exists()


def test_proposal_commits_only_when_approved(officeholder, assessor, second_assessor, budget):
    application = in_assessment(officeholder, lines=[150_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    budget.refresh_from_db()
    assert budget.committed_cents == 0
    services.approve_decision(application.pk, by=second_assessor)
    budget.refresh_from_db()
    assert budget.committed_cents == 150_000


def test_approval_is_refused_when_the_grant_does_not_fit(officeholder, assessor, second_assessor, budget):
    application = in_assessment(officeholder, lines=[150_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    set_budget(budget, 100_000)
    with pytest.raises(TransitionRefused, match="does not fit"):
        services.approve_decision(application.pk, by=second_assessor)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_APPROVAL


def test_settlement_replaces_the_commitment_by_the_actual_amount(officeholder, assessor, budget):
    settled(officeholder, assessor, invoiced_cents=40_000)
    budget.refresh_from_db()
    assert (budget.committed_cents, budget.settled_cents, budget.paid_cents) == (0, 40_000, 0)


def test_payment_moves_settled_to_paid(officeholder, assessor, budget):
    application = settled(officeholder, assessor, invoiced_cents=40_000)
    services.mark_paid(application.pk, by=assessor)
    budget.refresh_from_db()
    assert (budget.committed_cents, budget.settled_cents, budget.paid_cents) == (0, 0, 40_000)


def test_founded_objection_that_refuses_releases_the_commitment(officeholder, assessor, budget):
    application = objection_lodged(granted(officeholder, assessor), officeholder)
    founded_objection(application, assessor, 0)
    budget.refresh_from_db()
    assert budget.committed_cents == 0


def test_founded_objection_after_a_refusal_commits_the_grant(officeholder, assessor, second_assessor, budget):
    application = refused(officeholder, assessor, second_assessor)
    founded_objection(objection_lodged(application, officeholder), assessor, 45_000)
    budget.refresh_from_db()
    assert budget.committed_cents == 45_000


def test_founded_objection_is_refused_when_the_grant_does_not_fit(officeholder, assessor, second_assessor, budget):
    application = refused(officeholder, assessor, second_assessor)
    objection_lodged(application, officeholder)
    set_budget(budget, 10_000)
    with pytest.raises(TransitionRefused, match="does not fit"):
        founded_objection(application, assessor, 45_000)
    application.refresh_from_db()
    assert application.status == Status.OBJECTION_LODGED


def test_withdrawal_before_the_decision_leaves_the_budget_alone(officeholder, budget):
    application = in_assessment(officeholder)
    services.withdraw_application(application.pk, by=officeholder)
    budget.refresh_from_db()
    assert budget.used_cents == 0


def test_database_refuses_committing_more_than_the_budget(budget):
    with pytest.raises(IntegrityError):
        Budget.objects.filter(pk=budget.pk).update(committed_cents=F("budget_cents") + 1)


def test_national_contribution_is_2_5_million_euros_a_year():
    assert national_contribution_cents() == 250_000_000


def test_proposal_is_refused_when_the_grant_would_not_fit(officeholder, assessor, budget):
    set_budget(budget, 149_999)
    application = in_assessment(officeholder, lines=[150_000])
    with pytest.raises(TransitionRefused, match="does not fit"):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT


def test_proposal_to_refuse_needs_no_budget(officeholder, assessor, budget):
    budget.delete()
    application = in_assessment(officeholder)
    application = services.decide_application(
        application.pk, by=assessor, outcome=Outcome.REFUSE, motivation=MOTIVATION, views_not_needed_reason="Geen."
    )
    assert application.status == Status.AWAITING_APPROVAL
