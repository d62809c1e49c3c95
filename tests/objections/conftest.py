"""People and cases for the objection tests, built through the real services (no state written by hand)."""

import pytest
from django.test import Client

from regeling.applications import services
from regeling.applications.states import Outcome
from tests.applications.cases import granted, in_assessment, refused
from tests.factories import AssessorFactory
from tests.helpers import send_letters, sign_in


@pytest.fixture(autouse=True)
def _in_english(english_messages):
    """Every test here reads the English message ids (tests/conftest.py)."""


@pytest.fixture
def as_user(db):
    """A signed-in test client (second factor passed for staff)."""
    return lambda user: sign_in(Client(), user)


@pytest.fixture
def handler(body):
    """An assessor who took no part in any decision on the case (Awb 10:3(3))."""
    return AssessorFactory(body=body, first_name="Hanna", last_name="Handler")


@pytest.fixture
def approver(body):
    """A second independent assessor, for four eyes on a decision on objection."""
    return AssessorFactory(body=body, first_name="Rik", last_name="Reviewer")


@pytest.fixture
def refused_case(officeholder, assessor, second_assessor):
    """A refusal of one measure of EUR 450, taken with four eyes, its letter sent."""
    application = refused(officeholder, assessor, second_assessor)
    send_letters(application)
    return application


@pytest.fixture
def granted_case(officeholder, assessor):
    application = granted(officeholder, assessor)
    send_letters(application)
    return application


@pytest.fixture
def two_line_partial(officeholder, assessor, second_assessor):
    """A partial grant: EUR 300 of 500 and EUR 0 of 200, with four eyes, sent."""
    application = in_assessment(officeholder, lines=[50_000, 20_000])
    first, second = application.lines.all()
    services.decide_application(
        application.pk,
        by=assessor,
        outcome=Outcome.PARTIAL,
        motivation="Niet alles staat in het advies.",
        granted={first.pk: (30_000, "not_in_advice"), second.pk: (0, "not_in_advice")},
        links={first.pk: ("Maatregel 1", "Het advies vraagt een kleiner systeem."), second.pk: ("", "")},
        views_exception="4:7(1)",
        views_not_needed_reason="De feiten staan niet ter discussie.",
    )
    services.approve_decision(application.pk, by=second_assessor)
    send_letters(application)
    return application
