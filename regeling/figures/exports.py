"""The figures as downloads: CSV, XLSX (tablib) and JSON. A suppressed cell is empty (null in JSON)
and marked, and the note on suppression travels with every file."""

import json

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from .tables import MONEY, TOTAL, Table


def suppression_note() -> str:
    return _(
        "Cells that rest on fewer than %(officeholders)d officeholders or fewer than %(bodies)d employer bodies "
        "are suppressed, and so are the cells from which they could be worked out (secondary suppression)."
    ) % {"officeholders": settings.FIGURES_MIN_OFFICEHOLDERS, "bodies": settings.FIGURES_MIN_BODIES}


def display(figure: str, value):
    """Euros for amounts (cents inside), the number itself otherwise."""
    if value is None:
        return None
    return round(value / 100, 2) if figure in MONEY else value


def _year(year) -> str:
    return _("all years") if year == TOTAL else str(year)


def as_json(tables: list[Table], *, scope: str, protected: bool) -> dict:
    return {
        "scope": scope,
        "note": suppression_note() if protected else "",
        "amounts": "EUR",
        "tables": [
            {
                "table": table.slug,
                "title": table.title,
                "unit": table.unit,
                "figures": [name for name, _label in table.figures],
                "columns": [
                    {
                        "key": list(column.key) if column.key != TOTAL else TOTAL,
                        "label": column.label,
                        "group": column.group,
                        "total": column.is_total,
                    }  # fmt: skip
                    for column in table.columns
                ],
                "rows": [
                    {
                        "year": year,
                        "cells": [
                            {
                                "suppressed": bool(cell.suppressed),
                                **{
                                    name: None if cell.suppressed else display(name, cell.values.get(name))
                                    for name, _label in table.figures
                                },
                            }
                            for _column, cell in cells
                        ],
                    }
                    for year, cells in table.rows()
                ],
            }
            for table in tables
        ],
    }


def as_dataset(tables: list[Table], *, protected: bool) -> tablib.Dataset:
    """One row per table, year and column: the long format that both a spreadsheet and R read."""
    figures = list(dict.fromkeys(name for table in tables for name, _label in table.figures))
    labels = {name: str(label) for table in tables for name, label in table.figures}
    dataset = tablib.Dataset(
        headers=[_("table"), _("year"), _("column"), _("suppressed"), *(labels[name] for name in figures)]
    )
    for table in tables:
        for year, cells in table.rows():
            for column, cell in cells:
                values = [
                    "" if cell.suppressed or name not in cell.values or cell.values[name] is None
                    else display(name, cell.values[name])
                    for name in figures
                ]  # fmt: skip
                dataset.append([table.title, _year(year), column.label, _("yes") if cell.suppressed else "", *values])
    if protected:
        dataset.append([suppression_note(), "", "", "", *([""] * len(figures))])
    return dataset


def as_csv(tables, *, protected: bool) -> bytes:
    # Semicolons and a BOM: what Excel on a Dutch machine opens without a wizard.
    return ("\ufeff" + as_dataset(tables, protected=protected).export("csv", delimiter=";")).encode("utf-8")


def as_xlsx(tables, *, protected: bool) -> bytes:
    return as_dataset(tables, protected=protected).export("xlsx")


def as_json_bytes(tables, *, scope: str, protected: bool) -> bytes:
    return json.dumps(as_json(tables, scope=scope, protected=protected), ensure_ascii=False, indent=1).encode()
