"""The scheme's figures as tables: per year (rows) against office, scheme version, measure type,
reason code and objection outcome (columns), each with its totals. Nothing personal leaves here:
a cell holds counts, sums and durations, plus how many officeholders and bodies it rests on (used
for suppression, never shown).

The national tables cover every body, with small-cell protection (suppression.py); a body's own
tables cover that body only and are shown in full. There is no breakdown by body: the finest
national grouping is the body kind.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import BodyKind, Office
from regeling.applications.models import Application, MeasureLine
from regeling.applications.states import Outcome
from regeling.objections.models import Objection
from regeling.objections.states import ObjectionOutcome, ObjectionStatus
from regeling.schemes.reasons import Reason
from regeling.schemes.rules import ELIGIBLE_OFFICES
from regeling.schemes.versions import Measure, SchemeVersion

from .suppression import Cell, Relation, suppress

TOTAL = "*"
# Figures that add up over rows and columns, and those that do not (shown, but never summed).
APPLICATION_FIGURES = (
    ("received", _("received")),
    ("decided", _("decided")),
    ("granted", _("granted (fully or partly)")),
    ("refused", _("refused")),
    ("not_processed", _("not processed")),
    ("objections", _("objections")),
    ("granted_cents", _("amount granted")),
    ("settled_cents", _("amount settled")),
    ("paid_cents", _("amount paid")),
    ("in_time_percent", _("decided in time (%)")),
    ("median_days", _("median days to decision")),
    ("p90_days", _("90th percentile days to decision")),
)
LINE_FIGURES = (
    ("lines", _("measures requested")),
    ("lines_granted", _("measures granted")),
    ("requested_cents", _("amount requested")),
    ("granted_cents", _("amount granted")),
    ("settled_cents", _("amount settled")),
)
REASON_FIGURES = (("lines", _("measures refused (fully or partly)")), ("not_granted_cents", _("amount not granted")))
OBJECTION_FIGURES = (("objections", _("objections")),)
MONEY = frozenset({"granted_cents", "settled_cents", "paid_cents", "requested_cents", "not_granted_cents"})
NOT_ADDITIVE = frozenset({"in_time_percent", "median_days", "p90_days"})


@dataclass
class Column:
    key: tuple
    label: str
    group: str = ""  # a body kind's subtotal column sums the columns of its group
    is_total: bool = False


@dataclass
class Table:
    slug: str
    title: str
    unit: str
    figures: tuple
    columns: list[Column]
    years: list
    cells: dict = field(default_factory=dict)

    def cell(self, year, column: Column) -> Cell:
        return self.cells[(self.unit, year, column.key)]

    def rows(self):
        """(year or TOTAL, [(column, cell)]) in display order, the total row last."""
        for year in [*self.years, TOTAL]:
            yield year, [(column, self.cell(year, column)) for column in self.columns]


# -- the facts, read once ---------------------------------------------------------------------
@dataclass(frozen=True)
class Fact:
    """One application, reduced to what the figures need. No name, address or amount per person leaves."""

    pk: int
    applicant: int
    body: int
    body_kind: str
    office: str
    version: str
    year: int
    outcome: str
    decided_on: date | None
    due_on: date | None
    days: int | None
    objection: bool
    objection_outcome: str
    paid: bool
    received_on: date


@dataclass(frozen=True)
class LineFact:
    application: Fact
    measure: str
    requested: int
    granted: int | None
    settled: int | None
    reason: str


def read_facts(body_id: int | None = None) -> tuple[list[Fact], list[LineFact]]:
    """Every received application (drafts have no receipt) and its lines, in two queries."""
    applications = Application.objects.filter(received_on__isnull=False)
    if body_id is not None:
        applications = applications.filter(body_id=body_id)
    # The outcome of the case's newest decided objection (Awb 7:11), as the objection procedure records it.
    decided_objections = Objection.objects.filter(application=OuterRef("pk"), status=ObjectionStatus.DECIDED)
    applications = applications.annotate(
        newest_objection_outcome=Subquery(decided_objections.order_by("-decided_at", "-pk").values("outcome")[:1])
    )
    facts = {}
    for row in applications.values(
        "pk",
        "applicant_id",
        "body_id",
        "body__kind",
        "office",
        "scheme_version",
        "received_on",
        "outcome",
        "decided_at",
        "decision_due_on",
        "objection_lodged_at",
        "newest_objection_outcome",
        "paid_at",
    ).iterator():
        decided_on = timezone.localdate(row["decided_at"]) if row["decided_at"] else None
        facts[row["pk"]] = Fact(
            pk=row["pk"],
            applicant=row["applicant_id"],
            body=row["body_id"],
            body_kind=row["body__kind"],
            office=row["office"],
            version=row["scheme_version"],
            year=row["received_on"].year,
            outcome=row["outcome"] if decided_on else "",
            decided_on=decided_on,
            due_on=row["decision_due_on"],
            days=(decided_on - row["received_on"]).days if decided_on else None,
            objection=row["objection_lodged_at"] is not None,
            objection_outcome=row["newest_objection_outcome"] or "",
            paid=row["paid_at"] is not None,
            received_on=row["received_on"],
        )
    lines = [
        LineFact(facts[row["application_id"]], row["measure"], row["requested_cents"], *rest)
        for row in MeasureLine.objects.filter(application_id__in=list(facts)).values(
            "application_id", "measure", "requested_cents", "granted_cents", "settled_cents", "reason_code"
        )
        for rest in [(row["granted_cents"], row["settled_cents"], row["reason_code"])]
    ]
    return list(facts.values()), lines


# -- building the tables ------------------------------------------------------------------------
def _percentile(values: list[int], share: float) -> int | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, -(-int(share * 100) * len(ordered) // 100) - 1)]


def _application_values(facts: list[Fact], line_sums: dict) -> dict:
    decided = [fact for fact in facts if fact.decided_on]
    in_time = [fact for fact in decided if fact.due_on and fact.decided_on <= fact.due_on]
    days = [fact.days for fact in decided]
    granted = sum(line_sums.get(fact.pk, (0, 0))[0] for fact in facts)
    settled = sum(line_sums.get(fact.pk, (0, 0))[1] for fact in facts)
    paid = sum(line_sums.get(fact.pk, (0, 0))[1] for fact in facts if fact.paid)
    return {
        "received": len(facts),
        "decided": len(decided),
        "granted": sum(fact.outcome in (Outcome.GRANT, Outcome.PARTIAL) for fact in decided),
        "refused": sum(fact.outcome == Outcome.REFUSE for fact in decided),
        "not_processed": sum(fact.outcome == Outcome.NOT_PROCESSED for fact in decided),
        "objections": sum(fact.objection for fact in facts),
        "granted_cents": granted,
        "settled_cents": settled,
        "paid_cents": paid,
        "in_time_percent": round(100 * len(in_time) / len(decided)) if decided else None,
        "median_days": round(statistics.median(days)) if days else None,
        "p90_days": _percentile(days, 0.9),
    }


def _line_values(lines: list[LineFact]) -> dict:
    return {
        "lines": len(lines),
        "lines_granted": sum(1 for line in lines if line.granted),
        "requested_cents": sum(line.requested for line in lines),
        "granted_cents": sum(line.granted or 0 for line in lines),
        "settled_cents": sum(line.settled or 0 for line in lines),
    }


def _reason_values(lines: list[LineFact]) -> dict:
    return {"lines": len(lines), "not_granted_cents": sum(line.requested - (line.granted or 0) for line in lines)}


def _objection_values(facts: list[Fact]) -> dict:
    return {"objections": len(facts)}


def _fill(table: Table, items: list, fact_of, column_of, values_of) -> None:
    """Every cell of the table from the items (applications or lines) that fall in it."""
    groups = defaultdict(list)
    for item in items:
        column = column_of(item)
        fact = fact_of(item)
        for year in (fact.year, TOTAL):
            for key in column:
                groups[(year, key)].append(item)
    for year in [*table.years, TOTAL]:
        for column in table.columns:
            members = groups.get((year, column.key), [])
            table.cells[(table.unit, year, column.key)] = Cell(
                key=(table.unit, year, column.key),
                officeholders=len({fact_of(item).applicant for item in members}),
                bodies=len({fact_of(item).body for item in members}),
                values=values_of(members),
            )


def _office_columns(facts: list[Fact]) -> list[Column]:
    present = {(fact.body_kind, fact.office) for fact in facts}
    columns = []
    for kind in BodyKind:
        offices = sorted({*ELIGIBLE_OFFICES[kind], *(office for k, office in present if k == kind)})
        columns += [
            Column(("office", kind.value, office), str(Office(office).label), group=kind.value) for office in offices
        ]
        columns.append(Column(("kind", kind.value), str(kind.label)))
    columns.append(Column(TOTAL, str(_("total")), is_total=True))
    return columns


def _choice_columns(prefix: str, choices) -> list[Column]:
    return [Column((prefix, value), str(label)) for value, label in choices] + [
        Column(TOTAL, str(_("total")), is_total=True)
    ]


def build_tables(facts: list[Fact], lines: list[LineFact]) -> list[Table]:
    years = sorted({fact.year for fact in facts})
    line_sums = defaultdict(lambda: [0, 0])
    for line in lines:
        sums = line_sums[line.application.pk]
        sums[0] += line.granted or 0
        sums[1] += line.settled or 0
    office = Table(
        "office",
        str(_("Applications by body kind and office")),
        "applications",
        APPLICATION_FIGURES,
        _office_columns(facts),
        years,
    )
    version = Table(
        "version",
        str(_("Applications by scheme version")),
        "applications",
        APPLICATION_FIGURES,
        _choice_columns("version", SchemeVersion.choices),
        years,
    )
    measure = Table(
        "measure", str(_("Measures by type")), "lines", LINE_FIGURES, _choice_columns("measure", Measure.choices), years
    )
    reason = Table(
        "reason",
        str(_("Refusals by reason code")),
        "reasons",
        REASON_FIGURES,
        _choice_columns("reason", Reason.choices),
        years,
    )
    objection = Table(
        "objection",
        str(_("Objections by outcome")),
        "objections",
        OBJECTION_FIGURES,
        _choice_columns("objection", [*ObjectionOutcome.choices, ("", _("not decided yet"))]),
        years,
    )
    app_values = lambda members: _application_values(members, line_sums)  # noqa: E731
    _fill(
        office,
        facts,
        lambda fact: fact,
        lambda fact: [("office", fact.body_kind, fact.office), ("kind", fact.body_kind), TOTAL],
        app_values,
    )
    _fill(version, facts, lambda fact: fact, lambda fact: [("version", fact.version), TOTAL], app_values)
    _fill(measure, lines, lambda line: line.application, lambda line: [("measure", line.measure), TOTAL], _line_values)
    refused = [line for line in lines if line.reason]
    _fill(reason, refused, lambda line: line.application, lambda line: [("reason", line.reason), TOTAL], _reason_values)
    objected = [fact for fact in facts if fact.objection]
    _fill(
        objection,
        objected,
        lambda fact: fact,
        lambda fact: [("objection", fact.objection_outcome), TOTAL],
        _objection_values,
    )
    tables = [office, version, measure, reason, objection]
    # One store: tables of one unit share their total column, so a cell hidden in one is hidden in all.
    shared = {key: cell for table in tables for key, cell in table.cells.items()}
    for table in tables:
        table.cells = shared
    return tables


def relations(tables: list[Table]) -> list[Relation]:
    """Every additive relation the published tables hold: a row's parts sum to its subtotals and total,
    and a column's years sum to its total row. Tables of one unit share their total column."""
    result = set()
    for table in tables:
        parts = [column for column in table.columns if not column.is_total and column.group]
        subtotals = [column for column in table.columns if not column.is_total and not column.group]
        for year in [*table.years, TOTAL]:
            key = lambda column, year=year, unit=table.unit: (unit, year, column.key)  # noqa: E731
            for subtotal in subtotals:
                members = [key(column) for column in parts if column.group == subtotal.key[1]]
                if members:
                    result.add(Relation(key(subtotal), tuple(members)))
            result.add(Relation((table.unit, year, TOTAL), tuple(key(column) for column in subtotals)))
        for column in table.columns:
            result.add(
                Relation((table.unit, TOTAL, column.key), tuple((table.unit, year, column.key) for year in table.years))
            )
    return sorted(result, key=str)


def protect(tables: list[Table]) -> None:
    """Apply small-cell protection over all tables together (they share totals)."""
    suppress(
        tables[0].cells,
        relations(tables),
        threshold=settings.FIGURES_MIN_OFFICEHOLDERS,
        min_bodies=settings.FIGURES_MIN_BODIES,
    )


def national_tables() -> list[Table]:
    tables = build_tables(*read_facts())
    protect(tables)
    return tables


def body_tables(body_id: int) -> list[Table]:
    return build_tables(*read_facts(body_id))
