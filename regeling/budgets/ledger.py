"""Moving money through a budget: commit, settle, pay, release. Called by services, inside their transaction.

The budget is a ledger, never a ground for a decision: the reimbursement is part
of the officeholder's legal position (rechtspositie), not a subsidy with a
ceiling (Awb 4:25 does not apply), so nothing here refuses, lowers or delays a
decision. A year without a budget row gets one with no amount set; a commitment
that takes the body over its budget goes through and the coordinator is told.

Every function locks the budget row (SELECT ... FOR UPDATE) after the service
has locked the application, always in that order, so concurrent grants queue
and the sums stay exact.
"""

from django.utils import timezone

from .models import Budget, Commitment
from .notifications import tell_coordinators_of_overrun


def _budget_for(body_id: int, year: int) -> Budget:
    """The locked budget row of the year; created without an amount when the coordinator has not set one."""
    budget, _created = Budget.objects.select_for_update().get_or_create(
        body_id=body_id, year=year, defaults={"budget_cents": None}
    )
    return budget


def _commitment(application) -> Commitment | None:
    return Commitment.objects.select_for_update().filter(application=application).first()


def _save(budget: Budget, commitment: Commitment, *, overrun_before: int) -> None:
    budget.save()
    commitment.save()
    if budget.overrun_cents > overrun_before:
        tell_coordinators_of_overrun(budget.body_id, budget.year)  # written now, sent after commit


def _budget_and_commitment(application) -> tuple[Budget, Commitment] | None:
    """The locked budget row and this application's commitment (new and unsaved if there is none yet).

    None when nothing is committed and nothing is granted. A new commitment goes
    against the budget of the year of the decision.
    """
    commitment = _commitment(application)
    if commitment is None:
        if application.granted_total_cents == 0:
            return None
        budget = _budget_for(application.body_id, timezone.localdate().year)
        return budget, Commitment(application=application, budget=budget)
    return Budget.objects.select_for_update().get(pk=commitment.budget_id), commitment


def commit_grant(application) -> None:
    """Commit the granted total; a revision (objection) commits only the difference. Never refuses."""
    found = _budget_and_commitment(application)
    if found is None:
        return
    budget, commitment = found
    overrun_before = budget.overrun_cents
    granted = application.granted_total_cents
    budget.committed_cents += granted - commitment.committed_cents
    commitment.committed_cents = granted
    _save(budget, commitment, overrun_before=overrun_before)


def settle(application) -> None:
    """Replace the commitment by the settled amount."""
    commitment = _commitment(application)
    if commitment is None:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    overrun_before = budget.overrun_cents
    settled = application.settled_total_cents
    budget.committed_cents -= commitment.committed_cents
    budget.settled_cents += settled - commitment.settled_cents
    commitment.committed_cents, commitment.settled_cents = 0, settled
    _save(budget, commitment, overrun_before=overrun_before)


def pay(application, cents: int | None = None) -> None:
    """The settled amount has been paid: all of it, or the `cents` of one payment (a settlement paid while
    a supplement after objection is still to come)."""
    commitment = _commitment(application)
    if commitment is None:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    overrun_before = budget.overrun_cents
    paid = commitment.settled_cents if cents is None else min(cents, commitment.settled_cents)
    budget.settled_cents -= paid
    budget.paid_cents += paid
    commitment.paid_cents += paid
    commitment.settled_cents -= paid
    _save(budget, commitment, overrun_before=overrun_before)


def settle_supplement(application, cents: int) -> None:
    """A founded objection raised a settlement that was already paid (or is in a payment batch): the
    difference is settled on top, to be paid as a supplementary payment (Awb 7:11)."""
    commitment = _commitment(application)
    if commitment is None or cents <= 0:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    overrun_before = budget.overrun_cents
    budget.settled_cents += cents
    commitment.settled_cents += cents
    _save(budget, commitment, overrun_before=overrun_before)


def _costs_row(application) -> tuple[Budget, Commitment]:
    commitment = _commitment(application)
    if commitment is None:
        budget = _budget_for(application.body_id, timezone.localdate().year)
        return budget, Commitment(application=application, budget=budget)
    return Budget.objects.select_for_update().get(pk=commitment.budget_id), commitment


def owe_costs(application, cents: int) -> None:
    """Costs of legal help reimbursed on a founded objection (Awb 7:15) are owed. They are the body's
    costs of the procedure, not the reimbursement of security measures: booked apart, outside the
    budget's use and outside the EUR 2,400 cap."""
    budget, commitment = _costs_row(application)
    budget.costs_owed_cents += cents
    commitment.costs_owed_cents += cents
    budget.save()
    commitment.save()


def pay_costs(application, cents: int) -> None:
    """The costs of legal help (Awb 7:15) were paid."""
    budget, commitment = _costs_row(application)
    paid = min(cents, commitment.costs_owed_cents)
    budget.costs_owed_cents -= paid
    budget.costs_paid_cents += paid
    commitment.costs_owed_cents -= paid
    commitment.costs_paid_cents += paid
    budget.save()
    commitment.save()


def release(application) -> None:
    """Give back whatever is still committed (a withdrawal or a refusal)."""
    commitment = _commitment(application)
    if commitment is None or commitment.committed_cents == 0:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    overrun_before = budget.overrun_cents
    budget.committed_cents -= commitment.committed_cents
    commitment.committed_cents = 0
    _save(budget, commitment, overrun_before=overrun_before)
