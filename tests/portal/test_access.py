"""An officeholder sees only their own cases, documents and letters: anything else is a 404,
exactly like an id that does not exist. Every view is tried by a second officeholder."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from regeling.applications.models import Document, DocumentKind
from regeling.applications.states import Outcome
from regeling.letters.models import LetterKind
from tests.factories import ApplicationFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

from .files import pdf_bytes

pytestmark = pytest.mark.django_db

CASE_VIEWS = [
    *(f"applications:{name}" for name in ["detail", "upload", "receipt", "answer", "views", "withdraw", "settlement"]),
    *(f"objections:{name}" for name in ["lodge", "repair", "documents", "withdraw"]),
]


@pytest.fixture
def draft(officeholder):
    return ApplicationFactory(applicant=officeholder, draft_step=6, declared_at=None)


@pytest.fixture
def decided(officeholder):
    return ApplicationFactory(applicant=officeholder, decided=True, decision=Outcome.GRANT)


def stored_document(application, by) -> Document:
    document = Document(
        application=application,
        kind=DocumentKind.QUOTE,
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=by,
    )
    document.file.save("pdf", ContentFile(pdf_bytes()))
    return document


@pytest.fixture
def document(decided, officeholder):
    return stored_document(decided, officeholder)


@pytest.fixture
def letter(decided):
    """The decision letter the decision wrote, rendered as the worker does."""
    letter = decided.letters.get(kind=LetterKind.DECISION)
    render_letter(letter.pk)
    letter.refresh_from_db()
    return letter


@pytest.mark.parametrize("name", CASE_VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_case_view_is_404_when_another_officeholder_opens_it(client, decided, other_officeholder, name, method):
    sign_in(client, other_officeholder)
    response = getattr(client, method)(reverse(name, args=[decided.public_id]))
    assert response.status_code in (404, 405)
    unknown = getattr(client, method)(reverse(name, args=[uuid.uuid4()]))
    assert response.status_code == unknown.status_code


@pytest.mark.parametrize("number", range(1, 7))
def test_step_is_404_when_another_officeholder_opens_the_draft(client, draft, other_officeholder, number):
    sign_in(client, other_officeholder)
    response = client.post(reverse("applications:step", args=[draft.public_id, number]), {"later": ""})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.address_line == "Lindelaan 12"


def test_document_download_is_404_when_another_officeholder_asks(client, decided, document, other_officeholder):
    sign_in(client, other_officeholder)
    assert client.get(reverse("applications:document", args=[decided.public_id, document.public_id])).status_code == 404


def test_document_is_404_when_asked_through_the_own_case_of_another_officeholder(client, document, other_officeholder):
    own = ApplicationFactory(applicant=other_officeholder, submitted=True)
    sign_in(client, other_officeholder)
    assert client.get(reverse("applications:document", args=[own.public_id, document.public_id])).status_code == 404


def test_document_removal_is_404_when_another_officeholder_tries(client, draft, officeholder, other_officeholder):
    document = stored_document(draft, officeholder)
    sign_in(client, other_officeholder)
    response = client.post(reverse("applications:remove_document", args=[draft.public_id, document.public_id]))
    assert response.status_code == 404 and Document.objects.filter(pk=document.pk).exists()


def test_letter_download_is_404_when_another_officeholder_asks(client, letter, other_officeholder):
    sign_in(client, other_officeholder)
    assert client.get(reverse("letters:download", args=[letter.public_id])).status_code == 404


def test_list_shows_only_own_applications_when_two_officeholders_applied(client, decided, other_officeholder):
    sign_in(client, other_officeholder)
    assert decided.reference not in client.get(reverse("applications:list")).content.decode()


def test_case_page_redirects_to_sign_in_when_nobody_is_signed_in(client, decided):
    response = client.get(reverse("applications:detail", args=[decided.public_id]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
