"""Figures that change on a date (an indexed tariff): a table of (date it applies from, value)."""

from datetime import date


def value_on(table, on: date) -> int | None:
    """The value of the latest row that has started on `on`; None when none has."""
    started = [(since, value) for since, value in table if since <= on]
    return max(started)[1] if started else None
