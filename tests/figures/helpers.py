"""Decided cases for the figures, dated as the figures need them."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from regeling.applications.states import Outcome
from tests.factories import ApplicationFactory


def decided(applicant, *, received=date(2022, 3, 1), days=30, outcome=Outcome.GRANT, cents=100_000, **fields):
    """A decided application taken through the services, dated as received and decided on the given days."""
    return ApplicationFactory(
        applicant=applicant,
        decided=True,
        decision=outcome,
        received_on=received,
        submitted_at=timezone.make_aware(datetime.combine(received, time(10))),
        decided_at=timezone.make_aware(datetime.combine(received + timedelta(days=days), time(12))),
        lines=[cents],
        **fields,
    )
