"""The case page and its actions: answer a request, give views, withdraw, object, settle, download letters."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import DocumentKind
from regeling.applications.states import APPLICANT_LABELS, Outcome, Status
from regeling.letters.models import Letter, LetterKind
from tests.factories import ApplicationFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

from .files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def url(name, application):
    return reverse(f"applications:{name}", args=[application.public_id])


@pytest.fixture
def in_assessment(officeholder):
    return ApplicationFactory(applicant=officeholder, in_assessment=True)


@pytest.fixture
def info_requested(in_assessment, assessor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.request_information(
            in_assessment.pk,
            by=assessor,
            message="Stuur de offerte van de leverancier.",
            deadline=timezone.localdate() + timedelta(days=14),
        )
    return in_assessment


@pytest.fixture
def decided(in_assessment, assessor, django_capture_on_commit_callbacks):
    """Granted, with the decision letter rendered by the real letter code."""
    with django_capture_on_commit_callbacks(execute=False):
        services.decide_application(in_assessment.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")
    render_letter(Letter.objects.get(application=in_assessment, kind=LetterKind.DECISION).pk)
    in_assessment.refresh_from_db()
    return in_assessment


def test_case_page_shows_plain_timeline_and_due_date_when_submitted(client, officeholder, in_assessment):
    sign_in(client, officeholder)
    html = client.get(url("detail", in_assessment)).content.decode()
    assert str(APPLICANT_LABELS[Status.ASSESSMENT]) in html
    assert in_assessment.decision_due.strftime("%Y") in html


def test_open_request_is_shown_with_its_deadline_when_information_is_requested(client, officeholder, info_requested):
    sign_in(client, officeholder)
    html = client.get(url("detail", info_requested)).content.decode()
    assert "Stuur de offerte van de leverancier." in html
    assert url("answer", info_requested) in html


def test_answer_with_document_completes_the_request_when_sent(
    client, officeholder, info_requested, django_capture_on_commit_callbacks
):
    sign_in(client, officeholder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("answer", info_requested),
            {"answer": "Hierbij de offerte.", "files": [upload("offerte.pdf", pdf_bytes())]},
        )
    info_requested.refresh_from_db()
    request = info_requested.information_requests.get()
    assert response.status_code == 302 and info_requested.status == Status.ASSESSMENT
    assert request.completed_on == timezone.localdate() and request.answer == "Hierbij de offerte."
    assert info_requested.documents.get().information_request == request
    assert mail.outbox == []  # the applicant acted themselves: no news mail


def test_answer_is_refused_and_nothing_stored_when_a_file_is_not_a_pdf(client, officeholder, info_requested):
    sign_in(client, officeholder)
    response = client.post(url("answer", info_requested), {"answer": "x", "files": [upload("a.pdf", b"MZ" * 50)]})
    info_requested.refresh_from_db()
    assert response.status_code == 400 and info_requested.status == Status.INFO_REQUESTED
    assert not info_requested.documents.exists()


def test_views_are_recorded_when_views_were_requested(client, officeholder, in_assessment, assessor):
    services.request_views(in_assessment.pk, by=assessor, outcome=Outcome.REFUSE, motivation="Niet in het advies.")
    sign_in(client, officeholder)
    response = client.post(url("views", in_assessment), {"views": "Ik woon er wel degelijk."})
    in_assessment.refresh_from_db()
    assert response.status_code == 302 and in_assessment.status == Status.ASSESSMENT
    assert in_assessment.views_text == "Ik woon er wel degelijk."


def test_withdrawal_asks_for_confirmation_before_it_withdraws(client, officeholder, in_assessment):
    sign_in(client, officeholder)
    confirm = client.get(url("withdraw", in_assessment))
    in_assessment.refresh_from_db()
    assert confirm.status_code == 200 and in_assessment.status == Status.ASSESSMENT
    response = client.post(url("withdraw", in_assessment), {"reason": ""})
    in_assessment.refresh_from_db()
    assert response.status_code == 302 and in_assessment.status == Status.WITHDRAWN


def test_withdrawal_is_not_offered_when_the_case_is_decided(client, officeholder, decided):
    sign_in(client, officeholder)
    assert url("withdraw", decided) not in client.get(url("detail", decided)).content.decode()
    assert client.post(url("withdraw", decided)).status_code == 404


def test_decision_letter_downloads_as_pdf_when_rendered(client, officeholder, decided):
    sign_in(client, officeholder)
    letter = decided.letters.get(kind=LetterKind.DECISION)
    download = reverse("letters:download", args=[letter.public_id])
    assert download in client.get(url("detail", decided)).content.decode()
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def objection_url(application, name="lodge"):
    return reverse(f"objections:{name}", args=[application.public_id])


def test_objection_with_document_is_lodged_when_within_the_term(client, officeholder, decided):
    sign_in(client, officeholder)
    assert objection_url(decided) in client.get(url("detail", decided)).content.decode()
    response = client.post(
        objection_url(decided),
        {"reasons": "De kluis is ten onrechte afgewezen.", "files": [upload("bewijs.pdf", pdf_bytes())]},
    )
    decided.refresh_from_db()
    assert response.status_code == 302 and decided.status == Status.OBJECTION_LODGED
    objection = decided.objections.get()
    assert objection.grounds_text == "De kluis is ten onrechte afgewezen." and not objection.is_late
    assert decided.documents.get().kind == DocumentKind.OBJECTION


def test_objection_is_refused_with_a_message_when_no_grounds_are_given(client, officeholder, decided):
    sign_in(client, officeholder)
    response = client.post(objection_url(decided), {"reasons": "  "})
    decided.refresh_from_db()
    assert response.status_code == 400 and decided.status == Status.DECIDED


def test_late_objection_is_still_received_and_marked_late_awb_6_11(client, officeholder, decided):
    Letter.objects.filter(application=decided).update(sent_at=timezone.now() - timedelta(weeks=8))
    sign_in(client, officeholder)
    page = client.get(objection_url(decided)).content.decode()
    assert "6:11" in page
    client.post(objection_url(decided), {"reasons": "Ik was met vakantie."})
    assert decided.objections.get().is_late


def test_objector_adds_documents_and_withdraws_the_objection(client, officeholder, decided):
    sign_in(client, officeholder)
    client.post(objection_url(decided), {"reasons": "Te weinig."})
    detail = client.get(url("detail", decided)).content.decode()
    assert objection_url(decided, "documents") in detail and objection_url(decided, "withdraw") in detail
    client.post(objection_url(decided, "documents"), {"files": [upload("nagekomen.pdf", pdf_bytes())]})
    assert decided.documents.get().kind == DocumentKind.OBJECTION
    assert client.get(objection_url(decided, "withdraw")).status_code == 200
    client.post(objection_url(decided, "withdraw"), {"reason": ""})
    decided.refresh_from_db()
    assert decided.status == Status.DECIDED and decided.objections.get().status == "withdrawn"
    assert client.get(objection_url(decided, "withdraw")).status_code == 404


def test_settlement_records_invoiced_amounts_when_invoices_are_sent(client, officeholder, decided):
    line = decided.lines.get()
    sign_in(client, officeholder)
    response = client.post(
        url("settlement", decided),
        {
            f"line_{line.pk}": "430,00",
            f"date_{line.pk}": timezone.localdate().isoformat(),
            "files": [upload("factuur.pdf", pdf_bytes())],
        },
    )
    decided.refresh_from_db()
    line.refresh_from_db()
    assert response.status_code == 302 and decided.status == Status.SETTLEMENT_SUBMITTED
    assert line.invoiced_cents == 43_000 and decided.documents.get().kind == DocumentKind.INVOICE


def test_settlement_is_refused_when_no_invoice_is_attached(client, officeholder, decided):
    line = decided.lines.get()
    sign_in(client, officeholder)
    response = client.post(url("settlement", decided), {f"line_{line.pk}": "430,00"})
    decided.refresh_from_db()
    assert response.status_code == 400 and decided.status == Status.DECIDED


def test_settlement_is_not_offered_when_the_case_is_still_in_assessment(client, officeholder, in_assessment):
    sign_in(client, officeholder)
    assert url("settlement", in_assessment) not in client.get(url("detail", in_assessment)).content.decode()
    assert client.get(url("settlement", in_assessment)).status_code == 404


def test_settlement_asks_for_the_invoice_date_and_keeps_the_amount_when_it_is_missing(client, officeholder, decided):
    line = decided.lines.get()
    sign_in(client, officeholder)
    response = client.post(
        url("settlement", decided), {f"line_{line.pk}": "430,00", "files": [upload("factuur.pdf", pdf_bytes())]}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Vul de factuurdatum in." in page
    assert 'value="430,00"' in page
