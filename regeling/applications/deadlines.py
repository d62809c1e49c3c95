"""Legal deadlines of the procedure, as plain functions of dates (Awb, Atw).

- Decision due: receipt + 8 weeks (Awb 4:13), plus days suspended by
  information requests (4:15(1)(a)), moved to the next working day (Atw art. 1);
  or a later date announced in time (4:14(3)), which already includes what
  was suspended before it was announced; a request made after the announcement
  suspends the extended term too (4:15 with 4:14(3)).
- Not-processed decision: within 4 weeks after the completion deadline lapsed (4:5(4)).
- Objection term: 6 weeks from the day after sending (6:7, 6:8); a term that
  ends on a Saturday, Sunday or public holiday ends on the next working day
  (Algemene termijnenwet art. 1).
- Penalty for late decision (dwangsom, 4:17): from two weeks after the notice
  of default, EUR 23/35/45 a day in blocks of 14 days, 42 days at most.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

DECISION_TERM = timedelta(weeks=8)
NOT_PROCESSED_TERM = timedelta(weeks=4)
OBJECTION_TERM = timedelta(weeks=6)
DEFAULT_NOTICE_GRACE = timedelta(weeks=2)
# Awb 4:87(1): a payment fixed by a decision is made within six weeks of that decision.
PAYMENT_TERM = timedelta(weeks=6)
# Awb 4:17(2): cents per day for days 1-14, 15-28 and 29-42.
PENALTY_CENTS_PER_DAY = (2_300, 3_500, 4_500)
PENALTY_MAX_DAYS = 42


@cache
def _atw_holidays(year: int) -> frozenset[date]:
    """Public holidays of the Algemene termijnenwet (art. 3) in one year.

    The Atw list differs from the general Dutch calendar: Good Friday is not on
    it and Liberation Day (5 May) is, every year.
    """
    # Names in a fixed language: the library's default language may change.
    calendar = holidays.NL(years=year, language="en_US")
    days = {day for day, name in calendar.items() if name != "Good Friday"}
    days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _atw_holidays(day.year)


def next_working_day_from(day: date) -> date:
    """The day itself if it is a working day, otherwise the first working day after it (Atw art. 1)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Suspension:
    """An information request: the term is suspended from the day after `requested_on`
    until it was completed or its deadline passed, whichever came first (4:15(1)(a))."""

    requested_on: date
    deadline: date
    completed_on: date | None = None

    @property
    def days(self) -> int:
        end = min(self.completed_on, self.deadline) if self.completed_on else self.deadline
        return max(0, (end - self.requested_on).days)


def statutory_decision_due(received_on: date, suspensions: Iterable[Suspension] = ()) -> date:
    """Eight weeks after receipt plus the suspended days; a term ending on a weekend or holiday moves (Atw)."""
    suspended = sum(s.days for s in suspensions)
    return next_working_day_from(received_on + DECISION_TERM + timedelta(days=suspended))


def decision_due(
    received_on: date,
    suspensions: Iterable[Suspension] = (),
    extended_until: date | None = None,
    extended_on: date | None = None,
) -> date:
    """The last day for the decision: the statutory term, or the later date announced (4:14(3)).

    The announced date is a date the body chose knowing the suspensions so far, so
    they are not added to it again; it never makes the term shorter. An information
    request made after the day of the announcement suspends the extended term as well
    (4:15(1)(a) applies to "the term", the extended one included): its days are added
    to the announced date, moved to a working day (Atw art. 1).
    """
    suspensions = list(suspensions)
    due = statutory_decision_due(received_on, suspensions)
    if not extended_until or extended_until <= due:
        return due
    if extended_on is None:
        return extended_until
    later = sum(s.days for s in suspensions if s.requested_on > extended_on)
    return next_working_day_from(extended_until + timedelta(days=later)) if later else extended_until


def extension_announced_in_time(received_on: date, announced_on: date, suspensions: Iterable[Suspension] = ()) -> bool:
    """An extension only counts if announced before the statutory term ran out (4:14(3))."""
    return announced_on <= statutory_decision_due(received_on, suspensions)


def not_processed_due(completion_deadline: date) -> date:
    """The decision not to process follows within four weeks after the completion deadline lapsed (4:5(4))."""
    return next_working_day_from(completion_deadline + NOT_PROCESSED_TERM)


def objection_term_ends(sent_on: date) -> date:
    """The last day to object to a letter sent on `sent_on`."""
    return next_working_day_from(sent_on + OBJECTION_TERM)


def days_left(due: date, today: date) -> int:
    """Negative when overdue."""
    return (due - today).days


def penalty_cents(due: date, default_notice_received_on: date | None, today: date) -> int:
    """What the body owes for deciding late, once a notice of default was received (4:17)."""
    # A notice sent before the term ran out is premature and starts nothing.
    if default_notice_received_on is None or default_notice_received_on <= due:
        return 0
    days = min(max(0, (today - (default_notice_received_on + DEFAULT_NOTICE_GRACE)).days), PENALTY_MAX_DAYS)
    total = 0
    for block, rate in enumerate(PENALTY_CENTS_PER_DAY):
        in_block = min(max(0, days - 14 * block), 14)
        total += in_block * rate
    return total
