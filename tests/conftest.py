"""Fixtures every test folder uses. Helpers that are not fixtures live in tests/helpers.py."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import (
    ApplicationFactory,
    AssessorFactory,
    CoordinatorFactory,
    OfficeholderFactory,
    OrganisationFactory,
)
from tests.helpers import sign_in


@pytest.fixture
def body(db):
    return OrganisationFactory(name="Gemeente Teststad")


@pytest.fixture
def officeholder(body):
    return OfficeholderFactory(organisation=body, first_name="Wim", last_name="de Wethouder")


@pytest.fixture
def assessor(body):
    return AssessorFactory(organisation=body)


@pytest.fixture
def second_assessor(body):
    return AssessorFactory(organisation=body, first_name="Tom")


@pytest.fixture
def submitted_application(officeholder):
    return ApplicationFactory(applicant=officeholder, submitted=True)


@pytest.fixture
def other_body(db):
    return OrganisationFactory(name="Gemeente Elders")


@pytest.fixture
def foreign_assessor(other_body):
    return AssessorFactory(organisation=other_body, first_name="Frank")


@pytest.fixture
def coordinator(body):
    return CoordinatorFactory(organisation=body)


@pytest.fixture
def as_user(db):
    """A signed-in test client for a user: `as_user(assessor).get(...)`."""

    def make(user):
        return sign_in(Client(), user)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters kept in the cache (aggregated audit of refusals) start at zero in every test."""
    cache.clear()
