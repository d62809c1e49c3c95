"""The budget follows every grant: commit, settle, pay, release; it never refuses, lowers or delays a decision."""

import pytest

from regeling.accounts.models import UserKind
from regeling.applications import services
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
from tests.factories import AssessorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(body):
    return AssessorFactory(body=body, kind=UserKind.COORDINATOR)


@pytest.fixture
def budget(body):
    return Budget.objects.get(body=body)


def set_budget(budget, cents):
    Budget.objects.filter(pk=budget.pk).update(budget_cents=cents)


def test_grant_commits_its_amount_when_decided(officeholder, assessor, budget):
    application = granted(officeholder, assessor)
    budget.refresh_from_db()
    assert budget.committed_cents == 45_000
    assert Commitment.objects.get(application=application).committed_cents == 45_000


def test_grant_goes_through_and_the_coordinator_is_told_when_it_exceeds_the_budget(
    officeholder, assessor, budget, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    set_budget(budget, 44_999)
    application = in_assessment(officeholder)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application.refresh_from_db()
    budget.refresh_from_db()
    assert application.status == Status.DECIDED and application.granted_total_cents == 45_000
    assert (budget.committed_cents, budget.overrun_cents) == (45_000, 1)
    overrun_mails = [mail for mail in mailoutbox if mail.to == [coordinator.email]]
    assert len(overrun_mails) == 1


def test_overrun_mail_names_no_amount_case_or_person_when_sent(
    officeholder, assessor, budget, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    set_budget(budget, 10_000)
    application = in_assessment(officeholder)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    mail = next(mail for mail in mailoutbox if mail.to == [coordinator.email])
    text = mail.subject + mail.body
    assert "€" not in text and application.reference not in text and officeholder.last_name not in text


def test_coordinator_is_told_once_when_a_second_grant_adds_to_an_existing_overrun(
    officeholder, assessor, budget, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    set_budget(budget, 10_000)
    with django_capture_on_commit_callbacks(execute=True):
        granted(officeholder, assessor)
    mailoutbox.clear()
    budget.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        Budget.objects.filter(pk=budget.pk).update(budget_cents=100_000)  # the coordinator raised it
    with django_capture_on_commit_callbacks(execute=True):
        granted(officeholder, assessor)
    assert [mail for mail in mailoutbox if mail.to == [coordinator.email]] == []


def test_grant_fits_when_it_uses_the_last_cent(officeholder, assessor, budget):
    set_budget(budget, 45_000)
    granted(officeholder, assessor)
    budget.refresh_from_db()
    assert budget.available_cents == 0 and budget.overrun_cents == 0


def test_grant_is_decided_and_opens_the_year_when_the_year_has_no_budget(officeholder, assessor, budget):
    budget.commitments.all().delete()
    budget.delete()
    application = in_assessment(officeholder)
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application.refresh_from_db()
    assert application.status == Status.DECIDED
    opened = Budget.objects.get(body=application.body)
    assert (opened.budget_cents, opened.committed_cents, opened.is_set) == (None, 45_000, False)


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


def test_approval_goes_through_when_the_grant_exceeds_the_budget(officeholder, assessor, second_assessor, budget):
    application = in_assessment(officeholder, lines=[150_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    set_budget(budget, 100_000)
    services.approve_decision(application.pk, by=second_assessor)
    application.refresh_from_db()
    budget.refresh_from_db()
    assert application.status == Status.DECIDED
    assert (budget.committed_cents, budget.overrun_cents, budget.overrun_percent) == (150_000, 50_000, 50)


def test_settlement_replaces_the_commitment_by_the_actual_amount(officeholder, assessor, budget):
    settled(officeholder, assessor, invoiced_cents=40_000)
    budget.refresh_from_db()
    assert (budget.committed_cents, budget.settled_cents, budget.paid_cents) == (0, 40_000, 0)


def test_payment_moves_settled_to_paid(officeholder, assessor, budget):
    application = settled(officeholder, assessor, invoiced_cents=40_000)
    services.mark_paid(application.pk, by=assessor)
    budget.refresh_from_db()
    assert (budget.committed_cents, budget.settled_cents, budget.paid_cents) == (0, 0, 40_000)


def test_founded_objection_that_refuses_on_a_legal_ground_releases_the_commitment(officeholder, assessor, budget):
    objection = objection_lodged(granted(officeholder, assessor), officeholder)
    founded_objection(objection, 0, peius_ground="De woning ligt buiten het gebied van het orgaan.")
    budget.refresh_from_db()
    assert budget.committed_cents == 0


def test_founded_objection_after_a_refusal_commits_the_grant(officeholder, assessor, second_assessor, budget):
    application = refused(officeholder, assessor, second_assessor)
    founded_objection(objection_lodged(application, officeholder), 45_000)
    budget.refresh_from_db()
    assert budget.committed_cents == 45_000


def test_founded_objection_goes_through_when_the_grant_exceeds_the_budget(
    officeholder, assessor, second_assessor, budget
):
    application = refused(officeholder, assessor, second_assessor)
    objection = objection_lodged(application, officeholder)
    set_budget(budget, 10_000)
    founded_objection(objection, 45_000)
    application.refresh_from_db()
    budget.refresh_from_db()
    assert application.status == Status.OBJECTION_DECIDED
    assert (budget.committed_cents, budget.overrun_cents) == (45_000, 35_000)


def test_withdrawal_before_the_decision_leaves_the_budget_alone(officeholder, budget):
    application = in_assessment(officeholder)
    services.withdraw_application(application.pk, by=officeholder)
    budget.refresh_from_db()
    assert budget.used_cents == 0


def test_national_contribution_is_2_5_million_euros_a_year():
    assert national_contribution_cents() == 250_000_000


def test_proposal_is_made_when_the_grant_would_exceed_the_budget(officeholder, assessor, budget):
    set_budget(budget, 149_999)
    application = in_assessment(officeholder, lines=[150_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_APPROVAL


def test_ledger_equals_the_sum_of_the_cases_after_grant_settlement_and_payment(officeholder, assessor, budget):
    paid = settled(officeholder, assessor, invoiced_cents=40_000)
    services.mark_paid(paid.pk, by=assessor)
    settled(officeholder, assessor, invoiced_cents=30_000)
    granted(officeholder, assessor)
    budget.refresh_from_db()
    commitments = Commitment.objects.filter(budget=budget)
    assert budget.committed_cents == sum(c.committed_cents for c in commitments) == 45_000
    assert budget.settled_cents == sum(c.settled_cents for c in commitments) == 30_000
    assert budget.paid_cents == sum(c.paid_cents for c in commitments) == 40_000
