"""Database conflicts that are nobody's fault: a deadlock or a serialization failure.

PostgreSQL ends one of the transactions involved; the service runs again from the
start (a few times, after a short random pause), and if the conflict persists the
user sees the calm 409 page ("try again"), never a 500. docs/locking.md lists the
lock order that keeps these rare.
"""

import functools
import random
import time

from django.db import OperationalError, connection

RETRY_ATTEMPTS = 4
# SQLSTATE 40P01 deadlock_detected, 40001 serialization_failure.
_CONFLICT_STATES = {"40P01", "40001"}


def is_conflict(exc: BaseException) -> bool:
    cause = exc.__cause__ if isinstance(exc, OperationalError) else None
    return getattr(cause, "sqlstate", None) in _CONFLICT_STATES


def retry_on_conflict(service):
    """Run `service` again when its transaction lost a deadlock or serialization conflict.

    Only when it is the outermost transaction: inside a caller's transaction the
    conflict has already spoiled the caller's work, so it goes up unchanged.
    """

    @functools.wraps(service)
    def run(*args, **kwargs):
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            outermost = not connection.in_atomic_block
            try:
                return service(*args, **kwargs)
            except OperationalError as exc:
                if not (outermost and is_conflict(exc)) or attempt == RETRY_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.005, 0.05) * attempt)  # noqa: S311 - jitter, not a secret
        raise AssertionError("unreachable")

    return run
