"""Facts the body vouches for: office, appointment date and term end.

The rules decide on these facts (entitlement period, eligible office), so they come
from the body: the invitation, or an assessor or coordinator of the body who records
a change with a reason. The officeholder can only propose a correction, which an
assessor of the body accepts (the fact changes) or rejects. Every step is audited;
the audit names the fact, never its value.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.audit import log as audit

from .models import CorrectionStatus, FactCorrection, Office, User, VouchedFact


def parse_value(fact: str, value: str):
    """The typed value as the field stores it; ValidationError with a clear message otherwise."""
    if fact == VouchedFact.OFFICE:
        if value not in Office.values:
            raise ValidationError(_("Choose an office from the list."))
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from exc


def can_vouch(user, officeholder) -> bool:
    """An assessor or coordinator of the officeholder's own body, never the officeholder."""
    return user.is_assessor and user.body_id == officeholder.body_id and user.pk != officeholder.pk


def propose_correction(officeholder, *, fact: str, value: str, explanation: str) -> FactCorrection:
    """The officeholder asks the body to correct one vouched fact; nothing changes yet."""
    if not officeholder.is_officeholder:
        raise PermissionDenied
    if fact not in VouchedFact.values:
        raise ValidationError(_("Choose which fact is wrong."))
    parse_value(fact, value)
    if not explanation.strip():
        raise ValidationError(_("Explain why the fact is wrong."))
    correction = FactCorrection.objects.create(
        officeholder=officeholder, fact=fact, proposed_value=value, explanation=explanation
    )
    audit.record("account.correction_proposed", actor=officeholder, obj=officeholder, fact=fact)
    return correction


def _apply(officeholder, fact: str, value: str) -> None:
    setattr(officeholder, fact, parse_value(fact, value))
    start, end = officeholder.appointment_certain_on, officeholder.term_ends_on
    if start and end and end < start:
        raise ValidationError(_("The end of the term cannot lie before the appointment."))
    officeholder.save(update_fields=[fact])


def decide_correction(correction_id: int, *, by, accept: bool, reason: str = "") -> FactCorrection:
    """An assessor of the body accepts (the fact changes) or rejects a proposal; a rejection needs a reason."""
    with transaction.atomic():
        correction = FactCorrection.objects.select_for_update().select_related("officeholder").get(pk=correction_id)
        officeholder = correction.officeholder
        if not can_vouch(by, officeholder):
            raise PermissionDenied
        if correction.status != CorrectionStatus.PROPOSED:
            raise ValidationError(_("This proposal has already been decided."))
        if not accept and not reason.strip():
            raise ValidationError(_("Give the reason for rejecting the proposal."))
        if accept:
            _apply(officeholder, correction.fact, correction.proposed_value)
        correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
        correction.decided_by, correction.decided_at, correction.decision_reason = by, timezone.now(), reason
        correction.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        audit.record(
            "account.correction_accepted" if accept else "account.correction_rejected",
            actor=by,
            obj=officeholder,
            fact=correction.fact,
        )
        return correction


def record_fact(officeholder_id: int, *, by, fact: str, value: str, reason: str) -> None:
    """An assessor or coordinator of the body records a changed fact directly, with a reason. Audited."""
    with transaction.atomic():
        officeholder = User.objects.select_for_update().get(pk=officeholder_id)
        if not can_vouch(by, officeholder):
            raise PermissionDenied
        if fact not in VouchedFact.values:
            raise ValidationError(_("Choose which fact changes."))
        if not reason.strip():
            raise ValidationError(_("Give the reason for the change."))
        _apply(officeholder, fact, value)
        audit.record("account.fact_recorded", actor=by, obj=officeholder, fact=fact)
