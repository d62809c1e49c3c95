import pytest
from django.test import Client

from regeling.accounts.models import UserKind
from tests.factories import AssessorFactory
from tests.helpers import sign_in


@pytest.fixture(autouse=True)
def _in_english(english_messages):
    """Every test here reads the English message ids (tests/conftest.py)."""


@pytest.fixture
def coordinator(body):
    return AssessorFactory(body=body, kind=UserKind.COORDINATOR, first_name="Cora")


@pytest.fixture
def as_user(db):
    def make(user):
        return sign_in(Client(), user)

    return make
