"""The term for deciding on an objection, as plain functions of dates (Awb 7:10, Atw).

- Six weeks, twelve with an advisory committee (7:13), counted from the day after
  the objection term (6:7, 6:8) ended (7:10(1)).
- Suspended from the day after a request to repair a defect (6:6) until it was
  repaired or the repair deadline passed unused (7:10(2)).
- Extended once by at most six weeks, with a letter (7:10(3)).
- A term ending on a Saturday, Sunday or public holiday ends on the next working
  day (Algemene termijnenwet art. 1).

Reading (docs/rules.md): a late objection has no term left to count from, so its
term starts the day after receipt; an early objection (6:10, the contested letter
not yet sent) counts as if the letter was sent on the day of receipt.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from regeling.applications.deadlines import Suspension, next_working_day_from, objection_term_ends

TERM = timedelta(weeks=6)
TERM_WITH_COMMITTEE = timedelta(weeks=12)
EXTENSION = timedelta(weeks=6)


def term_start(objection_term_ended: date | None, received_on: date) -> date:
    """The day the 7:10 term counts from (the day after this date)."""
    if objection_term_ended is None:
        return objection_term_ends(received_on)
    return max(objection_term_ended, received_on)


def decision_due(
    objection_term_ended: date | None,
    received_on: date,
    *,
    committee: bool = False,
    suspensions: Iterable[Suspension] = (),
    extended: bool = False,
) -> date:
    """The last day for the decision on the objection."""
    start = term_start(objection_term_ended, received_on)
    term = TERM_WITH_COMMITTEE if committee else TERM
    suspended = timedelta(days=sum(suspension.days for suspension in suspensions))
    return next_working_day_from(start + term + suspended + (EXTENSION if extended else timedelta(0)))


def is_late(objection_term_ended: date | None, received_on: date) -> bool:
    """Lodged after the term of 6:7/6:8 (an objection before the term started is not late, 6:10)."""
    return objection_term_ended is not None and received_on > objection_term_ended
