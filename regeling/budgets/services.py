"""Setting a body's budget for a year: only its coordinator. Audited.

A budget below what is already used is allowed: it is a ledger, and the page shows the overrun.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from regeling.audit import log as audit
from regeling.core.conflicts import retry_on_conflict
from regeling.core.exceptions import TransitionRefused
from regeling.schemes.versions import VERSION_A_START

from .models import Budget

FIRST_YEAR = VERSION_A_START.year  # the scheme started on 1 January 2021


def can_set_budget(user, body_id: int) -> bool:
    return user.is_authenticated and user.is_coordinator and user.body_id == body_id


@retry_on_conflict
def set_budget(body_id: int, *, year: int, budget_cents: int, by) -> Budget:
    """Create or change the budget of `year` (also one the ledger opened without an amount)."""
    if not can_set_budget(by, body_id):
        raise PermissionDenied
    if year < FIRST_YEAR:
        raise TransitionRefused(_("The scheme started in 2021; choose a later year."))
    try:
        with transaction.atomic():
            budget, created = Budget.objects.select_for_update().get_or_create(
                body_id=body_id, year=year, defaults={"budget_cents": budget_cents}
            )
            previous = None if created else budget.budget_cents
            budget.budget_cents = budget_cents
            budget.save(update_fields=["budget_cents", "updated_at"])
            audit.record("budget.set", actor=by, obj=budget, year=year, previous=previous, budget_cents=budget_cents)
    except IntegrityError as exc:  # another coordinator created the same year at the same moment
        raise TransitionRefused(_("Someone else changed this budget just now. Try again.")) from exc
    return budget
