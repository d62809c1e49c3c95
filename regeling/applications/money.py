"""The money of a case as the officeholder sees it develop: requested, granted, invoiced,
settled and paid, each with its date, on the case page.

An amount that is decided (granted, settled) is shown only once its decision letter is
ready (`decision_is_known`, `settlement_is_known`): a proposal is not a decision. A stage
not reached yet is shown as such, so the officeholder sees what comes next.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regeling.letters.models import LetterKind

from . import deadlines


@dataclass(frozen=True)
class MoneyStage:
    label: str
    cents: int | None = None  # None: not reached yet
    on: date | None = None
    note: str = ""


# The stages after "requested", with what they wait for, shown while they are not reached.
LATER = (
    (_("Granted"), _("after the decision")),
    (_("Invoiced"), _("when you send your invoices")),
    (_("Settled"), _("after we have checked your invoices")),
    (_("Paid"), _("after the settlement")),
)


def _day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def settlement_is_known(application, letters) -> bool:
    """The settled amounts are shown once the settlement is taken and its letter exists."""
    return application.settled_at is not None and any(letter.kind == LetterKind.SETTLEMENT for letter in letters)


def _changed_on_objection(application, kind: str) -> date | None:
    """The day a decided objection changed the amounts of the contested decision of this kind."""
    for objection in application.objections.all():
        if objection.contested_kind == kind and objection.decided_at and objection.revised_lines.exists():
            return _day(objection.decided_at)
    return None


def _paid_cents(application) -> int:
    """The settlement as the payment batch paid it, plus any supplement after objection paid since (the
    costs of legal help are not a reimbursement); a case marked paid by hand: its settled amount."""
    items = application.payment_items.all()
    settlement = items.filter(objection_payment=None).first()
    if settlement is None:  # marked paid by hand, outside a payment batch
        return application.settled_total_cents
    supplements = items.filter(objection_payment__kind="supplement", objection_payment__paid_at__isnull=False)
    return settlement.amount_cents + sum(item.amount_cents for item in supplements)


def _decided(application, label, cents: int, decided_at, kind: str) -> MoneyStage:
    """A decided amount with the day it was decided, or the day an objection changed it."""
    revised_on = _changed_on_objection(application, kind)
    note = _("changed after your objection") if revised_on else ""
    return MoneyStage(label, cents, revised_on or _day(decided_at), note)


def money_as_it_develops(application, *, decision_known: bool, settlement_known: bool) -> list[MoneyStage]:
    lines = list(application.lines.all())
    stages = [MoneyStage(_("Requested"), sum(line.requested_cents for line in lines), _day(application.submitted_at))]
    if application.withdrawn_at and not decision_known:
        return stages  # withdrawn before a decision: nothing more comes
    if not decision_known:
        return [*stages, *(MoneyStage(label, note=note) for label, note in LATER[:4])]
    granted = sum(line.granted_cents or 0 for line in lines)
    stages.append(_decided(application, _("Granted"), granted, application.decided_at, LetterKind.DECISION))
    if not granted:
        return stages  # nothing granted (refused, not processed): no invoices, no payment
    invoiced = [line.invoiced_cents for line in lines if line.invoiced_cents is not None]
    if application.settlement_submitted_at and invoiced:
        stages.append(MoneyStage(_("Invoiced"), sum(invoiced), _day(application.settlement_submitted_at)))
    if not settlement_known:
        return [*stages, *(MoneyStage(label, note=note) for label, note in LATER[len(stages) - 1 :])]
    settled = sum(line.settled_cents or 0 for line in lines)
    stages.append(_decided(application, _("Settled"), settled, application.settled_at, LetterKind.SETTLEMENT))
    if application.paid_at:
        stages.append(MoneyStage(_("Paid"), _paid_cents(application), _day(application.paid_at)))
    else:
        due = date_format(_day(application.settled_at) + deadlines.PAYMENT_TERM, "j F Y")
        stages.append(MoneyStage(_("Paid"), note=_("by %(date)s at the latest") % {"date": due}))
    return stages
