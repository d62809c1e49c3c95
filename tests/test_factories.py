"""The factories build state the way the system does: through the services."""

import pytest

from regeling.applications.states import Status
from regeling.audit.models import AuditEvent
from regeling.letters.models import LetterKind, LetterStatus
from regeling.objections.states import ObjectionStatus
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    InformationRequestFactory,
    LetterFactory,
    ObjectionFactory,
)

pytestmark = pytest.mark.django_db


def test_letter_is_a_pending_outbox_row_queued_after_commit_when_made_by_the_factory(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(in_assessment=True)
    with django_capture_on_commit_callbacks() as callbacks:
        letter = LetterFactory(application=application)
    assert letter.kind == LetterKind.DECISION and letter.status == LetterStatus.PENDING
    assert len(callbacks) == 1  # the rendering is published only after the commit


def test_information_request_suspends_the_case_and_writes_its_letter_when_made_by_the_factory():
    request = InformationRequestFactory()
    application = request.application
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert application.open_information_request == request
    assert application.letters.filter(kind=LetterKind.INFORMATION_REQUEST).exists()
    assert AuditEvent.objects.filter(action="application.request_information").exists()


def test_coordinator_sets_budgets_and_handles_cases_when_made_by_the_factory():
    coordinator = CoordinatorFactory()
    assert coordinator.is_coordinator and coordinator.is_assessor


@pytest.mark.parametrize("state", Status.values)
def test_application_reaches_every_state_through_the_services_when_made_by_the_factory(state):
    application = ApplicationFactory(state=state)
    assert application.status == state
    # Every step after the draft is in the case history, the way the services record it.
    assert application.history.exists() == (state != Status.DRAFT)


@pytest.mark.parametrize("state", ObjectionStatus.values)
def test_objection_reaches_every_state_through_the_services_when_made_by_the_factory(state):
    objection = ObjectionFactory(state=state)
    assert objection.status == state
    assert objection.application.letters.filter(kind=LetterKind.OBJECTION_RECEIPT).exists()


def test_trait_names_the_state_the_factory_walks_to():
    assert ApplicationFactory(settled=True).status == Status.SETTLED
    assert ObjectionFactory(in_consideration=True).status == ObjectionStatus.IN_CONSIDERATION
