"""Who may take which transition in which state: one table covering every (state, transition, role).

This proves the gate every service passes first (`check_permission`): a step the
state does not offer is refused with a message (409), a user who may not take it
gets PermissionDenied (403). Conditions (guards) are proven one by one in test_guards.py.
"""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from regeling.applications.models import Application, ConflictOfInterest
from regeling.applications.services import check_permission
from regeling.applications.states import BEFORE_DECISION, Status
from regeling.core.exceptions import TransitionRefused
from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

# Where each transition may start (SCHEME.md §3), written out rather than read from the workflow.
SOURCES = {
    "submit": {Status.DRAFT},
    "withdraw": set(BEFORE_DECISION),
    "complete_information": {Status.INFO_REQUESTED},
    "receive_views": {Status.VIEWS_REQUESTED},
    # Against every decision the system issues (regeling.objections keeps the objection itself).
    "lodge_objection": {
        Status.DECIDED,
        Status.NOT_PROCESSED,
        Status.OBJECTION_DECIDED,
        Status.SETTLEMENT_SUBMITTED,
        Status.SETTLEMENT_VIEWS_REQUESTED,
        Status.SETTLED,
        Status.PAID,
        Status.CLOSED,
    },
    "submit_settlement": {Status.DECIDED, Status.OBJECTION_DECIDED},
    "start_completeness_check": {Status.SUBMITTED},
    "start_assessment": {Status.COMPLETENESS_CHECK},
    "request_information": {Status.COMPLETENESS_CHECK, Status.ASSESSMENT},
    "declare_not_processed": {Status.INFO_REQUESTED},
    "request_views": {Status.ASSESSMENT},
    "propose_decision": {Status.ASSESSMENT},
    "decide": {Status.ASSESSMENT},
    "approve": {Status.AWAITING_APPROVAL},
    "send_back": {Status.AWAITING_APPROVAL},
    "decide_objection": {Status.OBJECTION_LODGED},
    "withdraw_objection": {Status.OBJECTION_LODGED},
    "request_settlement_views": {Status.SETTLEMENT_SUBMITTED},
    "receive_settlement_views": {Status.SETTLEMENT_VIEWS_REQUESTED},
    "settle": {Status.SETTLEMENT_SUBMITTED, Status.SETTLEMENT_VIEWS_REQUESTED},
    "mark_paid": {Status.SETTLED},
    "close": {Status.PAID, Status.DECIDED, Status.NOT_PROCESSED, Status.OBJECTION_DECIDED},
}

ROLES = ("applicant", "assessor", "second_assessor", "proposer", "other_body_assessor", "conflicted_assessor")
HANDLERS = {"assessor", "second_assessor", "proposer"}
# Who may take each transition. The proposer of a decision never approves it (four eyes).
ALLOWED_ROLES = {
    "submit": {"applicant"},
    "withdraw": {"applicant"},
    "submit_settlement": {"applicant"},
    "complete_information": {"applicant"} | HANDLERS,
    "receive_views": {"applicant"} | HANDLERS,
    "receive_settlement_views": {"applicant"} | HANDLERS,
    "lodge_objection": {"applicant"} | HANDLERS,
    "withdraw_objection": {"applicant"},
    "approve": {"assessor", "second_assessor"},
    "send_back": {"assessor", "second_assessor"},
}


def expected(state, transition, role) -> str:
    if state not in SOURCES[transition]:
        return "wrong_state"
    return "allowed" if role in ALLOWED_ROLES.get(transition, HANDLERS) else "forbidden"


TABLE = [
    pytest.param(state, transition, role, expected(state, transition, role), id=f"{state}-{transition}-{role}")
    for state, transition, role in itertools.product(Status.values, SOURCES, ROLES)
]


def test_table_covers_every_transition_of_the_workflow():
    field = Application._meta.get_field("status")
    assert set(SOURCES) == {transition.name for transition in field.get_all_transitions(Application)}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The people and one case per state, made once for the whole table and rolled back at the end.

    Each test runs in its own savepoint inside this transaction and only reads.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        body = BodyFactory(name="Gemeente Tabelstad")
        people = {
            "applicant": OfficeholderFactory(body=body),
            "assessor": AssessorFactory(body=body),
            "second_assessor": AssessorFactory(body=body),
            "proposer": AssessorFactory(body=body),
            "other_body_assessor": AssessorFactory(body=BodyFactory(name="Gemeente Elders")),
            "conflicted_assessor": AssessorFactory(body=body),
        }
        cases = {}
        for state in Status.values:
            # Taken to its state by the services; the proposer handles it (and proposes any decision).
            cases[state] = ApplicationFactory(applicant=people["applicant"], state=state, handled_by=people["proposer"])
            ConflictOfInterest.objects.create(application=cases[state], assessor=people["conflicted_assessor"])
        yield people, cases
        transaction.set_rollback(True)


def outcome_of(application, transition, user) -> str:
    try:
        check_permission(getattr(application, transition), user)
    except TransitionRefused:
        return "wrong_state"
    except PermissionDenied:
        return "forbidden"
    return "allowed"


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition", "role", "result"), TABLE)
def test_transition_is_allowed_only_in_its_states_and_for_its_roles(world, state, transition, role, result):
    people, cases = world
    assert outcome_of(cases[state], transition, people[role]) == result
