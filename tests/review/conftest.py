import pytest
from django.test import Client

from regeling.accounts.models import UserKind
from tests.factories import AssessorFactory, OrganisationFactory
from tests.helpers import sign_in


@pytest.fixture
def other_body(db):
    return OrganisationFactory(name="Gemeente Elders")


@pytest.fixture
def foreign_assessor(other_body):
    return AssessorFactory(organisation=other_body, first_name="Frank")


@pytest.fixture
def coordinator(body):
    return AssessorFactory(organisation=body, kind=UserKind.COORDINATOR, first_name="Cor")


@pytest.fixture
def as_user(db):
    """A signed-in test client for a user: `as_user(assessor).get(...)`."""

    def make(user):
        return sign_in(Client(), user)

    return make
