"""Bringing a case to a state through the services, as the portals do. Shared by the workflow and budget tests."""

from regeling.applications import services
from regeling.applications.states import ObjectionOutcome, Outcome
from tests.factories import ApplicationFactory

MOTIVATION = "De maatregelen staan in het vastgestelde beveiligingsadvies."


def in_assessment(applicant, *, lines=None):
    return ApplicationFactory(applicant=applicant, in_assessment=True, lines=lines)


def granted(applicant, assessor, *, lines=None):
    """A case decided as granted in full by one assessor (below the four-eyes amount)."""
    application = in_assessment(applicant, lines=lines)
    return services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)


def refused(applicant, assessor, second_assessor):
    """A case refused by one assessor and approved by a second (four eyes); 4:7 recorded as not needed."""
    application = in_assessment(applicant)
    services.decide_application(
        application.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=MOTIVATION,
        views_not_needed_reason="De feiten staan niet ter discussie.",
    )
    return services.approve_decision(application.pk, by=second_assessor)


def settled(applicant, assessor, *, invoiced_cents):
    application = granted(applicant, assessor)
    line = application.lines.get()
    services.submit_settlement(application.pk, by=applicant, invoiced={line.pk: invoiced_cents})
    return services.settle_application(application.pk, by=assessor)


def objection_lodged(application, applicant):
    return services.lodge_objection(application.pk, by=applicant, reasons="Ik ben het niet eens met het besluit.")


def founded_objection(application, assessor, granted_cents):
    """Decide a founded objection that sets every line to `granted_cents`."""
    granted_lines = {line.pk: (granted_cents, "" if granted_cents else "other") for line in application.lines.all()}
    return services.decide_objection(
        application.pk, by=assessor, outcome=ObjectionOutcome.FOUNDED, motivation=MOTIVATION, granted=granted_lines
    )
