"""The whole thin journey through Django's test client: apply in steps, submit, grant, letter queued."""

import pytest
from django.urls import reverse

from regeling.applications.states import Status
from regeling.letters.models import Letter, LetterKind
from tests.helpers import sign_in
from tests.portal.journey import fill_until, start

pytestmark = pytest.mark.django_db


def test_officeholder_submits_and_assessor_grants_with_letter_queued_after_commit(
    client, officeholder, assessor, django_capture_on_commit_callbacks
):
    application = start(client, officeholder)
    fill_until(client, application, 5)
    assert application.lines.first().requested_cents == 45_000

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("applications:step", args=[application.public_id, 6]), {"declaration": "on"})
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.SUBMITTED and application.received_on is not None

    sign_in(client, assessor)
    assert application.reference in client.get(reverse("review:work_list")).content.decode()
    for step in ("start_completeness_check", "start_assessment"):
        client.post(reverse("review:act", args=[application.public_id, step]))
    # Version B: the assessor records the adopted advice; the measures link to its lines by their wording.
    advice = "\n".join(line.description for line in application.lines.all())
    client.post(reverse("review:act", args=[application.public_id, "record_advice"]), {"advice-advice": advice})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("review:act", args=[application.public_id, "decide"]),
            {
                "decide-outcome": "grant",
                "decide-motivation": "De maatregel staat in het beveiligingsadvies.",
                **{
                    f"decide-amount_{line.pk}": f"{line.requested_cents // 100},{line.requested_cents % 100:02d}"
                    for line in application.lines.all()
                },
            },
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
    response = client.post(
        reverse("review:act", args=[submitted_application.public_id, "decide"]),
        {"decide-outcome": "grant", "decide-motivation": " "},
    )
    submitted_application.refresh_from_db()
    assert response.status_code == 400
    assert submitted_application.status == Status.ASSESSMENT
