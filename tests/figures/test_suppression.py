"""Small-cell protection (regeling/figures/suppression.py), on hand-made tables."""

import random

from regeling.figures.suppression import PRIMARY, SECONDARY, Cell, Relation, derivable_cells, suppress


def one_way(counts: dict[str, int]):
    """A row of parts and their total; each officeholder stands for one count."""
    cells = {key: Cell(key, officeholders=value, bodies=9, values={"n": value}) for key, value in counts.items()}
    cells["total"] = Cell("total", officeholders=sum(counts.values()), bodies=9, values={"n": sum(counts.values())})
    return cells, [Relation("total", tuple(counts))]


def test_cell_is_suppressed_when_it_rests_on_fewer_officeholders_than_the_threshold():
    cells, relations = one_way({"a": 4, "b": 20, "c": 30})
    suppress(cells, relations, threshold=5, min_bodies=1)
    assert cells["a"].suppressed == PRIMARY


def test_cell_is_published_when_it_rests_on_the_threshold():
    cells, relations = one_way({"a": 5, "b": 20, "c": 30})
    suppress(cells, relations, threshold=5, min_bodies=1)
    assert not any(cell.suppressed for cell in cells.values())


def test_complementary_cell_is_suppressed_when_one_part_of_a_total_is():
    cells, relations = one_way({"a": 4, "b": 20, "c": 30})
    suppress(cells, relations, threshold=5, min_bodies=1)
    assert cells["b"].suppressed == SECONDARY and not cells["c"].suppressed and not cells["total"].suppressed


def test_cell_of_a_single_body_is_suppressed_whatever_its_size():
    cells, relations = one_way({"a": 40, "b": 20})
    cells["a"].bodies = 1
    suppress(cells, relations, threshold=5, min_bodies=2)
    assert cells["a"].suppressed == PRIMARY


def test_empty_cell_is_not_suppressed_for_its_own_sake():
    cells, relations = one_way({"a": 0, "b": 20, "c": 30})
    suppress(cells, relations, threshold=5, min_bodies=1)
    assert not cells["a"].suppressed


def grid(rows: int, columns: int, rng: random.Random):
    """A table with row and column totals and random small and large cells."""
    cells, relations = {}, []
    for r in range(rows):
        for c in range(columns):
            value = rng.choice([0, 1, 2, 3, 7, 12, 30])
            cells[(r, c)] = Cell((r, c), value, 9, {"n": value})
    for r in range(rows):
        total = sum(cells[(r, c)].officeholders for c in range(columns))
        cells[(r, "T")] = Cell((r, "T"), total, 9, {"n": total})
        relations.append(Relation((r, "T"), tuple((r, c) for c in range(columns))))
    for c in [*range(columns), "T"]:
        total = sum(cells[(r, c)].officeholders for r in range(rows))
        cells[("T", c)] = Cell(("T", c), total, 9, {"n": total})
        relations.append(Relation(("T", c), tuple((r, c) for r in range(rows))))
    relations.append(Relation(("T", "T"), tuple(("T", c) for c in range(columns))))
    return cells, relations


def test_no_suppressed_cell_can_be_derived_when_random_tables_are_protected():
    rng = random.Random(18)
    for _ in range(40):
        cells, relations = grid(rng.randint(2, 5), rng.randint(2, 6), rng)
        suppress(cells, relations, threshold=5, min_bodies=1)
        assert derivable_cells(cells, relations) == []


def test_derivable_cells_finds_a_cell_left_alone_in_its_row():
    cells, relations = one_way({"a": 4, "b": 20})
    cells["a"].suppressed = PRIMARY
    assert derivable_cells(cells, relations) == ["a"]
