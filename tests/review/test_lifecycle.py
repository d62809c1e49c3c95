"""One case walked from receipt to closing through the back office, opening the case file at every step."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.states import Outcome, Status
from regeling.letters.models import Letter, LetterStatus
from regeling.schemes.reasons import Reason
from tests.factories import ApplicationFactory, invoices


def allowed_actions(client, application):
    response = client.get(reverse("review:case", args=[application.public_id]))
    assert response.status_code == 200
    return {action.name for action, _form in response.context["actions"] if action.allowed}


def post(client, application, action, data=None):
    response = client.post(reverse("review:act", args=[application.public_id, action]), data or {})
    assert response.status_code == 302, response.content.decode()[:500]
    application.refresh_from_db()


def test_case_file_offers_the_right_steps_when_walked_from_receipt_to_closing(
    as_user, assessor, second_assessor, officeholder
):
    application = ApplicationFactory(applicant=officeholder, submitted=True, lines=[60_000, 30_000])
    first, second = application.lines.all()
    client, approver = as_user(assessor), as_user(second_assessor)

    assert "start_completeness_check" in allowed_actions(client, application)
    post(client, application, "start_completeness_check")
    assert {"start_assessment", "request_information"} <= allowed_actions(client, application)
    post(client, application, "start_assessment")
    assert {"decide", "request_views", "announce_extension"} <= allowed_actions(client, application)
    post(
        client,
        application,
        "request_views",
        {
            "views-outcome": "partial",
            "views-motivation": "De tweede maatregel staat niet in het advies.",
            f"views-amount_{first.pk}": "600,00",
            f"views-amount_{second.pk}": "0",
            f"views-reason_{second.pk}": "not_in_advice",
            f"views-advice_{second.pk}": "",
            "views-deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert "receive_views" in allowed_actions(client, application)
    post(client, application, "receive_views", {"receiveviews-views": "Akkoord met een deel."})
    post(
        client,
        application,
        "decide",
        {
            "decide-outcome": Outcome.PARTIAL,
            "decide-motivation": "Alleen de eerste maatregel staat in het advies.",
            f"decide-amount_{first.pk}": "600,00",
            f"decide-amount_{second.pk}": "0",
            f"decide-reason_{second.pk}": Reason.NOT_IN_ADVICE,
            f"decide-advice_{second.pk}": "",
        },
    )
    assert application.status == Status.AWAITING_APPROVAL
    assert "approve" not in allowed_actions(client, application)
    assert {"approve", "send_back"} <= allowed_actions(approver, application)
    post(approver, application, "approve")
    assert application.status == Status.DECIDED

    # The decision letter went out; the applicant sends invoices for the granted measure.
    Letter.objects.filter(application=application).update(status=LetterStatus.RENDERED, sent_at=timezone.now())
    services.submit_settlement(application.pk, by=officeholder, **invoices({first.pk: 55_000}))
    assert "settle" in allowed_actions(client, application)
    post(client, application, "settle", {f"settle-amount_{first.pk}": "550,00", f"settle-why_{first.pk}": ""})
    assert application.status == Status.SETTLED
    assert application.settled_total_cents == 55_000
    post(client, application, "mark_paid")
    assert "close" in allowed_actions(client, application)
    post(client, application, "close")
    assert application.status == Status.CLOSED
    assert allowed_actions(client, application) == set()
