"""Right of access: one click downloads all data held about the user, audited."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from regeling.audit.models import AuditEvent
from regeling.letters.models import Letter, LetterKind
from tests.factories import ApplicationFactory, DocumentFactory, LetterFactory, OfficeholderFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, iban="NL91ABNA0417164300")
    DocumentFactory(application=application)
    LetterFactory(application=application, kind=LetterKind.DECISION)
    for letter in application.letters.all():  # the receipt and the decision
        render_letter(letter.pk)
    return application


def _download(client) -> zipfile.ZipFile:
    response = client.post(reverse("privacy:my_data"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_zip_holds_account_applications_letters_and_files_when_downloaded(client, officeholder, case):
    officeholder.phone = "06 12345678"
    officeholder.save()
    archive = _download(sign_in(client, officeholder))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == officeholder.email and data["account"]["phone"] == "06 12345678"
    assert "password" not in data["account"]
    (application,) = data["applications"]
    assert application["iban"] == "NL91ABNA0417164300" and application["documents"][0]["display_name"] == "offerte.pdf"
    letters = Letter.objects.filter(application=case)
    assert len(letters) == 2
    for letter in letters:
        assert archive.read(f"letters/{letter.reference}.pdf").startswith(b"%PDF")
    assert any(name.startswith("documents/") for name in archive.namelist())


def test_zip_holds_nothing_of_another_officeholder_when_downloaded(client, case):
    other = OfficeholderFactory(body=case.body)
    archive = _download(sign_in(client, other))
    assert json.loads(archive.read("data.json"))["applications"] == []
    assert archive.namelist() == ["data.json"]


def test_download_audited_when_made(client, officeholder, case):
    _download(sign_in(client, officeholder))
    event = AuditEvent.objects.get(action="account.data_export")
    assert event.actor_id == officeholder.pk and event.object_id == str(officeholder.pk)


def test_sign_in_asked_when_anonymous(client):
    response = client.post(reverse("privacy:my_data"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_my_data_page_shows_account_and_application_in_plain_words_with_the_download_beside_it(
    client, officeholder, case
):
    sign_in(client, officeholder)

    html = client.get(reverse("privacy:my_data")).content.decode()

    assert officeholder.email in html and "Lindelaan 12, 3511 AB Utrecht" in html
    assert f"Aanvraag {case.reference}" in html and "offerte.pdf" in html and "Maatregel 1: € 450,00" in html
    assert "Hoofdverblijf</dt><dd>ja" in html
    assert "Al mijn gegevens downloaden" in html


def test_my_data_page_shows_the_bank_account_masked_and_never_the_password(client, officeholder, case):
    sign_in(client, officeholder)

    html = client.get(reverse("privacy:my_data")).content.decode()

    assert "NL•• •••• •••• 4300" in html and "NL91ABNA0417164300" not in html
    assert officeholder.password not in html


def test_my_data_page_holds_nothing_of_another_officeholder(client, case):
    other = OfficeholderFactory(body=case.body)
    sign_in(client, other)

    html = client.get(reverse("privacy:my_data")).content.decode()

    assert case.reference not in html and "Lindelaan" not in html


def test_reading_my_data_is_audited(client, officeholder, case):
    sign_in(client, officeholder)

    client.get(reverse("privacy:my_data"))

    assert AuditEvent.objects.filter(action="account.data_read", actor=officeholder).exists()
