"""The rules applied to a stored application: builds the `Case` and evaluates it.

The back office shows these findings next to the case; the applicant's
pre-check shows the applicant's texts. Reading only: nothing is saved here.
"""

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from regeling.schemes.evaluation import Case, Evaluation, Line, evaluate
from regeling.schemes.versions import SchemeVersion

from .models import Application, MeasureLine
from .states import Outcome, Status

# States in which a grant stands: decided and not undone. A proposal awaiting approval does not count yet.
GRANT_STANDS = (
    Status.DECIDED,
    Status.OBJECTION_LODGED,
    Status.OBJECTION_DECIDED,
    Status.SETTLEMENT_SUBMITTED,
    Status.SETTLED,
    Status.PAID,
    Status.CLOSED,
)


def reimbursed_cents_for_residence(application: Application) -> int:
    """What earlier version-A grants of this officeholder used of the cap for the same residence.

    The cap is per officeholder per residence: after a move the new home starts
    at zero. A settled line counts with its settled amount, otherwise with the grant.
    """
    if not application.residence_key:
        return 0
    lines = MeasureLine.objects.filter(
        application__applicant_id=application.applicant_id,
        application__residence_key=application.residence_key,
        application__scheme_version=SchemeVersion.BASIC_PACKAGE,
        application__outcome__in=[Outcome.GRANT, Outcome.PARTIAL],
        application__status__in=GRANT_STANDS,
        granted_cents__gt=0,
    ).exclude(application_id=application.pk)
    return lines.aggregate(total=Sum(Coalesce("settled_cents", "granted_cents")))["total"] or 0


def application_date(application: Application):
    """The date the rules look at: receipt, or today for a draft (the pre-check)."""
    return application.received_on or timezone.localdate()


def case_from_application(application: Application) -> Case:
    applicant = application.applicant
    return Case(
        office=application.office,
        body_kind=application.organisation.kind,
        body_province=application.organisation.province,
        application_date=application_date(application),
        appointment_certain_on=applicant.appointment_certain_on,
        term_ends_on=applicant.term_ends_on,
        is_main_residence=application.is_main_residence,
        in_body_territory=application.in_body_territory,
        has_residence_exemption=application.has_residence_exemption,
        pkvw_valid_until=application.pkvw_valid_until,
        earlier_reimbursed_cents=reimbursed_cents_for_residence(application),
        lines=tuple(
            Line(position, line.measure, line.requested_cents, line.description)
            for position, line in enumerate(application.lines.all(), start=1)
        ),
        advice_lines=tuple(text.strip() for text in application.advice_contents.splitlines() if text.strip()),
        scheme_version=application.scheme_version,
        scheme_version_reason=application.scheme_version_reason,
    )


def findings_for(application: Application) -> Evaluation:
    """Every rule's finding for this application, and the eligible amount per line."""
    return evaluate(case_from_application(application))
