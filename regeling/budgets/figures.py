"""The budget page's figures: one body's budget for a year, or every body's added up for the national role.

The national figures are sums only: no body's cases, names or amounts per case.
"""

from dataclasses import dataclass

import pygal
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from regeling.core.charts import svg_without_script
from regeling.core.money import format_euros

from .models import Budget, national_contribution_cents, needing_attention, overrun_percent


@dataclass(frozen=True)
class Figures:
    budget_cents: int | None  # None: no budget set for the year (grants are still recorded)
    committed_cents: int
    settled_cents: int
    paid_cents: int
    bodies: int = 1

    @property
    def used_cents(self) -> int:
        return self.committed_cents + self.settled_cents + self.paid_cents

    @property
    def remaining_cents(self) -> int:
        return max(0, (self.budget_cents or 0) - self.used_cents)

    @property
    def overrun_cents(self) -> int:
        return max(0, self.used_cents - self.budget_cents) if self.budget_cents is not None else 0

    @property
    def overrun_percent(self):
        return overrun_percent(self.overrun_cents, self.budget_cents) if self.budget_cents else None

    def rows(self) -> list[tuple[str, int]]:
        rows = [
            (_("Budget"), self.budget_cents or 0),
            (_("Committed by grants"), self.committed_cents),
            (_("Settled, not yet paid"), self.settled_cents),
            (_("Paid"), self.paid_cents),
        ]
        if self.overrun_cents:
            return [*rows, (_("Overrun"), self.overrun_cents)]
        return [*rows, (_("Remaining"), self.remaining_cents)]


def body_figures(body_id: int, year: int) -> Figures | None:
    budget = Budget.objects.filter(body_id=body_id, year=year).first()
    if budget is None:
        return None
    return Figures(budget.budget_cents, budget.committed_cents, budget.settled_cents, budget.paid_cents)


def body_attention(body_id: int) -> list[Budget]:
    return needing_attention(body_id)


def national_figures(year: int) -> Figures | None:
    totals = Budget.objects.filter(year=year).aggregate(
        budget=Sum("budget_cents"),
        committed=Sum("committed_cents"),
        settled=Sum("settled_cents"),
        paid=Sum("paid_cents"),
        bodies=Count("pk"),
    )
    if not totals["bodies"]:
        return None
    return Figures(totals["budget"], totals["committed"], totals["settled"], totals["paid"], totals["bodies"])


def national_contribution() -> int:
    return national_contribution_cents()


def chart_svg(figures: Figures, title: str) -> bytes:
    """A horizontal bar chart in euros, rendered on the server, without any script."""
    chart = pygal.HorizontalBar(
        js=[],
        title=title,
        show_legend=False,
        width=640,
        height=320,
        value_formatter=lambda euros: format_euros(round(euros * 100)),
    )
    labels, values = zip(*figures.rows(), strict=True)
    chart.x_labels = labels
    chart.add(_("Amount"), [cents / 100 for cents in values])
    return svg_without_script(chart)
