"""Concurrent decisions on PostgreSQL with real threads: row locks keep the ledger exact; the budget refuses nothing."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from regeling.applications import services
from regeling.applications.models import StatusChange
from regeling.applications.states import Outcome, Status
from regeling.budgets.models import Budget, Commitment
from regeling.core.exceptions import TransitionRefused
from regeling.letters.models import LetterKind
from tests.applications.cases import MOTIVATION
from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

THREADS = 20
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_at_once(jobs):
    """Start every job at the same moment, each on its own connection; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            with translation.override("en"):  # the language is per thread
                results[index] = job()
        except Exception as exc:  # collected and asserted on by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def decide(application_id, assessor):
    return lambda: services.decide_application(
        application_id, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION
    )


def test_exactly_one_decision_when_twenty_assessors_grant_the_same_case_at_once():
    body = BodyFactory(name="Gemeente Gelijktijdig")
    application = ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True)
    assessors = AssessorFactory.create_batch(THREADS, body=body)

    results = run_at_once([decide(application.pk, assessor) for assessor in assessors])

    refused = [result for result in results if isinstance(result, TransitionRefused)]
    assert len(refused) == THREADS - 1, results
    assert all("not possible in the current state" in str(result) for result in refused)
    application.refresh_from_db()
    assert application.status == Status.DECIDED
    assert StatusChange.objects.filter(application=application, target=Status.DECIDED).count() == 1
    assert application.letters.filter(kind=LetterKind.DECISION).count() == 1
    assert Budget.objects.get(body=body).committed_cents == 45_000


def test_every_grant_commits_and_the_ledger_is_exact_when_twenty_exceed_a_budget_with_room_for_ten():
    body = BodyFactory(name="Gemeente Krap")
    Budget.objects.filter(body=body).update(budget_cents=10 * 45_000)
    assessor = AssessorFactory(body=body)
    applications = [
        ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True) for _ in range(THREADS)
    ]

    results = run_at_once([decide(application.pk, assessor) for application in applications])

    assert not [result for result in results if isinstance(result, Exception)], results
    assert all(_status(application) == Status.DECIDED for application in applications)
    budget = Budget.objects.get(body=body)
    commitments = Commitment.objects.filter(budget=budget)
    assert budget.committed_cents == sum(c.committed_cents for c in commitments) == THREADS * 45_000
    assert budget.overrun_cents == (THREADS - 10) * 45_000


def test_ledger_is_exact_when_twenty_grants_open_a_year_without_budget_at_once():
    body = BodyFactory(name="Gemeente Zonder Budget")
    Budget.objects.filter(body=body).delete()
    assessor = AssessorFactory(body=body)
    applications = [
        ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True) for _ in range(THREADS)
    ]

    results = run_at_once([decide(application.pk, assessor) for application in applications])

    assert not [result for result in results if isinstance(result, Exception)], results
    budget = Budget.objects.get(body=body)
    assert (budget.budget_cents, budget.committed_cents) == (None, THREADS * 45_000)


def _status(application):
    application.refresh_from_db()
    return application.status
