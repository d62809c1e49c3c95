"""Four eyes and impartiality: refusals and large grants need a second assessor; nobody decides on their own case."""

import pytest
from django.core.exceptions import PermissionDenied

from regeling.accounts.models import UserKind
from regeling.applications import services
from regeling.applications.models import ConflictOfInterest
from regeling.applications.states import Outcome, Status
from regeling.letters.models import LetterKind
from tests.applications.cases import MOTIVATION, in_assessment
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def propose(application, assessor, outcome=Outcome.GRANT, **facts):
    return services.decide_application(application.pk, by=assessor, outcome=outcome, motivation=MOTIVATION, **facts)


def test_grant_at_the_threshold_is_decided_by_one_assessor(officeholder, assessor, settings):
    application = in_assessment(officeholder, lines=[settings.SECOND_APPROVAL_ABOVE_CENTS])
    assert propose(application, assessor).status == Status.DECIDED


def test_grant_one_cent_above_the_threshold_awaits_a_second_assessor(officeholder, assessor, settings):
    application = in_assessment(officeholder, lines=[settings.SECOND_APPROVAL_ABOVE_CENTS + 1])
    application = propose(application, assessor)
    assert application.status == Status.AWAITING_APPROVAL and application.proposed_by == assessor


def test_refusal_always_awaits_a_second_assessor(officeholder, assessor):
    application = propose(
        in_assessment(officeholder), assessor, Outcome.REFUSE, views_exception="4:12", views_not_needed_reason="Geen."
    )
    assert application.status == Status.AWAITING_APPROVAL


def test_partial_grant_always_awaits_a_second_assessor(officeholder, assessor):
    application = in_assessment(officeholder)
    line = application.lines.get()
    application = propose(
        application,
        assessor,
        Outcome.PARTIAL,
        granted={line.pk: (100, "above_cap")},
        links={line.pk: ("Maatregel 1", "De offerte is hoger dan het advies nodig maakt.")},
        views_exception="4:12",
        views_not_needed_reason="Geen.",
    )
    assert application.status == Status.AWAITING_APPROVAL


def test_proposer_cannot_approve_their_own_proposal(officeholder, assessor):
    application = propose(
        in_assessment(officeholder), assessor, Outcome.REFUSE, views_exception="4:12", views_not_needed_reason="Geen."
    )
    with pytest.raises(PermissionDenied):
        services.approve_decision(application.pk, by=assessor)


def test_second_assessor_approves_and_becomes_the_decider(officeholder, assessor, second_assessor):
    application = propose(
        in_assessment(officeholder), assessor, Outcome.REFUSE, views_exception="4:12", views_not_needed_reason="Geen."
    )
    application = services.approve_decision(application.pk, by=second_assessor)
    assert application.status == Status.DECIDED
    assert (application.proposed_by, application.approved_by) == (assessor, second_assessor)
    assert application.letters.filter(kind=LetterKind.DECISION).count() == 1


def test_conflicted_assessor_cannot_approve(officeholder, assessor, second_assessor):
    application = propose(
        in_assessment(officeholder), assessor, Outcome.REFUSE, views_exception="4:12", views_not_needed_reason="Geen."
    )
    ConflictOfInterest.objects.create(application=application, assessor=second_assessor, reason="Buurman.")
    with pytest.raises(PermissionDenied):
        services.approve_decision(application.pk, by=second_assessor)


def test_conflicted_assessor_cannot_decide(officeholder, assessor):
    application = in_assessment(officeholder)
    ConflictOfInterest.objects.create(application=application, assessor=assessor)
    with pytest.raises(PermissionDenied):
        propose(application, assessor)


def test_assessor_cannot_decide_on_their_own_application(body, second_assessor):
    own = UserFactory(kind=UserKind.ASSESSOR, body=body, office="alderman")
    application = ApplicationFactory(applicant=own, in_assessment=True)
    with pytest.raises(PermissionDenied):
        propose(application, own)
    # A colleague of the same body may.
    assert propose(application, second_assessor).status == Status.DECIDED


def test_assessor_cannot_approve_a_proposal_on_their_own_application(body, assessor):
    own = UserFactory(kind=UserKind.ASSESSOR, body=body, office="alderman")
    application = propose(
        ApplicationFactory(applicant=own, in_assessment=True),
        assessor,
        Outcome.REFUSE,
        views_exception="4:12",
        views_not_needed_reason="x",
    )
    with pytest.raises(PermissionDenied):
        services.approve_decision(application.pk, by=own)
