"""Small-cell protection for published tables: primary and secondary suppression. Pure, no database.

A cell is suppressed (primary) when it rests on fewer officeholders than the
threshold, or on fewer bodies than the body threshold: the officeholders are few
and known by name, so even a count could point at one of them. A published total
would give such a cell back by subtraction, so complementary cells are suppressed
too (secondary): every additive relation (a total equals the sum of its parts) is
left with no suppressed cell or with at least two, and then, to close the gaps
that several relations can open together, the whole system of relations is solved
the way an attacker would (exact Gaussian elimination) and one more cell is
suppressed for every cell it could still determine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass
class Cell:
    key: tuple
    officeholders: int
    bodies: int
    values: dict = field(default_factory=dict)
    suppressed: str = ""


@dataclass(frozen=True)
class Relation:
    """`total` is the sum of `parts` for every additive figure."""

    total: tuple
    parts: tuple[tuple, ...]


def suppress(cells: dict[tuple, Cell], relations: list[Relation], *, threshold: int, min_bodies: int) -> None:
    """Mark the cells to hide, in place: primary first, then secondary until nothing can be derived."""
    for cell in cells.values():
        if cell.officeholders and (cell.officeholders < threshold or cell.bodies < min_bodies):
            cell.suppressed = PRIMARY
    while True:
        _close_single_gaps(cells, relations)
        derivable = derivable_cells(cells, relations)
        if not derivable:
            return
        # One more cell in a relation of the first derivable one; then check everything again.
        for relation in relations:
            members = (relation.total, *relation.parts)
            if derivable[0] in members:
                _suppress_one_more(cells, members)
                break


def _close_single_gaps(cells, relations) -> None:
    changed = True
    while changed:
        changed = False
        for relation in relations:
            members = (relation.total, *relation.parts)
            if sum(1 for key in members if cells[key].suppressed) == 1:
                changed = _suppress_one_more(cells, members) or changed


def _suppress_one_more(cells, members) -> bool:
    """Hide the smallest visible part (least information lost); the total only if no part is left."""
    visible = [key for key in members[1:] if not cells[key].suppressed]
    if not visible and not cells[members[0]].suppressed:
        visible = [members[0]]
    if not visible:
        return False
    pick = min(visible, key=lambda key: (cells[key].officeholders == 0, cells[key].officeholders, str(key)))
    cells[pick].suppressed = SECONDARY
    return True


def derivable_cells(cells: dict[tuple, Cell], relations: list[Relation]) -> list[tuple]:
    """The suppressed cells whose value follows exactly from the published cells and the relations.

    Each relation with a suppressed member is an equation in the suppressed cells
    (the published members are known numbers). A cell is determined when its unit
    vector lies in the row space of those equations.
    """
    unknowns = sorted((key for key, cell in cells.items() if cell.suppressed), key=str)
    index = {key: position for position, key in enumerate(unknowns)}
    rows = []
    for relation in relations:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((relation.total, -1), *((part, 1) for part in relation.parts)):
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    if not rows:
        return []
    reduced, pivots = _reduced_row_echelon(rows)
    free = [column for column in range(len(unknowns)) if column not in pivots]
    # x_i is fixed by the equations when it is a pivot whose row involves no free unknown.
    return [
        unknowns[column]
        for row_index, column in enumerate(pivots)
        if all(reduced[row_index][other] == 0 for other in free)
    ]


def _reduced_row_echelon(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    matrix = [list(row) for row in rows]
    pivots, rank = [], 0
    for column in range(len(matrix[0])):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
    return matrix, pivots
