import pytest
from django.test import Client
from django.utils import translation

from regeling.accounts.models import UserKind
from tests.factories import AssessorFactory
from tests.helpers import sign_in


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read the English message ids: the Dutch catalogue may reword a message without breaking a test."""
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(body):
    return AssessorFactory(organisation=body, kind=UserKind.COORDINATOR, first_name="Cora")


@pytest.fixture
def as_user(db):
    def make(user):
        return sign_in(Client(), user)

    return make
