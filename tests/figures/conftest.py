import pytest
from django.test import Client

from regeling.accounts.models import BodyKind, Office, UserKind
from tests.factories import BodyFactory, OfficeholderFactory, UserFactory
from tests.figures.helpers import decided
from tests.helpers import sign_in


@pytest.fixture(autouse=True)
def _in_english(english_messages):
    """Every test here reads the English message ids (tests/conftest.py)."""


@pytest.fixture
def as_user(db):
    def make(user):
        return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)

    return make


@pytest.fixture
def analyst(db):
    return UserFactory(kind=UserKind.NATIONAL, email="analist@minbzk.example.nl")


@pytest.fixture
def nation(db):
    """Three municipalities with six aldermen each (published), and one province with two executives
    (a small cell that must be suppressed)."""
    municipalities = [BodyFactory(name=f"Gemeente Cijferstad{n}") for n in range(3)]
    for body in municipalities:
        for n in range(6):
            holder = OfficeholderFactory(body=body, office=Office.ALDERMAN, last_name=f"Wethouder{body.pk}-{n}")
            decided(holder, days=20 + n * 7)
    province = BodyFactory(name="Provincie Kleinland", kind=BodyKind.PROVINCE)
    for n in range(2):
        holder = OfficeholderFactory(body=province, office=Office.PROVINCIAL_EXECUTIVE, last_name=f"Gedeputeerde{n}")
        decided(holder, days=40, cents=240_000)
    return municipalities, province
