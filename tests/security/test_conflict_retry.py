"""A deadlock or serialization failure is retried by the service, then shown as the calm 409 page."""

import psycopg
import pytest
from django.db import OperationalError, transaction
from django.test import RequestFactory
from django.utils import translation

from regeling.core.conflicts import RETRY_ATTEMPTS, retry_on_conflict
from regeling.core.middleware import TransitionRefusedMiddleware


def _conflict(error_class=psycopg.errors.DeadlockDetected) -> OperationalError:
    """The error Django raises when PostgreSQL ended the transaction (the driver's error as its cause)."""
    try:
        try:
            raise error_class("deadlock detected")
        except psycopg.Error as cause:
            raise OperationalError(str(cause)) from cause
    except OperationalError as exc:
        return exc


def _failing(times: int, error=None):
    calls = []

    @retry_on_conflict
    def service():
        calls.append(1)
        if len(calls) <= times:
            raise error or _conflict()
        return "done"

    return service, calls


@pytest.mark.django_db(transaction=True)
def test_service_succeeds_when_a_deadlock_happens_once():
    service, calls = _failing(1)
    assert service() == "done" and len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_service_retried_when_a_serialization_failure_happens():
    service, calls = _failing(2, _conflict(psycopg.errors.SerializationFailure))
    assert service() == "done" and len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_conflict_raised_after_bounded_retries_when_it_persists():
    service, calls = _failing(100)
    with pytest.raises(OperationalError):
        service()
    assert len(calls) == RETRY_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_conflict_not_retried_when_a_caller_holds_the_transaction():
    service, calls = _failing(1)
    with pytest.raises(OperationalError), transaction.atomic():
        service()
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_not_retried_when_raised():
    service, calls = _failing(1, OperationalError("connection refused"))
    with pytest.raises(OperationalError):
        service()
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_friendly_409_page_when_a_conflict_reaches_the_view(rf: RequestFactory):
    request = rf.post("/")
    with translation.override("nl"):
        response = TransitionRefusedMiddleware(lambda r: None).process_exception(request, _conflict())
    assert response.status_code == 409
    assert "Laad de pagina opnieuw" in response.content.decode()
