"""Regeling 2.9(2): a water board's area is a fact the assessor confirms, recorded with a reason."""

import pytest
from django.urls import reverse

from regeling.accounts.models import BodyKind, Office
from regeling.applications import services
from regeling.applications.findings import findings_for
from regeling.applications.services import TransitionRefused
from regeling.schemes.rules import FindingStatus
from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def water_board(db):
    return BodyFactory(name="Wetterskip Fryslân", kind=BodyKind.WATER_BOARD, province="Fryslân")


def territory(application):
    return next(f for f in findings_for(application).findings if f.rule == "lives_in_territory_or_exempt")


def test_water_board_home_needs_the_assessor_until_the_area_is_confirmed(water_board):
    chair = OfficeholderFactory(body=water_board, office=Office.WATER_BOARD_CHAIR)
    application = ApplicationFactory(applicant=chair, in_assessment=True, in_body_territory=True)
    assert territory(application).status == FindingStatus.NEEDS_ASSESSOR
    assessor = AssessorFactory(body=water_board)
    services.confirm_territory(application.pk, by=assessor, in_territory=True, reason="Kaart van het beheergebied.")
    application.refresh_from_db()
    assert territory(application).status == FindingStatus.MET
    # The reason is encrypted: compared in Python, not in SQL.
    assert [c.reason for c in application.history.filter(transition="confirm_territory")] == [
        "Kaart van het beheergebied."
    ]


def test_territory_confirmation_is_refused_without_a_reason(water_board):
    chair = OfficeholderFactory(body=water_board, office=Office.WATER_BOARD_CHAIR)
    application = ApplicationFactory(applicant=chair, in_assessment=True)
    with pytest.raises(TransitionRefused):
        services.confirm_territory(application.pk, by=AssessorFactory(body=water_board), in_territory=True, reason=" ")


def test_case_file_records_the_confirmation_when_posted(as_user, water_board):
    chair = OfficeholderFactory(body=water_board, office=Office.WATER_BOARD_CHAIR)
    application = ApplicationFactory(applicant=chair, in_assessment=True)
    assessor = AssessorFactory(body=water_board)
    url = reverse("review:act", args=[application.public_id, "confirm_territory"])
    response = as_user(assessor).post(url, {"territory-in_territory": "0", "territory-reason": "Woont in Groningen."})
    application.refresh_from_db()
    assert response.status_code == 302 and application.territory_confirmed is False
