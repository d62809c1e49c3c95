"""Moving money through a budget: commit, settle, pay, release. Called by services, inside their transaction.

Every function locks the budget row (SELECT ... FOR UPDATE) after the service
has locked the application, always in that order, so concurrent grants queue
instead of overspending. A grant that does not fit raises TransitionRefused
with a message for the assessor; the database constraint is the last line.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.applications.services import TransitionRefused
from regeling.core.money import format_euros

from .models import Budget, Commitment


def _budget_for(application, year: int) -> Budget:
    budget = Budget.objects.select_for_update().filter(organisation_id=application.organisation_id, year=year).first()
    if budget is None:
        raise TransitionRefused(
            _("No budget has been set for %(year)s. Ask the coordinator to set the budget, then try again.")
            % {"year": year}
        )
    return budget


def _commitment(application) -> Commitment | None:
    return Commitment.objects.select_for_update().filter(application=application).first()


def _save(budget: Budget, commitment: Commitment) -> None:
    try:
        with transaction.atomic():
            budget.save()
            commitment.save()
    except IntegrityError as exc:  # the constraint caught what the check above should have
        raise TransitionRefused(_("The budget has no room for this amount.")) from exc


def _budget_and_commitment(application) -> tuple[Budget, Commitment] | None:
    """The locked budget row and this application's commitment (new and unsaved if there is none yet).

    None when nothing is committed and nothing is granted. A new commitment goes
    against the budget of the year of the decision.
    """
    commitment = _commitment(application)
    if commitment is None:
        if application.granted_total_cents == 0:
            return None
        budget = _budget_for(application, timezone.localdate().year)
        return budget, Commitment(application=application, budget=budget)
    return Budget.objects.select_for_update().get(pk=commitment.budget_id), commitment


def _refuse_unless_it_fits(budget: Budget, extra: int) -> None:
    if extra > budget.available_cents:
        raise TransitionRefused(
            _(
                "This grant does not fit in the budget for %(year)s: %(available)s is still available. "
                "Ask the coordinator to raise the budget, or grant less."
            )
            % {"year": budget.year, "available": format_euros(budget.available_cents)}
        )


def check_room(application) -> None:
    """Refuse now a proposal that would not fit when approved; commits nothing."""
    found = _budget_and_commitment(application)
    if found:
        budget, commitment = found
        _refuse_unless_it_fits(budget, application.granted_total_cents - commitment.committed_cents)


def commit_grant(application) -> None:
    """Commit the granted total; a revision (objection) commits only the difference."""
    found = _budget_and_commitment(application)
    if found is None:
        return
    budget, commitment = found
    granted = application.granted_total_cents
    extra = granted - commitment.committed_cents
    _refuse_unless_it_fits(budget, extra)
    budget.committed_cents += extra
    commitment.committed_cents = granted
    _save(budget, commitment)


def settle(application) -> None:
    """Replace the commitment by the settled amount (never more than granted, so it always fits)."""
    commitment = _commitment(application)
    if commitment is None:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    settled = application.settled_total_cents
    budget.committed_cents -= commitment.committed_cents
    budget.settled_cents += settled - commitment.settled_cents
    commitment.committed_cents, commitment.settled_cents = 0, settled
    _save(budget, commitment)


def pay(application) -> None:
    """The settled amount has been paid."""
    commitment = _commitment(application)
    if commitment is None:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    budget.settled_cents -= commitment.settled_cents
    budget.paid_cents += commitment.settled_cents
    commitment.paid_cents += commitment.settled_cents
    commitment.settled_cents = 0
    _save(budget, commitment)


def release(application) -> None:
    """Give back whatever is still committed (a withdrawal or a refusal)."""
    commitment = _commitment(application)
    if commitment is None or commitment.committed_cents == 0:
        return
    budget = Budget.objects.select_for_update().get(pk=commitment.budget_id)
    budget.committed_cents -= commitment.committed_cents
    commitment.committed_cents = 0
    _save(budget, commitment)
