"""The figures pages: national (the ministry's analyst; small-cell protection) and a body's own (in full,
with the budget position). Every view, chart and download is audited; nothing personal is shown."""

import pygal
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regeling.accounts.models import BodyKind, UserKind
from regeling.audit import log as audit
from regeling.budgets.models import Budget
from regeling.core.charts import svg_response, svg_without_script

from . import exports
from .tables import MONEY, NOT_ADDITIVE, TOTAL, Table, body_tables, national_tables

FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.as_xlsx),
}
CHARTS = ("applications", "amounts")


def _national_or_403(user) -> None:
    if user.kind not in (UserKind.NATIONAL, UserKind.ADMINISTRATOR):
        raise PermissionDenied(_("These figures are for the ministry's analysts."))


def _body_or_403(user) -> None:
    if not user.is_assessor:
        raise PermissionDenied(_("These figures are for the staff of an employer body."))


def _scope(request, scope: str):
    if scope == "national":
        _national_or_403(request.user)
        return national_tables(), _("All employer bodies"), True
    _body_or_403(request.user)
    return body_tables(request.user.body_id), request.user.body.name, False


def _chosen_year(request, tables: list[Table]):
    years = tables[0].years
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return TOTAL
    return year if year in years else TOTAL


def _view_rows(table: Table, year) -> list[dict]:
    """For the page: one row per column of the table (office, version ...), the figures across."""
    rows, grouped = [], any(column.group for column in table.columns)
    for column in table.columns:
        cell = table.cell(year, column)
        values = [
            {"value": None if cell.suppressed else cell.values.get(name), "money": name in MONEY}
            for name, _label in table.figures
        ]
        rows.append(
            {
                "label": column.label,
                "subtotal": column.is_total or (grouped and not column.group),
                "suppressed": cell.suppressed,
                "values": values,
            }
        )
    return rows


def _budget_rows(body) -> list[dict]:
    """The body's budget per year against its share of the national contribution (even spread; docs/rules.md)."""
    share = (
        settings.NATIONAL_CONTRIBUTION_CENTS // settings.NATIONAL_CONTRIBUTION_BODIES
        if body.kind != BodyKind.WATER_BOARD
        else None
    )
    return [
        {
            "year": budget.year,
            "budget": budget.budget_cents,
            "used": budget.used_cents,
            "committed": budget.committed_cents,
            "settled": budget.settled_cents,
            "paid": budget.paid_cents,
            "remaining": budget.available_cents if budget.is_set else None,
            "share": share,
            "used_of_share": round(100 * budget.used_cents / share) if share else None,
        }
        for budget in Budget.objects.filter(body=body).order_by("-year")
    ]


def _page(request, scope: str):
    tables, label, protected = _scope(request, scope)
    year = _chosen_year(request, tables)
    audit.record("figures.viewed", request=request, scope=scope, year=str(year))
    return render(
        request,
        "figures/figures.html",
        {
            "scope": scope,
            "scope_label": label,
            "protected": protected,
            "note": exports.suppression_note() if protected else "",
            "year": year,
            "years": tables[0].years,
            "tables": [
                {"table": table, "headers": [label for _name, label in table.figures], "rows": _view_rows(table, year)}
                for table in tables
            ],
            "not_additive": NOT_ADDITIVE,
            "budget_rows": _budget_rows(request.user.body) if scope == "body" else [],
            "national_contribution_cents": settings.NATIONAL_CONTRIBUTION_CENTS,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def national(request):
    return _page(request, "national")


@login_required
@require_GET
def body(request):
    return _page(request, "body")


def _download(request, scope: str, file_format: str):
    tables, label, protected = _scope(request, scope)
    audit.record("figures.downloaded", request=request, scope=scope, format=file_format)
    stamp = timezone.localdate().isoformat()
    if file_format == "json":
        content, content_type = exports.as_json_bytes(tables, scope=label, protected=protected), "application/json"
    elif file_format in FORMATS:
        content_type, export = FORMATS[file_format]
        content = export(tables, protected=protected)
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    # A name without a body's name: the file may travel.
    response["Content-Disposition"] = f'attachment; filename="cijfers-{scope}-{stamp}.{file_format}"'
    return response


@login_required
@require_GET
def national_download(request, file_format):
    return _download(request, "national", file_format)


@login_required
@require_GET
def body_download(request, file_format):
    return _download(request, "body", file_format)


def chart_svg(tables: list[Table], chart: str) -> bytes:
    """Per year, from the totals: applications received and decided, or amounts granted, settled and paid."""
    table = tables[0]
    total = next(column for column in table.columns if column.is_total)
    cells = [table.cell(year, total) for year in table.years]

    def series(name):
        return [
            None if cell.suppressed else (cell.values[name] / 100 if name in MONEY else cell.values[name])
            for cell in cells
        ]

    bar = pygal.Bar(js=[], width=720, height=320, legend_at_bottom=True, print_values=False)
    bar.x_labels = [str(year) for year in table.years]
    if chart == "applications":
        bar.title = _("Applications per year of receipt")
        for name, label in (
            ("received", _("received")),
            ("decided", _("decided")),
            ("granted", _("granted (fully or partly)")),
        ):
            bar.add(str(label), series(name))
    else:
        bar.title = _("Amounts per year of receipt (euros)")
        for name, label in (
            ("granted_cents", _("granted")),
            ("settled_cents", _("settled")),
            ("paid_cents", _("paid")),
        ):
            bar.add(str(label), series(name))
    return svg_without_script(bar)


def _chart(request, scope: str, chart: str):
    if chart not in CHARTS:
        raise Http404
    tables, _label, _protected = _scope(request, scope)
    audit.record("figures.chart_viewed", request=request, scope=scope, chart=chart)
    return svg_response(chart_svg(tables, chart))  # strict CSP: hashed <style>, no inline style


@login_required
@require_GET
def national_chart(request, chart):
    return _chart(request, "national", chart)


@login_required
@require_GET
def body_chart(request, chart):
    return _chart(request, "body", chart)
