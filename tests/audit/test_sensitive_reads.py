"""Every read of sensitive data leaves an audit row: who, what, which object, the result, from where."""

import pytest
from django.urls import reverse

from regeling.audit.models import AuditEvent
from regeling.letters.models import Letter, LetterKind
from tests.factories import ApplicationFactory, AssessorFactory, DocumentFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db
CLIENT_IP = "198.51.100.23"
IBAN = "NL91ABNA0417164300"


@pytest.fixture
def case(officeholder):
    return ApplicationFactory(applicant=officeholder, in_assessment=True, iban=IBAN)


@pytest.fixture
def document(case, officeholder):
    return DocumentFactory(application=case)


def _only_event(action: str) -> AuditEvent:
    (event,) = AuditEvent.objects.filter(action=action)
    return event


def _assert_recorded(event: AuditEvent, *, actor, obj) -> None:
    assert event.actor_id == actor.pk
    assert event.object_id == str(obj.public_id)
    assert event.result == "ok"
    assert event.client_ip == CLIENT_IP
    assert event.at is not None and event.at.utcoffset().total_seconds() == 0


def test_case_file_open_audited_when_an_assessor_reads_it(client, assessor, case):
    sign_in(client, assessor)
    assert client.get(reverse("review:case", args=[case.public_id]), REMOTE_ADDR=CLIENT_IP).status_code == 200
    _assert_recorded(_only_event("case.read"), actor=assessor, obj=case)


def test_iban_reveal_audited_without_the_iban_when_an_assessor_reveals_it(client, assessor, case):
    sign_in(client, assessor)
    response = client.post(reverse("review:reveal_iban", args=[case.public_id]), REMOTE_ADDR=CLIENT_IP)
    assert IBAN in response.content.decode()
    event = _only_event("iban.reveal")
    _assert_recorded(event, actor=assessor, obj=case)
    assert IBAN not in str(event.detail)


def test_document_download_audited_when_an_assessor_downloads_it(client, assessor, case, document):
    sign_in(client, assessor)
    url = reverse("review:document", args=[case.public_id, document.public_id])
    assert client.get(url, REMOTE_ADDR=CLIENT_IP).status_code == 200
    _assert_recorded(_only_event("document.download"), actor=assessor, obj=document)


def test_document_download_audited_when_the_applicant_downloads_it(client, officeholder, case, document):
    sign_in(client, officeholder)
    url = reverse("applications:document", args=[case.public_id, document.public_id])
    assert client.get(url, REMOTE_ADDR=CLIENT_IP).status_code == 200
    _assert_recorded(_only_event("document.download"), actor=officeholder, obj=document)


def test_letter_download_audited_when_the_addressee_downloads_it(client, officeholder, case):
    letter = Letter.objects.create(application=case, kind=LetterKind.DECISION)
    render_letter(letter.pk)
    sign_in(client, officeholder)
    assert client.get(reverse("letters:download", args=[letter.public_id]), REMOTE_ADDR=CLIENT_IP).status_code == 200
    _assert_recorded(_only_event("letter.download"), actor=officeholder, obj=letter)


def test_work_list_export_audited_when_an_assessor_exports_it(client, assessor, case):
    sign_in(client, assessor)
    assert client.get(reverse("review:export"), REMOTE_ADDR=CLIENT_IP).status_code == 200
    event = _only_event("worklist.export")
    assert (event.actor_id, event.client_ip, event.result) == (assessor.pk, CLIENT_IP, "ok")


def test_refused_case_read_audited_when_another_body_asks_for_it(client, case):
    outsider = AssessorFactory()
    sign_in(client, outsider)
    assert client.get(reverse("review:case", args=[case.public_id]), REMOTE_ADDR=CLIENT_IP).status_code == 404
    event = AuditEvent.objects.filter(actor=outsider, result="denied").get()
    assert event.client_ip == CLIENT_IP


def test_sign_in_and_failed_sign_in_audited_without_the_typed_address(client, officeholder):
    login = reverse("accounts:login")
    client.post(login, {"username": officeholder.email, "password": "wrong"}, REMOTE_ADDR=CLIENT_IP)
    client.post(login, {"username": officeholder.email, "password": "correct-horse-battery-staple"})
    failed, signed_in = _only_event("auth.login_failed"), _only_event("auth.login")
    assert (failed.result, failed.client_ip, failed.actor_id) == ("refused", CLIENT_IP, None)
    assert officeholder.email not in str(failed.detail)
    assert signed_in.actor_id == officeholder.pk
