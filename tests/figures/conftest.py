from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from regeling.accounts.models import BodyKind, Office, UserKind
from regeling.applications.states import Outcome
from tests.factories import ApplicationFactory, OfficeholderFactory, OrganisationFactory, UserFactory
from tests.helpers import sign_in


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read the English message ids: the Dutch catalogue may reword a message without breaking a test."""
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(db):
    def make(user):
        return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)

    return make


@pytest.fixture
def analyst(db):
    return UserFactory(kind=UserKind.NATIONAL, email="analist@minbzk.example.nl")


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


@pytest.fixture
def nation(db):
    """Three municipalities with six aldermen each (published), and one province with two executives
    (a small cell that must be suppressed)."""
    municipalities = [OrganisationFactory(name=f"Gemeente Cijferstad{n}") for n in range(3)]
    for body in municipalities:
        for n in range(6):
            holder = OfficeholderFactory(organisation=body, office=Office.ALDERMAN, last_name=f"Wethouder{body.pk}-{n}")
            decided(holder, days=20 + n * 7)
    province = OrganisationFactory(name="Provincie Kleinland", kind=BodyKind.PROVINCE)
    for n in range(2):
        holder = OfficeholderFactory(
            organisation=province, office=Office.PROVINCIAL_EXECUTIVE, last_name=f"Gedeputeerde{n}"
        )
        decided(holder, days=40, cents=240_000)
    return municipalities, province
