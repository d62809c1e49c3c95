"""The budget page: an assessor sees their own body's figures; the national role sees the sum of all bodies."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regeling.accounts.models import UserKind
from regeling.core.charts import svg_response

from . import figures
from .services import FIRST_YEAR


def _year(request) -> int:
    """The chosen year; anything unreadable or out of range falls back to this year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


def _figures(user, year):
    if user.is_assessor:
        return figures.body_figures(user.body_id, year), user.body.name
    if user.kind == UserKind.NATIONAL:
        return figures.national_figures(year), _("All employer bodies")
    raise PermissionDenied


@login_required
@require_GET
def budget_page(request):
    year = _year(request)
    shown, scope = _figures(request.user, year)
    return render(
        request,
        "budgets/budget.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1),
            "figures": shown,
            "scope": scope,
            "national": request.user.kind == UserKind.NATIONAL,
            "national_contribution_cents": figures.national_contribution(),
            "attention": [] if request.user.kind == UserKind.NATIONAL else figures.body_attention(request.user.body_id),
            "can_set_budget": request.user.is_coordinator,
        },
    )


@login_required
@require_GET
def budget_chart(request):
    year = _year(request)
    shown, scope = _figures(request.user, year)
    if shown is None:
        raise PermissionDenied
    return svg_response(figures.chart_svg(shown, f"{scope} {year}"))  # strict CSP: hashed <style>
