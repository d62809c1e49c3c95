"""Someone who downloads the national figures and tries to work out a suppressed cell.

They know what any reader knows: the published numbers and that each table's parts add
up to its subtotals and totals, per row and per column. They first subtract (a total
minus its published parts), then solve all the sums together by Gauss-Jordan
elimination. Written apart from the code under test, on purpose.
"""

from fractions import Fraction

FIGURE = "received"


def equations(published: dict) -> tuple[dict, list]:
    """(known values by cell, equations as lists of (cell, sign)) for one figure of every table."""
    known, found = {}, []
    for table in published["tables"]:
        unit = table["unit"]
        columns = table["columns"]
        figure = FIGURE if FIGURE in table["figures"] else table["figures"][0]
        years = [row["year"] for row in table["rows"]]
        for row in table["rows"]:
            for position, cell in enumerate(row["cells"]):
                name = (unit, row["year"], str(columns[position]["key"]))
                known[name] = None if cell["suppressed"] else cell[figure]

        def name(year, column, unit=unit):
            return (unit, year, str(column["key"]))

        parts = [c for c in columns if c["group"]]
        subtotals = [c for c in columns if not c["group"] and not c["total"]]
        total = next(c for c in columns if c["total"])
        for year in years:
            for subtotal in subtotals:
                members = [c for c in parts if c["group"] == subtotal["key"][1]]
                if members:
                    found.append([(name(year, subtotal), -1), *((name(year, c), 1) for c in members)])
            found.append([(name(year, total), -1), *((name(year, c), 1) for c in subtotals)])
        data_years = [year for year in years if year != "*"]
        for column in columns:
            found.append([(name("*", column), -1), *((name(year, column), 1) for year in data_years)])
    return known, found


def recover(published: dict) -> dict:
    """Every suppressed cell whose value follows from the published figures: {cell: value}."""
    known, found = equations(published)
    unknown = sorted({cell for cell, value in known.items() if value is None}, key=str)
    rows = []
    for equation in found:
        coefficients = {cell: 0 for cell in unknown}
        constant = Fraction(0)
        for cell, sign in equation:
            if known[cell] is None:
                coefficients[cell] += sign
            else:
                constant -= sign * Fraction(known[cell])
        if any(coefficients.values()):
            rows.append([Fraction(coefficients[cell]) for cell in unknown] + [constant])
    recovered, rank = {}, 0
    for column in range(len(unknown)):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        rows[rank] = [value / rows[rank][column] for value in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                rows[r] = [a - rows[r][column] * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    for row in rows[:rank]:
        nonzero = [position for position, value in enumerate(row[:-1]) if value]
        if len(nonzero) == 1:
            recovered[unknown[nonzero[0]]] = row[-1]
    return recovered
