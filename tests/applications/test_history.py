"""Every transition leaves one append-only history row: who, when, from, to and why."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import StatusChange
from regeling.applications.states import Outcome, Status
from regeling.audit.models import AuditEvent
from regeling.core.exceptions import TransitionRefused
from regeling.objections import services as objection_services
from regeling.objections.states import ObjectionOutcome
from regeling.schemes.versions import SchemeVersion
from tests.applications.cases import MOTIVATION
from tests.factories import ApplicationFactory, invoices

pytestmark = pytest.mark.django_db


def rows(application):
    return [(row.transition, row.source, row.target, row.actor) for row in application.history.all()]


def test_history_row_for_every_step_of_a_full_case(officeholder, assessor, second_assessor):
    started = timezone.now()
    application = ApplicationFactory(applicant=officeholder)
    pk = application.pk
    services.submit_application(pk, by=officeholder)
    services.start_completeness_check(pk, by=assessor)
    services.request_information(
        pk, by=assessor, message="Stuur het advies.", deadline=timezone.localdate() + timedelta(days=14)
    )
    services.complete_information(pk, by=officeholder, answer="Bijgevoegd.")
    services.request_views(pk, by=assessor, outcome=Outcome.REFUSE, motivation=MOTIVATION)
    services.receive_views(pk, by=officeholder, views="Graag alles.")
    services.decide_application(pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    # The objection (its own procedure) moves the case twice; an independent assessor decides it (10:3(3)).
    objection = objection_services.lodge_objection(pk, by=officeholder, grounds="Ik wil meer.")
    objection_services.skip_hearing(objection.pk, by=second_assessor, reason="waived", note="Afgezien.")
    objection_services.decide_objection(
        objection.pk,
        by=second_assessor,
        outcome=ObjectionOutcome.UNFOUNDED,
        motivation=MOTIVATION,
        grounds=[("Meer.", "Alles is toegekend.")],
    )
    line = application.lines.get()
    services.submit_settlement(pk, by=officeholder, **invoices({line.pk: 45_000}))
    services.settle_application(pk, by=assessor)
    services.mark_paid(pk, by=assessor)
    services.close_application(pk, by=assessor)

    S = Status
    assert rows(application) == [
        ("submit", S.DRAFT, S.SUBMITTED, officeholder),
        ("start_completeness_check", S.SUBMITTED, S.COMPLETENESS_CHECK, assessor),
        ("request_information", S.COMPLETENESS_CHECK, S.INFO_REQUESTED, assessor),
        ("complete_information", S.INFO_REQUESTED, S.ASSESSMENT, officeholder),
        ("request_views", S.ASSESSMENT, S.VIEWS_REQUESTED, assessor),
        ("receive_views", S.VIEWS_REQUESTED, S.ASSESSMENT, officeholder),
        ("decide", S.ASSESSMENT, S.DECIDED, assessor),
        ("lodge_objection", S.DECIDED, S.OBJECTION_LODGED, officeholder),
        ("decide_objection", S.OBJECTION_LODGED, S.DECIDED, second_assessor),
        ("submit_settlement", S.DECIDED, S.SETTLEMENT_SUBMITTED, officeholder),
        ("settle", S.SETTLEMENT_SUBMITTED, S.SETTLED, assessor),
        ("mark_paid", S.SETTLED, S.PAID, assessor),
        ("close", S.PAID, S.CLOSED, assessor),
    ]
    assert all(started <= row.at <= timezone.now() for row in application.history.all())
    actions = set(AuditEvent.objects.filter(object_id=str(application.public_id)).values_list("action", flat=True))
    assert {f"application.{name}" for name, *_ in rows(application)} <= actions


def test_history_rows_for_proposal_send_back_and_approval_with_reason(officeholder, assessor, second_assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[150_000])
    pk, start = application.pk, application.history.count()
    services.decide_application(pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    services.send_back_decision(pk, by=second_assessor, reason="Bedrag controleren.")
    services.decide_application(pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    services.approve_decision(pk, by=second_assessor)
    S = Status
    assert rows(application)[start:] == [
        ("propose_decision", S.ASSESSMENT, S.AWAITING_APPROVAL, assessor),
        ("send_back", S.AWAITING_APPROVAL, S.ASSESSMENT, second_assessor),
        ("propose_decision", S.ASSESSMENT, S.AWAITING_APPROVAL, assessor),
        ("approve", S.AWAITING_APPROVAL, S.DECIDED, second_assessor),
    ]
    assert application.history.get(transition="send_back").reason == "Bedrag controleren."


def test_history_row_with_reason_when_withdrawn(officeholder):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    services.withdraw_application(application.pk, by=officeholder, reason="Verhuisd.")
    row = application.history.get(transition="withdraw")
    assert (row.source, row.target, row.actor, row.reason) == (
        Status.SUBMITTED,
        Status.WITHDRAWN,
        officeholder,
        "Verhuisd.",
    )


def test_history_row_when_not_processed(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, info_requested=True, handled_by=assessor)
    # Time passes: the request of 20 days ago had its deadline yesterday.
    application.information_requests.update(
        requested_on=timezone.localdate() - timedelta(days=20), deadline=timezone.localdate() - timedelta(days=1)
    )
    start = application.history.count()
    services.declare_not_processed(application.pk, by=assessor, motivation="Niet aangevuld.")
    assert rows(application)[start:] == [
        ("declare_not_processed", Status.INFO_REQUESTED, Status.NOT_PROCESSED, assessor)
    ]


def test_no_history_row_when_a_transition_is_refused(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    before = rows(application)
    with pytest.raises(TransitionRefused):
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="")
    assert rows(application) == before


def test_history_rows_cannot_be_changed(officeholder):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    services.withdraw_application(application.pk, by=officeholder)
    row = StatusChange.objects.get(application=application, transition="withdraw")
    row.reason = "anders"
    with pytest.raises(ValueError, match="append-only"):
        row.save()


def test_a_note_keeps_the_state_when_a_step_changes_no_state(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    note = StatusChange.note(application, "confirm_territory", by=assessor, reason="Kadaster geraadpleegd.")
    assert rows(application)[-1] == ("confirm_territory", Status.SUBMITTED, Status.SUBMITTED, assessor)
    assert StatusChange.objects.get(pk=note.pk).reason == "Kadaster geraadpleegd."


@pytest.mark.parametrize(
    "step",
    [
        lambda pk, by: services.override_scheme_version(pk, by=by, version=SchemeVersion.BASIC_PACKAGE, reason="2023."),
        lambda pk, by: services.confirm_territory(pk, by=by, in_territory=True, reason="Kadaster."),
    ],
    ids=["override_scheme_version", "confirm_territory"],
)
def test_history_row_from_and_to_the_same_state_when_a_step_changes_no_state(step, officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    step(application.pk, assessor)
    row = application.history.last()
    assert (row.source, row.target, row.actor) == (Status.SUBMITTED, Status.SUBMITTED, assessor)
    assert row.reason in ("2023.", "Kadaster.")


def test_scheme_version_override_is_in_the_history_and_the_audit_log(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    services.override_scheme_version(
        application.pk, by=assessor, version=SchemeVersion.BASIC_PACKAGE, reason="Maatregelen in 2023 getroffen."
    )
    application.refresh_from_db()
    assert application.scheme_version == SchemeVersion.BASIC_PACKAGE
    row = application.history.get(transition="override_scheme_version")
    assert (row.transition, row.actor, row.reason) == (
        "override_scheme_version",
        assessor,
        "Maatregelen in 2023 getroffen.",
    )
    assert AuditEvent.objects.filter(action="application.override_scheme_version").exists()


def test_scheme_version_override_refused_without_reason(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    with pytest.raises(TransitionRefused, match="reason"):
        services.override_scheme_version(application.pk, by=assessor, version=SchemeVersion.BASIC_PACKAGE, reason=" ")


def test_scheme_version_override_refused_after_the_decision(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, decided=True)
    with pytest.raises(TransitionRefused, match="before the decision"):
        services.override_scheme_version(application.pk, by=assessor, version=SchemeVersion.BASIC_PACKAGE, reason="x")


def test_scheme_version_override_forbidden_for_the_applicant(officeholder):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    with pytest.raises(PermissionDenied):
        services.override_scheme_version(
            application.pk, by=officeholder, version=SchemeVersion.BASIC_PACKAGE, reason="x"
        )
