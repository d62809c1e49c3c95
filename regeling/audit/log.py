"""Recording audit events. Call `record` for every change and every read of sensitive data.

Each event is inserted by the caller's transaction, linked into the keyed chain
right after it commits (chain.py), and also written as one log line
(logger "regeling.audit") for a SIEM; text from requests is stripped of control
characters first, so neither the row nor the line can be forged with newlines.
"""

import logging
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from regeling.core.logging import escape_control

from .chain import link_after_commit
from .models import AuditEvent

log = logging.getLogger("regeling.audit")


def client_ip(request) -> str | None:
    """The client's address as Django sees it (the trusted proxy middleware sets REMOTE_ADDR)."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def sanitise(value):
    """Strings with control characters escaped, recursively through lists and dicts."""
    if isinstance(value, str):
        return escape_control(value)
    if isinstance(value, dict):
        return {sanitise(str(key)): sanitise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [sanitise(item) for item in value]
    return value


def _link_after_commit() -> None:
    """One chainer run per transaction, however many events it records."""
    if not any(callback is link_after_commit for _, callback, *_ in connection.run_on_commit):
        transaction.on_commit(link_after_commit)


def record(action: str, *, actor=None, obj=None, result: str = "ok", request=None, **detail) -> AuditEvent:
    """Record one event in the caller's transaction; it is chained after commit. Takes no lock.

    `obj` is named by its public id, never by personal data.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    event = AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        action=sanitise(action)[:60],
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "public_id", getattr(obj, "pk", ""))) if obj is not None else "",
        result=sanitise(result)[:20],
        client_ip=client_ip(request),
        detail=sanitise(detail),
    )
    _link_after_commit()
    log.info(
        "audit action=%s actor=%s object=%s:%s result=%s ip=%s",
        event.action,
        event.actor_id or "-",
        event.object_type or "-",
        event.object_id or "-",
        event.result,
        event.client_ip or "-",
    )
    return event


def record_many(action: str, objects, *, actor=None, request=None, **detail) -> int:
    """Record one event per object in a single insert (an import of thousands of rows audits each
    row without a query per row). Chained after commit like `record`; takes no lock."""
    objects = list(objects)
    if not objects:
        return 0
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    at, clean = timezone.now(), sanitise(detail)
    events = [
        AuditEvent(
            at=at,
            actor=actor,
            action=sanitise(action)[:60],
            object_type=type(obj).__name__,
            object_id=str(getattr(obj, "public_id", obj.pk)),
            client_ip=client_ip(request),
            detail=clean,
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events)
    _link_after_commit()
    log.info("audit action=%s actor=%s objects=%d result=ok", action, getattr(actor, "pk", None) or "-", len(events))
    return len(events)


# A refused look is recorded at the 1st, 10th, 100th, ... time per person (or address) and
# action within this window: a flood of guesses leaves a handful of rows with the count.
DENIED_WINDOW_SECONDS = 600


def record_denied(action: str, *, request=None, actor=None, **detail) -> AuditEvent | None:
    """Record a refused access (result "denied"), aggregated so a flood cannot fill the log."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if request is not None:
        request.audit_denied_recorded = True  # the refusal middleware need not record it again
    who = f"user:{actor.pk}" if actor is not None else f"ip:{client_ip(request) or '-'}"
    key = f"audit-denied:{int(time.time() // DENIED_WINDOW_SECONDS)}:{who}:{action}"
    cache.add(key, 0, DENIED_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        count = 1
    if str(count).rstrip("0") != "1":  # 1, 10, 100, ...
        return None
    return record(action, actor=actor, request=request, result="denied", repeated=count, **detail)
