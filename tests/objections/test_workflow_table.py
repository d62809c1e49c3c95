"""Who may take which objection transition in which state: every (state, transition, role).

Independence (Awb 10:3(3)) is a role here: the assessor who proposed the contested decision
and the one who approved it may neither handle the objection nor second-approve its decision.
"""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from regeling.applications.models import ConflictOfInterest
from regeling.applications.states import Outcome
from regeling.core.exceptions import TransitionRefused
from regeling.objections.models import Objection
from regeling.objections.services import check_permission
from regeling.objections.states import OPEN, ObjectionStatus
from tests.factories import (
    ApplicationFactory,
    AssessorFactory,
    BodyFactory,
    ObjectionFactory,
    OfficeholderFactory,
)

S = ObjectionStatus
SOURCES = {
    "withdraw": set(OPEN),
    "complete_repair": {S.REPAIR_REQUESTED},
    "request_repair": {S.RECEIVED},
    "invite_to_hearing": {S.RECEIVED, S.IN_CONSIDERATION},
    "record_hearing": {S.HEARING_SCHEDULED},
    "skip_hearing": {S.RECEIVED, S.REPAIR_REQUESTED, S.HEARING_SCHEDULED},
    "propose_decision": {S.IN_CONSIDERATION},
    "decide": {S.IN_CONSIDERATION},
    "approve": {S.AWAITING_APPROVAL},
    "send_back": {S.AWAITING_APPROVAL},
}
ROLES = (
    "objector",
    "handler",
    "second_handler",
    "objection_proposer",
    "involved_handler",  # proposed the contested decision
    "involved_approver",  # approved the contested decision
    "other_body_assessor",
    "conflicted_assessor",
)
INDEPENDENT = {"handler", "second_handler", "objection_proposer"}
ALLOWED_ROLES = {
    "withdraw": {"objector"},
    "complete_repair": {"objector"} | INDEPENDENT,
    # Four eyes: whoever proposed the decision on objection does not approve it.
    "approve": {"handler", "second_handler"},
    "send_back": {"handler", "second_handler"},
}


def expected(state, transition, role) -> str:
    if state not in SOURCES[transition]:
        return "wrong_state"
    return "allowed" if role in ALLOWED_ROLES.get(transition, INDEPENDENT) else "forbidden"


TABLE = [
    pytest.param(state, transition, role, expected(state, transition, role), id=f"{state}-{transition}-{role}")
    for state, transition, role in itertools.product(ObjectionStatus.values, SOURCES, ROLES)
]


def test_table_covers_every_transition_of_the_objection_workflow():
    field = Objection._meta.get_field("status")
    assert set(SOURCES) == {transition.name for transition in field.get_all_transitions(Objection)}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        body = BodyFactory(name="Gemeente Bezwaarstad")
        people = {
            "objector": OfficeholderFactory(body=body),
            **{role: AssessorFactory(body=body) for role in ROLES[1:6]},
            "other_body_assessor": AssessorFactory(body=BodyFactory(name="Gemeente Elders")),
            "conflicted_assessor": AssessorFactory(body=body),
        }
        cases = {}
        for state in ObjectionStatus.values:
            # A refusal proposed by the involved handler and approved by the involved approver, objected to,
            # and the objection taken to its state by the objection proposer: all by the services.
            application = ApplicationFactory(
                applicant=people["objector"],
                decided=True,
                decision=Outcome.REFUSE,
                handled_by=people["involved_handler"],
                approver=people["involved_approver"],
            )
            ConflictOfInterest.objects.create(application=application, assessor=people["conflicted_assessor"])
            cases[state] = ObjectionFactory(application=application, state=state, handler=people["objection_proposer"])
        yield people, cases
        transaction.set_rollback(True)


def outcome_of(objection, transition, user) -> str:
    try:
        check_permission(getattr(objection, transition), user)
    except TransitionRefused:
        return "wrong_state"
    except PermissionDenied:
        return "forbidden"
    return "allowed"


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition", "role", "result"), TABLE)
def test_objection_transition_is_allowed_only_in_its_states_and_for_its_roles(world, state, transition, role, result):
    people, cases = world
    assert outcome_of(cases[state], transition, people[role]) == result
