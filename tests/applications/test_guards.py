"""Each guard on its own, named after the article it carries out, through the service that needs it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import InformationRequest
from regeling.applications.states import Outcome, Status
from regeling.core.exceptions import TransitionRefused
from regeling.letters.models import Letter, LetterKind
from tests.applications.cases import MOTIVATION, granted, in_assessment
from tests.factories import ApplicationFactory, invoices
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def in_state(applicant, state, **fields):
    """A case taken to `state` by the services (tests/factories.py: walk_to)."""
    return ApplicationFactory(applicant=applicant, state=state, **fields)


def test_submit_refused_without_declaration_awb_4_2(officeholder):
    application = ApplicationFactory(applicant=officeholder, declared_at=None)
    with pytest.raises(TransitionRefused, match="declaration"):
        services.submit_application(application.pk, by=officeholder)


def test_submit_allowed_when_declared_and_complete_awb_4_2(officeholder):
    application = ApplicationFactory(applicant=officeholder)
    assert services.submit_application(application.pk, by=officeholder).status == Status.SUBMITTED


def test_information_request_refused_without_future_deadline_awb_4_5_1(officeholder, assessor):
    application = in_state(officeholder, Status.COMPLETENESS_CHECK)
    with pytest.raises(TransitionRefused, match="future"):
        services.request_information(
            application.pk, by=assessor, message="Stuur het PKVW-certificaat.", deadline=TODAY()
        )
    assert not application.information_requests.exists()


def test_information_request_with_deadline_suspends_awb_4_5_1(officeholder, assessor):
    application = in_state(officeholder, Status.COMPLETENESS_CHECK)
    deadline = TODAY() + timedelta(days=14)
    services.request_information(application.pk, by=assessor, message="Stuur het certificaat.", deadline=deadline)
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert application.open_information_request.deadline == deadline


def open_request(application, assessor, *, deadline):
    """Time passes: the request the assessor made 14 days before `deadline` is still open on that day."""
    InformationRequest.objects.filter(application=application, completed_on__isnull=True).update(
        requested_on=deadline - timedelta(days=14), deadline=deadline
    )


def test_not_processed_refused_before_the_completion_deadline_passed_awb_4_5(officeholder, assessor):
    application = in_state(officeholder, Status.INFO_REQUESTED)
    open_request(application, assessor, deadline=TODAY())
    with pytest.raises(TransitionRefused, match="not passed yet"):
        services.declare_not_processed(application.pk, by=assessor, motivation="Niet aangevuld.")


def test_not_processed_allowed_the_day_after_the_completion_deadline_awb_4_5(officeholder, assessor):
    application = in_state(officeholder, Status.INFO_REQUESTED)
    open_request(application, assessor, deadline=TODAY() - timedelta(days=1))
    services.declare_not_processed(application.pk, by=assessor, motivation="Niet aangevuld.")
    application.refresh_from_db()
    assert application.status == Status.NOT_PROCESSED and application.outcome == Outcome.NOT_PROCESSED


def test_decision_refused_without_motivation_awb_3_46(officeholder, assessor):
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="motivation"):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="  ")
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT and application.motivation == ""


def test_decision_refused_when_less_is_granted_without_reason_awb_3_47(officeholder, assessor):
    application = in_assessment(officeholder)
    line = application.lines.get()
    with pytest.raises(TransitionRefused, match="every measure"):
        services.decide_application(
            application.pk,
            by=assessor,
            outcome=Outcome.PARTIAL,
            motivation=MOTIVATION,
            granted={line.pk: (20_000, "")},
            links={line.pk: ("Maatregel 1", "Minder dan het advies.")},
            views_exception="4:12",
            views_not_needed_reason="Geen.",
        )


def test_refusal_refused_before_views_were_asked_awb_4_7(officeholder, assessor):
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="4:7"):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.REFUSE, motivation=MOTIVATION)


def test_refusal_allowed_after_views_were_received_awb_4_7(officeholder, assessor):
    application = in_assessment(officeholder)
    services.request_views(application.pk, by=assessor, outcome=Outcome.REFUSE, motivation=MOTIVATION)
    services.receive_views(application.pk, by=officeholder, views="Het advies noemt dit wel.")
    services.decide_application(application.pk, by=assessor, outcome=Outcome.REFUSE, motivation=MOTIVATION)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_APPROVAL


def test_settlement_refused_when_nothing_was_granted(officeholder, assessor):
    application = in_state(officeholder, Status.DECIDED, decision=Outcome.REFUSE)
    with pytest.raises(TransitionRefused, match="nothing to settle"):
        services.submit_settlement(application.pk, by=officeholder, **invoices({}))


def test_settle_refused_above_the_granted_amount(officeholder, assessor):
    application = granted(officeholder, assessor)
    line = application.lines.get()
    services.submit_settlement(application.pk, by=officeholder, **invoices({line.pk: 45_000}))
    with pytest.raises(TransitionRefused, match="never above"):
        services.settle_application(application.pk, by=assessor, settled={line.pk: 45_001})


def test_close_refused_while_a_grant_is_unpaid(officeholder, assessor):
    application = granted(officeholder, assessor)
    with pytest.raises(TransitionRefused, match="cannot be closed"):
        services.close_application(application.pk, by=assessor)


def test_close_allowed_after_a_refusal_once_the_objection_term_ended(officeholder, assessor):
    application = in_state(officeholder, Status.DECIDED, decision=Outcome.REFUSE)
    letter = application.letters.get(kind=LetterKind.DECISION)
    render_letter(letter.pk)
    # Time passes: the decision letter went out eight weeks ago.
    Letter.objects.filter(pk=letter.pk).update(sent_at=timezone.now() - timedelta(weeks=8))
    assert services.close_application(application.pk, by=assessor).status == Status.CLOSED


def test_extension_refused_after_the_decision_term_awb_4_14(officeholder, assessor):
    application = in_assessment(officeholder)
    application.received_on = TODAY() - timedelta(weeks=10)
    application.save()
    with pytest.raises(TransitionRefused, match="already passed"):
        services.announce_extension(application.pk, by=assessor, until=TODAY() + timedelta(weeks=2), reason="Drukte.")


def test_decision_refused_with_a_message_when_more_is_granted_than_requested(officeholder, assessor):
    application = in_assessment(officeholder)
    line = application.lines.get()
    with pytest.raises(TransitionRefused, match="more than was requested"):
        services.decide_application(
            application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION, granted={line.pk: (45_001, "")}
        )
