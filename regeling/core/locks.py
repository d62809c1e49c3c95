"""Transaction-scoped locks on things that have no row of their own, such as a residence.

Two assessors deciding two applications for the same home must not both pass the
EUR 2,400 cap: the decision services take this lock after locking their own
application and before adding up what else counts for the home. A PostgreSQL
advisory lock is released at commit or rollback. SQLite admits one writer at a
time, so there it needs no lock.
"""

import hashlib

from django.db import connection


def lock_residence(residence_key: str) -> None:
    """Wait until no other transaction holds this residence, then hold it until this one ends."""
    if not residence_key or connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(f"residence|{residence_key}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
