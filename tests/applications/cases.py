"""Bringing a case to a state through the services, as the portals do. Shared by the workflow and budget tests."""

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.objections import services as objection_services
from regeling.objections.states import ObjectionOutcome, ObjectionStatus
from regeling.schemes.versions import SchemeVersion
from tests.factories import ApplicationFactory, AssessorFactory, invoices

MOTIVATION = "De maatregelen staan in het vastgestelde beveiligingsadvies."


def in_assessment(applicant, *, lines=None):
    return ApplicationFactory(applicant=applicant, in_assessment=True, lines=lines)


def version_a(officeholder, cents, *, postcode="3511 AB", address_line="Lindelaan 12-a"):
    """A version A case in assessment for one home, one measure line of `cents`."""
    return ApplicationFactory(
        applicant=officeholder,
        in_assessment=True,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        postcode=postcode,
        address_line=address_line,
        lines=[cents],
    )


def granted(applicant, assessor, *, lines=None):
    """A case decided as granted in full by one assessor (below the four-eyes amount)."""
    application = in_assessment(applicant, lines=lines)
    return services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)


def refused(applicant, assessor, second_assessor):
    """A case refused by one assessor and approved by a second (four eyes); 4:7 recorded as not needed."""
    return refuse(in_assessment(applicant), assessor, second_assessor)


def refuse(application, assessor, second_assessor):
    """Refuse a case in assessment: one assessor decides, a second approves; 4:7 recorded as not needed."""
    services.decide_application(
        application.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=MOTIVATION,
        views_exception="4:7(1)",
        views_not_needed_reason="De feiten staan niet ter discussie.",
    )
    return services.approve_decision(application.pk, by=second_assessor)


def settled(applicant, assessor, *, invoiced_cents):
    application = granted(applicant, assessor)
    line = application.lines.get()
    services.submit_settlement(application.pk, by=applicant, **invoices({line.pk: invoiced_cents}))
    return services.settle_application(application.pk, by=assessor)


def objection_lodged(application, applicant):
    """The applicant objects in the portal (regeling.objections); returns the objection."""
    return objection_services.lodge_objection(
        application.pk, by=applicant, grounds="Ik ben het niet eens met het besluit."
    )


def founded_objection(objection, granted_cents, *, peius_ground=""):
    """Decide a founded objection that sets every line to `granted_cents`, by assessors who took no part
    in the contested decision (Awb 10:3(3)); a second one approves when four eyes are needed."""
    body = objection.application.body
    handler, approver = AssessorFactory(body=body), AssessorFactory(body=body)
    objection_services.skip_hearing(objection.pk, by=handler, reason="waived", note="Afgezien van horen.")
    objection_services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation=MOTIVATION,
        grounds=[("Het besluit klopt niet.", "Wij herzien het besluit.")],
        revised={line.pk: (granted_cents, "Herzien.") for line in objection.application.lines.all()},
        peius_ground=peius_ground,
    )
    objection.refresh_from_db()
    if objection.status == ObjectionStatus.AWAITING_APPROVAL:
        objection_services.approve_objection_decision(objection.pk, by=approver)
    return objection
