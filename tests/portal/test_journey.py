"""One officeholder's whole journey through Django's test client; the assessor's steps go through the services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.states import Outcome, Status
from regeling.letters.models import Letter, LetterKind, LetterStatus
from regeling.objections import services as objection_services
from regeling.objections.states import ObjectionOutcome
from tests.factories import AssessorFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

from .files import pdf_bytes, upload
from .journey import PRECHECK, RESIDENCE, fill_until, start, step_url

pytestmark = pytest.mark.django_db


def render_letters():
    for letter in Letter.objects.filter(status=LetterStatus.PENDING):
        render_letter(letter.pk)


def url(name, application):
    return reverse(f"applications:{name}", args=[application.public_id])


def test_officeholder_applies_answers_objects_and_settles_when_following_the_portal(
    client, officeholder, assessor, second_assessor, django_capture_on_commit_callbacks
):
    # Pre-check, then start and leave after the residence step.
    assert client.post(reverse("applications:precheck"), PRECHECK).status_code == 200
    application = start(client, officeholder)
    fill_until(client, application, 1)
    client.post(step_url(application, 2), {**RESIDENCE, "later": ""})
    client.logout()

    # Resume the draft from the list and finish it.
    sign_in(client, officeholder)
    assert step_url(application, 2) in client.get(reverse("applications:list")).content.decode()
    assert 'value="Lindelaan 12"' in client.get(step_url(application, 2)).content.decode()
    fill_until(client, application, 5)
    with django_capture_on_commit_callbacks(execute=False):
        receipt = client.post(step_url(application, 6), {"declaration": "on"}, follow=True)
    assert application.reference in receipt.content.decode()

    # The assessor asks for information; the officeholder answers with a document.
    with django_capture_on_commit_callbacks(execute=False):
        services.start_completeness_check(application.pk, by=assessor)
        services.request_information(
            application.pk, by=assessor, message="Stuur de offerte.", deadline=timezone.localdate() + timedelta(days=14)
        )
    client.post(url("answer", application), {"answer": "Bijgevoegd.", "files": [upload("offerte.pdf", pdf_bytes())]})
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT

    # A partial grant (the second advice line refused) with its letter, downloaded by the officeholder.
    lines = list(application.lines.all())
    services.record_advice(application.pk, by=assessor, advice="Videodeurbel\nBrievenbusbeveiliging")
    with django_capture_on_commit_callbacks(execute=False):
        services.decide_application(
            application.pk,
            by=assessor,
            outcome=Outcome.PARTIAL,
            motivation="De brievenbus staat niet in het advies.",
            granted={lines[1].pk: (0, "not_in_advice")},
            links={lines[1].pk: ("", "")},  # the letterbox is in no line of the adopted advice
            views_exception="4:7(1)",
            views_not_needed_reason="De feiten zijn niet in geschil.",
        )
        services.approve_decision(application.pk, by=second_assessor)
    render_letters()
    letter = application.letters.get(kind=LetterKind.DECISION)
    assert client.get(reverse("letters:download", args=[letter.public_id])).status_code == 200

    # Object, get the objection decided, then settle.
    client.post(reverse("objections:lodge", args=[application.public_id]), {"reasons": "De brievenbus hoort erbij."})
    handler = AssessorFactory(body=officeholder.body)  # took no part in the decision (10:3(3))
    objection = application.objections.get()
    with django_capture_on_commit_callbacks(execute=False):
        objection_services.skip_hearing(objection.pk, by=handler, reason="waived", note="Afgezien van horen.")
        objection_services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.UNFOUNDED,
            motivation="Het advies is duidelijk.",
            grounds=[("De brievenbus hoort erbij.", "Het advies noemt geen brievenbus.")],
        )
    client.post(
        url("settlement", application),
        {
            f"line_{lines[0].pk}": "450,00",
            f"date_{lines[0].pk}": timezone.localdate().isoformat(),
            "files": [upload("factuur.pdf", pdf_bytes())],
        },
    )
    application.refresh_from_db()
    assert application.status == Status.SETTLEMENT_SUBMITTED
    assert application.lines.get(pk=lines[0].pk).invoiced_cents == 45_000


def test_officeholder_withdraws_when_the_case_is_being_assessed(
    client, officeholder, django_capture_on_commit_callbacks
):
    application = start(client, officeholder)
    fill_until(client, application, 5)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(step_url(application, 6), {"declaration": "on"})
    assert client.get(url("withdraw", application)).status_code == 200
    client.post(url("withdraw", application), {"reason": "Niet meer nodig."})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert url("withdraw", application) not in client.get(url("detail", application)).content.decode()
