"""A budget per employer body per year, and the commitment of each application against it.

A grant commits its amount; a settlement replaces the commitment by the actual
amount; a payment moves it to paid; a refusal on objection releases it. What is
committed, settled and paid together never exceeds the budget: the database
enforces it (a check constraint), and the ledger takes a row lock before it
changes a figure (ledger.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Organisation


class Budget(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("employer body"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget_cents = models.PositiveBigIntegerField(_("budget (cents)"))
    committed_cents = models.PositiveBigIntegerField(_("committed by grants, not yet settled (cents)"), default=0)
    settled_cents = models.PositiveBigIntegerField(_("settled, not yet paid (cents)"), default=0)
    paid_cents = models.PositiveBigIntegerField(_("paid (cents)"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_budget_per_body_per_year"),
            models.CheckConstraint(
                condition=Q(budget_cents__gte=F("committed_cents") + F("settled_cents") + F("paid_cents")),
                name="budget_never_exceeded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    @property
    def used_cents(self) -> int:
        return self.committed_cents + self.settled_cents + self.paid_cents

    @property
    def available_cents(self) -> int:
        return self.budget_cents - self.used_cents


class Commitment(models.Model):
    """What one application holds against one budget: committed, then settled, then paid."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="budget_commitment"
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="commitments")
    committed_cents = models.PositiveBigIntegerField(default=0)
    settled_cents = models.PositiveBigIntegerField(default=0)
    paid_cents = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget commitment")
        verbose_name_plural = _("budget commitments")

    def __str__(self) -> str:
        return f"{self.application} {self.budget.year}"


def national_contribution_cents() -> int:
    """The Interior Ministry's yearly contribution (SCHEME.md §4): a figure for reports, not a budget row."""
    return settings.NATIONAL_CONTRIBUTION_CENTS
