"""Recording audit events. Call `record` for every change and every read of sensitive data."""

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS = "0" * 64
_LOCK_KEY = 7_201_431  # PostgreSQL advisory lock that serialises appends to the chain


def client_ip(request) -> str | None:
    """The client's address as Django sees it (the trusted proxy middleware sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(action: str, *, actor=None, obj=None, result: str = "ok", request=None, **detail) -> AuditEvent:
    """Append one event to the chain. `obj` is named by its public id, never by personal data."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "public_id", getattr(obj, "pk", ""))) if obj is not None else "",
            result=result,
            client_ip=client_ip(request),
            detail=detail,
            previous_hash=last or GENESIS,
        )
        event.hash = event.compute_hash()
        event.save()
    return event
