"""Recording audit events. Call `record` for every change and every read of sensitive data.

Each event is appended to the hash chain and also written as one log line
(logger "regeling.audit") for a SIEM; text from requests is stripped of control
characters first, so neither the row nor the line can be forged with newlines.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone

from regeling.core.logging import escape_control

from .models import AuditEvent

GENESIS = "0" * 64
_LOCK_KEY = 7_201_431  # PostgreSQL advisory lock that serialises appends to the chain
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


def _lock_chain() -> str:
    """Serialise appends (PostgreSQL; SQLite writes one at a time anyway) and return the chain's last hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    return AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS


def record(action: str, *, actor=None, obj=None, result: str = "ok", request=None, **detail) -> AuditEvent:
    """Append one event to the chain. `obj` is named by its public id, never by personal data."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    with transaction.atomic():
        last = _lock_chain()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            action=sanitise(action)[:60],
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "public_id", getattr(obj, "pk", ""))) if obj is not None else "",
            result=sanitise(result)[:20],
            client_ip=client_ip(request),
            detail=sanitise(detail),
            previous_hash=last,
        )
        event.hash = event.compute_hash()
        event.save()
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
    """Append one event per object under a single lock: an import of thousands of rows audits each row
    without taking the chain's lock thousands of times. Same chain, same hashes as `record`."""
    objects = list(objects)
    if not objects:
        return 0
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    with transaction.atomic():
        previous = _lock_chain()
        events, at, clean = [], timezone.now(), sanitise(detail)
        for obj in objects:
            event = AuditEvent(
                at=at,
                actor=actor,
                action=sanitise(action)[:60],
                object_type=type(obj).__name__,
                object_id=str(getattr(obj, "public_id", obj.pk)),
                client_ip=client_ip(request),
                detail=clean,
                previous_hash=previous,
            )
            event.hash = previous = event.compute_hash()
            events.append(event)
        AuditEvent.objects.bulk_create(events)
    log.info("audit action=%s actor=%s objects=%d result=ok", action, getattr(actor, "pk", None) or "-", len(events))
    return len(events)
