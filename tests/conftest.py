"""Fixtures every test folder uses. Helpers that are not fixtures live in tests/helpers.py."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from regeling.accounts import mail_outbox
from tests.factories import (
    ApplicationFactory,
    AssessorFactory,
    BodyFactory,
    CoordinatorFactory,
    OfficeholderFactory,
)
from tests.helpers import sign_in


@pytest.fixture
def body(db):
    return BodyFactory(name="Gemeente Teststad")


@pytest.fixture
def officeholder(body):
    return OfficeholderFactory(body=body, first_name="Wim", last_name="de Wethouder")


@pytest.fixture
def assessor(body):
    return AssessorFactory(body=body)


@pytest.fixture
def second_assessor(body):
    return AssessorFactory(body=body, first_name="Tom")


@pytest.fixture
def submitted_application(officeholder):
    return ApplicationFactory(applicant=officeholder, submitted=True)


@pytest.fixture
def other_body(db):
    return BodyFactory(name="Gemeente Elders")


@pytest.fixture
def foreign_assessor(other_body):
    return AssessorFactory(body=other_body, first_name="Frank")


@pytest.fixture
def coordinator(body):
    return CoordinatorFactory(body=body)


@pytest.fixture
def as_user(db):
    """A signed-in test client for a user: `as_user(assessor).get(...)`."""

    def make(user):
        return sign_in(Client(), user)

    return make


@pytest.fixture
def english_messages():
    """Assertions read the English message ids: the Dutch catalogue may reword a message without breaking a test.
    A folder whose tests all do so asks for it in its conftest (an autouse fixture that takes this one)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters kept in the cache (aggregated audit of refusals) start at zero in every test."""
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_delivered_in_process(request, monkeypatch):
    """A mail the outbox queues after commit is delivered at once, in the test's process, by the real
    delivery code (to Django's locmem outbox), instead of going through the broker to a worker.
    Tests marked `mail_through_broker` keep the real publishing."""
    if request.node.get_closest_marker("mail_through_broker") is None:
        monkeypatch.setattr(mail_outbox, "queue_delivery", _deliver_now)


def _deliver_now(mail_id: int, **kwargs) -> bool:
    mail_outbox.deliver(mail_id)
    return True
