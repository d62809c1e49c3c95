"""The rules applied to a stored application: builds the `CaseFacts` and evaluates it.

The back office shows these findings next to the case; the applicant's
pre-check shows the applicant's texts. Reading only: nothing is saved here.
"""

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from regeling.earlier import services as earlier_services
from regeling.schemes.earlier import Earlier
from regeling.schemes.evaluation import CaseFacts, Evaluation, Line, evaluate
from regeling.schemes.versions import SchemeVersion

from .models import Application, MeasureLine
from .states import OBJECTABLE, Outcome, Status

# States in which a grant stands: decided and not undone. Those are the states with a decision to object
# against, but for a case not processed (no grant), and the objection's own (it does not suspend the
# decision, Awb 6:16). A proposal awaiting approval does not count yet.
GRANT_STANDS = (*(status for status in OBJECTABLE if status != Status.NOT_PROCESSED), Status.OBJECTION_LODGED)


def earlier_for_residence(application: Application) -> list[Earlier]:
    """What earlier reimbursements of this officeholder used of the cap for the same residence.

    The cap is per officeholder per residence: after a move the new home starts
    at zero. A grant in this system counts with its settled amount per line,
    otherwise with the grant; a reimbursement imported from the body's own
    administration counts alike, unless it was withdrawn.
    """
    if not application.residence_key:
        return []
    grants = (
        MeasureLine.objects.filter(
            application__applicant_id=application.applicant_id,
            application__residence_key=application.residence_key,
            application__scheme_version=SchemeVersion.BASIC_PACKAGE,
            application__outcome__in=[Outcome.GRANT, Outcome.PARTIAL],
            application__status__in=GRANT_STANDS,
            granted_cents__gt=0,
        )
        .exclude(application_id=application.pk)
        .values("application__reference", "application__decided_at")
        .annotate(total=Sum(Coalesce("settled_cents", "granted_cents")))
        .order_by("application__decided_at", "application__reference")
    )
    imported = earlier_services.counted(application.applicant_id, application.residence_key).select_related("body")
    return [
        Earlier(
            grant["total"],
            timezone.localdate(grant["application__decided_at"]) if grant["application__decided_at"] else None,
            reference=grant["application__reference"],
        )
        for grant in grants
    ] + [Earlier(row.amount_cents, row.reimbursed_on, imported_from=row.body.kind) for row in imported]


def reimbursed_cents_for_residence(application: Application) -> int:
    return sum(item.cents for item in earlier_for_residence(application))


def _same_residence_lines(application: Application):
    """Measure lines of this officeholder's other version-A applications for the same residence."""
    return MeasureLine.objects.filter(
        application__applicant_id=application.applicant_id,
        application__residence_key=application.residence_key,
        application__scheme_version=SchemeVersion.BASIC_PACKAGE,
        granted_cents__gt=0,
    ).exclude(application_id=application.pk)


def proposed_cents_for_residence(application: Application) -> int:
    """What other proposals awaiting the second assessor would grant for the same residence."""
    if not application.residence_key:
        return 0
    lines = _same_residence_lines(application).filter(application__status=Status.AWAITING_APPROVAL)
    return lines.aggregate(total=Sum("granted_cents"))["total"] or 0


def cap_counted_elsewhere_cents(application: Application) -> int:
    """Everything that counts against this residence's cap besides this application: standing and proposed."""
    return reimbursed_cents_for_residence(application) + proposed_cents_for_residence(application)


def application_date(application: Application):
    """The date the rules look at: receipt, or today for a draft (the pre-check)."""
    return application.received_on or timezone.localdate()


def case_from_application(application: Application) -> CaseFacts:
    applicant = application.applicant
    earlier = earlier_for_residence(application)
    return CaseFacts(
        office=application.office,
        body_kind=application.body.kind,
        body_province=application.body.province,
        application_date=application_date(application),
        appointment_certain_on=applicant.appointment_certain_on,
        term_ends_on=applicant.term_ends_on,
        is_main_residence=application.is_main_residence,
        in_body_territory=application.in_body_territory,
        has_residence_exemption=application.has_residence_exemption,
        territory_confirmed=application.territory_confirmed,
        residence_town=application.city,
        area_towns=tuple(settings.WATER_BOARD_AREA_TOWNS.get(application.body.name, ())),
        pkvw_valid_until=application.pkvw_valid_until,
        # The pre-check counts pending proposals for the home too, as the decision services do.
        earlier_reimbursed_cents=sum(item.cents for item in earlier) + proposed_cents_for_residence(application),
        earlier=tuple(earlier),
        lines=tuple(
            Line(
                position,
                line.measure,
                line.requested_cents,
                line.description,
                incurred_on=line.invoice_date,
                advice_link=line.advice_line,
            )
            for position, line in enumerate(application.lines.all(), start=1)
        ),
        advice_lines=tuple(text.strip() for text in application.advice_contents.splitlines() if text.strip()),
        scheme_version=application.scheme_version,
        scheme_version_reason=application.scheme_version_reason,
        invoices_sent_on=(
            timezone.localdate(application.settlement_submitted_at) if application.settlement_submitted_at else None
        ),
    )


def findings_for(application: Application) -> Evaluation:
    """Every rule's finding for this application, and the eligible amount per line."""
    return evaluate(case_from_application(application))
