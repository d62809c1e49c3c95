"""The whole thin journey through Django's test client: apply, submit, grant, letter queued."""

import pytest
from django.urls import reverse

from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.letters.models import Letter, LetterKind
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_officeholder_submits_and_assessor_grants_with_letter_queued_after_commit(
    client, officeholder, assessor, django_capture_on_commit_callbacks
):
    sign_in(client, officeholder)
    response = client.post(
        reverse("applications:new"),
        {
            "address_line": "Lindelaan 12",
            "postcode": "3511 AB",
            "city": "Utrecht",
            "measure": "advice_line",
            "description": "Videodeurbel",
            "amount": "450,00",
            "iban": "NL91 ABNA 0417 1643 00",
            "account_holder": "W. de Wethouder",
            "declaration": "on",
        },
    )
    application = Application.objects.get(applicant=officeholder)
    assert response.status_code == 302 and str(application.public_id) in response["Location"]
    assert application.lines.get().requested_cents == 45_000

    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("applications:submit", args=[application.public_id]))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.received_on is not None

    sign_in(client, assessor)
    assert application.reference in client.get(reverse("review:work_list")).content.decode()
    for step in ("start_completeness_check", "start_assessment"):
        client.post(reverse("review:act", args=[application.public_id, step]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("review:act", args=[application.public_id, "decide"]),
            {"motivation": "De maatregel staat in het beveiligingsadvies."},
        )
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.DECIDED and application.outcome == "grant"
    decision = Letter.objects.get(application=application, kind=LetterKind.DECISION)
    assert decision.status == "pending"
    assert len(callbacks) >= 1  # the render task is published only after commit


def test_decision_without_motivation_is_refused_with_a_message(client, assessor, submitted_application):
    sign_in(client, assessor)
    for step in ("start_completeness_check", "start_assessment"):
        client.post(reverse("review:act", args=[submitted_application.public_id, step]))
    response = client.post(reverse("review:act", args=[submitted_application.public_id, "decide"]), {"motivation": " "})
    submitted_application.refresh_from_db()
    assert response.status_code == 400
    assert submitted_application.status == Status.ASSESSMENT
