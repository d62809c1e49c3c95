"""24 threads fire decisions, proposals, approvals, refusals and budget changes at one body at once.

Before the keyed chain moved out of the business transaction, `audit.record` held a
global advisory lock to the end of each transaction and the budget row was locked
before it on some paths and after it on others: mixed calls deadlocked (issue 19).
Now: no error except clean refusals, the ledger exact, the chain intact.
"""

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from regeling.accounts.models import UserKind
from regeling.applications import services
from regeling.applications.models import Application
from regeling.applications.states import Outcome, Status
from regeling.audit import chain
from regeling.budgets.models import Budget, Commitment
from regeling.budgets.services import set_budget
from tests.applications.cases import MOTIVATION
from tests.budgets.test_concurrency import run_at_once
from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]
SMALL, LARGE = 45_000, 150_000  # below and above the four-eyes amount


def _case(body, cents):
    return ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, lines=[cents])


def _grant(application, assessor):
    return lambda: services.decide_application(
        application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION
    )


def _refuse(application, assessor):
    return lambda: services.decide_application(
        application.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=MOTIVATION,
        views_exception="4:7(1)",
        views_not_needed_reason="De feiten staan niet ter discussie.",
    )


def _approve(application, second):
    return lambda: services.approve_decision(application.pk, by=second)


def _raise_budget(body, coordinator, cents):
    return lambda: set_budget(body.pk, year=timezone.localdate().year, budget_cents=cents, by=coordinator)


def test_no_deadlock_ledger_exact_and_chain_intact_when_24_threads_mix_audited_writes():
    body = BodyFactory(name="Gemeente Druk")
    Budget.objects.filter(body=body).update(budget_cents=20 * SMALL)
    assessor, second = AssessorFactory.create_batch(2, body=body)
    coordinator = AssessorFactory(body=body, kind=UserKind.COORDINATOR)
    proposed = [_case(body, LARGE) for _ in range(6)]
    for application in proposed:
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    jobs = (
        [_grant(_case(body, SMALL), assessor) for _ in range(8)]
        + [_grant(_case(body, LARGE), assessor) for _ in range(3)]
        + [_refuse(_case(body, SMALL), assessor) for _ in range(3)]
        + [_approve(application, second) for application in proposed]
        + [_raise_budget(body, coordinator, cents) for cents in (20 * SMALL, 25 * SMALL, 30 * SMALL, 35 * SMALL)]
    )
    assert len(jobs) == 24

    results = run_at_once(jobs)

    errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, services.TransitionRefused)]
    assert errors == []
    budget = Budget.objects.get(body=body)
    granted = Application.objects.filter(body=body, status=Status.DECIDED, outcome=Outcome.GRANT)
    expected = sum(application.granted_total_cents for application in granted)
    assert budget.committed_cents == expected
    assert Commitment.objects.filter(budget=budget).aggregate(total=Sum("committed_cents"))["total"] == expected
    chain.link_pending(full=True)
    report = chain.walk()
    assert report.intact, report.problem
    assert report.checked > 24
