"""A budget per employer body per year, and the commitment of each application against it.

A grant commits its amount; a settlement replaces the commitment by the actual
amount; a payment moves it to paid; a refusal on objection releases it. The
budget is a ledger, never a limit: the reimbursement is an entitlement
(rechtspositie), so a decision is never refused, lowered or delayed for want of
budget (SCHEME.md §7; Awb 4:25 on subsidy ceilings does not apply). An overrun
is shown and reported to the coordinator. The ledger takes a row lock before it
changes a figure (ledger.py), so its sums stay exact under concurrency.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Body


class Budget(models.Model):
    body = models.ForeignKey(Body, verbose_name=_("employer body"), on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    # None: the coordinator has not set a budget for the year yet; grants are still recorded.
    budget_cents = models.PositiveBigIntegerField(_("budget (cents)"), null=True, blank=True)
    committed_cents = models.PositiveBigIntegerField(_("committed by grants, not yet settled (cents)"), default=0)
    settled_cents = models.PositiveBigIntegerField(_("settled, not yet paid (cents)"), default=0)
    paid_cents = models.PositiveBigIntegerField(_("paid (cents)"), default=0)
    # Costs of legal help on objection (Awb 7:15): the body's procedural costs, booked apart from the
    # reimbursements (not in `used_cents`, not under the cap).
    costs_owed_cents = models.PositiveBigIntegerField(_("objection costs owed, not yet paid (cents)"), default=0)
    costs_paid_cents = models.PositiveBigIntegerField(_("objection costs paid (cents)"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_budget_per_body_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"

    @property
    def used_cents(self) -> int:
        return self.committed_cents + self.settled_cents + self.paid_cents

    @property
    def is_set(self) -> bool:
        return self.budget_cents is not None

    @property
    def available_cents(self) -> int:
        """What is left; negative when the budget is overrun, and 0 when none is set."""
        return (self.budget_cents or 0) - self.used_cents if self.is_set else 0

    @property
    def overrun_cents(self) -> int:
        return max(0, self.used_cents - self.budget_cents) if self.is_set else 0

    @property
    def overrun_percent(self):
        """The overrun as a percentage of the budget, one decimal; None without a (positive) budget."""
        if not self.budget_cents:
            return None
        return overrun_percent(self.overrun_cents, self.budget_cents)


class Commitment(models.Model):
    """What one application holds against one budget: committed, then settled, then paid."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="budget_commitment"
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="commitments")
    committed_cents = models.PositiveBigIntegerField(default=0)
    settled_cents = models.PositiveBigIntegerField(default=0)
    paid_cents = models.PositiveBigIntegerField(default=0)
    costs_owed_cents = models.PositiveBigIntegerField(default=0)
    costs_paid_cents = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget commitment")
        verbose_name_plural = _("budget commitments")

    def __str__(self) -> str:
        return f"{self.application} {self.budget.year}"


def overrun_percent(overrun_cents: int, budget_cents: int) -> Decimal:
    return (Decimal(overrun_cents * 100) / Decimal(budget_cents)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def needing_attention(body_id: int) -> list[Budget]:
    """The body's years that are overrun, or have grants but no budget set: the banner on the budget pages."""
    rows = Budget.objects.filter(body_id=body_id).order_by("year")
    return [row for row in rows if row.overrun_cents or (not row.is_set and row.used_cents)]


def national_contribution_cents() -> int:
    """The Interior Ministry's yearly contribution (SCHEME.md §4): a figure for reports, not a budget row."""
    return settings.NATIONAL_CONTRIBUTION_CENTS
