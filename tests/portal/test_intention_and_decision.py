"""What the officeholder sees: the intention before a refusal with the response form, and a decision only
once it is taken (approved where four eyes apply) and its letter exists."""

import pytest
from django.urls import reverse

from regeling.applications import services
from regeling.applications.models import DocumentKind
from regeling.applications.states import Outcome, Status
from regeling.letters.models import LetterKind
from tests.applications.cases import MOTIVATION
from tests.factories import ApplicationFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

from .files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def url(name, application):
    return reverse(f"applications:{name}", args=[application.public_id])


@pytest.fixture
def intended(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[45_000])
    line = application.lines.get()
    return services.request_views(
        application.pk,
        by=assessor,
        outcome=Outcome.PARTIAL,
        motivation="De camera aan de achterzijde staat niet in het advies.",
        granted={line.pk: (20_000, "not_in_advice")},
        links={line.pk: ("Maatregel 1", "De camera aan de achterzijde valt buiten het advies.")},
    )


def test_case_page_shows_the_intended_decision_and_the_response_form_when_views_are_requested(
    client, officeholder, intended
):
    sign_in(client, officeholder)
    page = client.get(url("detail", intended), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What we intend to decide" in page
    assert "€ 200,00" in page and "De camera aan de achterzijde staat niet in het advies." in page
    assert url("views", intended) in page
    assert "does not suspend the decision term" in page


def test_views_with_a_document_reach_the_case_file_when_sent(client, officeholder, assessor, intended):
    sign_in(client, officeholder)
    response = client.post(
        url("views", intended),
        {"views": "Het advies noemt de camera wel.", "files": [upload("advies.pdf", pdf_bytes())]},
    )
    intended.refresh_from_db()
    assert response.status_code == 302 and intended.status == Status.ASSESSMENT
    assert intended.documents.get().kind == DocumentKind.VIEWS
    sign_in(client, assessor)
    case = client.get(reverse("review:case", args=[intended.public_id]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Het advies noemt de camera wel." in case and "views on the intended decision" in case.lower()


def test_work_list_signals_views_received_when_the_officeholder_responded(client, officeholder, assessor, intended):
    services.receive_views(intended.pk, by=officeholder, views="Graag toch toekennen.")
    sign_in(client, assessor)
    page = client.get(reverse("review:work_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "views received" in page


def test_case_file_says_the_views_were_oral_when_the_assessor_recorded_a_report(client, assessor, intended):
    services.receive_views(intended.pk, by=assessor, views="Telefonisch gesproken.", oral=True)
    sign_in(client, assessor)
    case = client.get(reverse("review:case", args=[intended.public_id]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report of the oral views" in case and "Telefonisch gesproken." in case


def test_proposal_shows_no_amount_to_the_officeholder_when_it_awaits_the_second_assessor(
    client, officeholder, assessor
):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[150_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    sign_in(client, officeholder)
    response = client.get(url("detail", application), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["decision_known"] is False
    page = response.content.decode()
    assert '<th scope="col" class="num">Granted</th>' not in page  # no granted column in the measures
    # The requested amount only: in the reimbursement (where "Granted" says "not yet") and in the measures.
    assert page.count("€ 1.500,00") == 2 and "after the decision" in page


def test_decision_shows_its_amount_when_approved_and_its_letter_is_ready(
    client, officeholder, assessor, second_assessor
):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[150_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    services.approve_decision(application.pk, by=second_assessor)
    sign_in(client, officeholder)
    assert client.get(url("detail", application)).context["decision_known"] is False  # letter still pending
    render_letter(application.letters.get(kind=LetterKind.DECISION).pk)
    response = client.get(url("detail", application), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["decision_known"] is True
    # Requested and granted, in the reimbursement and in the measures.
    assert response.content.decode().count("€ 1.500,00") == 4
