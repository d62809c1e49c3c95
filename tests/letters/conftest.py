"""A case with every fact any letter kind shows (helpers to read a story or a PDF: tests/letters/helpers.py)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from regeling.applications.models import Application, InformationRequest
from regeling.applications.states import Outcome
from tests.factories import ApplicationFactory


@pytest.fixture
def full_case(officeholder, assessor):
    """A partly granted, settled case under scheme B with an information request, an
    extension, an objection and a departure from the security advice."""
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[45_000, 20_000])
    first, second = application.lines.all()
    first.granted_cents, first.reason_code, first.settled_cents = 45_000, "", 40_000
    first.save()
    second.granted_cents, second.reason_code, second.settled_cents = 5_000, "not_in_advice", 5_000
    second.save()
    today = timezone.localdate()
    InformationRequest.objects.create(
        application=application,
        message="Stuur het beveiligingsadvies mee.",
        requested_on=today,
        deadline=today + timedelta(days=14),
        requested_by=assessor,
    )
    Application.objects.filter(pk=application.pk).update(
        outcome=Outcome.PARTIAL,
        motivation="De camera aan de achterzijde staat niet in het advies.",
        advice_reference="BVA-2026-17",
        advice_adopted_on=date(2026, 3, 2),
        advice_deviation="Een hek is goedkoper en even veilig.",
        conditions="Laat de installateur het werk afmelden.",
        received_on=date(2026, 10, 1),
        extended_until=date(2027, 1, 15),
        views_deadline=date(2027, 1, 14),
        extension_reason="Wij wachten op de Beveiligingsautoriteit.",
        objection_lodged_at=timezone.now(),
        objection_outcome="unfounded",
        objection_motivation="Het advies is leidend.",
    )
    application.refresh_from_db()
    return application
