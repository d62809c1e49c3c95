from datetime import timedelta
from xml.etree import ElementTree

import pytest
import xmlschema
from django.urls import reverse
from django.utils import timezone
from sepaxml import validation

from regeling.applications.states import Status
from regeling.audit.models import AuditEvent
from regeling.payments.models import BatchStatus, PaymentBatch
from tests.factories import settled_case

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
SCHEMA = xmlschema.XMLSchema(f"{validation.__file__.rsplit('/', 1)[0]}/schemas/pain.001.001.03.xsd")


def prepare(client, cases, execution_date=None):
    data = {
        "cases": [case.public_id for case in cases],
        "execution_date": (execution_date or timezone.localdate()).isoformat(),
    }
    return client.post(reverse("payments:batches"), data)


@pytest.fixture
def two_settled(paying_body, assessor):
    return [
        settled_case(paying_body, assessor, (40_000, 12_345)),
        settled_case(paying_body, assessor, (99_999,), iban="DE89370400440532013000", account_holder="B. de Vries"),
    ]


def sepa_file(client, batch):
    response = client.get(reverse("payments:download_xml", args=[batch.public_id]))
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def test_batch_file_is_valid_pain_001_001_03_when_prepared(as_user, assessor, two_settled):
    client = as_user(assessor)
    assert prepare(client, two_settled).status_code == 302
    batch = PaymentBatch.objects.get()
    xml = sepa_file(client, batch)
    SCHEMA.validate(xml.decode())
    root = ElementTree.fromstring(xml)  # noqa: S314 (our own generated file)
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", NS).text == "2"
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text == "1523.44"
    assert batch.total_cents == 152_344 and batch.count == 2


def test_batch_file_names_debtor_and_creditor_accounts_when_prepared(as_user, assessor, two_settled):
    client = as_user(assessor)
    prepare(client, two_settled)
    root = ElementTree.fromstring(sepa_file(client, PaymentBatch.objects.get()))  # noqa: S314 (our own file)
    payment = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert payment.find("p:DbtrAcct/p:Id/p:IBAN", NS).text == "NL20INGB0001234567"
    assert payment.find("p:DbtrAgt/p:FinInstnId/p:BIC", NS).text == "INGBNL2A"
    creditors = {node.text for node in payment.findall("p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN", NS)}
    assert creditors == {"NL91ABNA0417164300", "DE89370400440532013000"}
    amounts = sorted(node.text for node in payment.findall("p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS))
    assert amounts == ["523.45", "999.99"]
    ends = {node.text for node in payment.findall("p:CdtTrfTxInf/p:PmtId/p:EndToEndId", NS)}
    assert ends == {case.reference for case in two_settled}


def test_batch_without_debtor_bic_is_still_valid_when_bic_is_empty(as_user, assessor, paying_body, two_settled):
    paying_body.bic = ""
    paying_body.save()
    client = as_user(assessor)
    prepare(client, two_settled)
    xml = sepa_file(client, PaymentBatch.objects.get())
    SCHEMA.validate(xml.decode())
    assert b"<BIC>" not in xml


def test_invalid_creditor_iban_is_refused_with_409_when_preparing(as_user, assessor, paying_body):
    case = settled_case(paying_body, assessor, iban="NL00ABNA0000000000")
    response = prepare(as_user(assessor), [case])
    assert response.status_code == 409
    assert case.reference in response.content.decode()
    assert not PaymentBatch.objects.exists()


def test_missing_debtor_iban_is_refused_with_409_when_preparing(as_user, assessor, paying_body, two_settled):
    paying_body.iban = ""
    paying_body.save()
    assert prepare(as_user(assessor), two_settled).status_code == 409


def test_finance_csv_lists_each_payment_in_cents_when_downloaded(as_user, assessor, two_settled):
    client = as_user(assessor)
    prepare(client, two_settled)
    batch = PaymentBatch.objects.get()
    response = client.get(reverse("payments:download_csv", args=[batch.public_id]))
    lines = response.content.decode().splitlines()
    assert len(lines) == 3
    assert any(line.endswith(",52345,523.45") for line in lines)
    assert AuditEvent.objects.filter(action="payment_batch.download_csv", actor=assessor).exists()


def test_confirming_marks_every_case_paid_when_bank_accepted(as_user, assessor, two_settled):
    client = as_user(assessor)
    prepare(client, two_settled)
    batch = PaymentBatch.objects.get()
    assert client.post(reverse("payments:confirm", args=[batch.public_id])).status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONFIRMED
    for case in two_settled:
        case.refresh_from_db()
        assert case.status == Status.PAID


def test_confirming_twice_is_409_when_already_confirmed(as_user, assessor, two_settled):
    client = as_user(assessor)
    prepare(client, two_settled)
    batch = PaymentBatch.objects.get()
    client.post(reverse("payments:confirm", args=[batch.public_id]))
    assert client.post(reverse("payments:confirm", args=[batch.public_id])).status_code == 409


def test_case_in_a_batch_is_not_offered_again_when_preparing_next(as_user, assessor, two_settled):
    client = as_user(assessor)
    prepare(client, two_settled[:1])
    response = prepare(client, two_settled)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert PaymentBatch.objects.count() == 1


def test_past_execution_date_rerenders_with_error_when_posted(as_user, assessor, two_settled):
    response = prepare(as_user(assessor), two_settled, timezone.localdate() - timedelta(days=1))
    assert response.status_code == 400
    assert "execution_date" in response.context["form"].errors


def test_other_body_cannot_see_or_confirm_the_batch_when_trying(as_user, assessor, foreign_assessor, two_settled):
    prepare(as_user(assessor), two_settled)
    batch = PaymentBatch.objects.get()
    client = as_user(foreign_assessor)
    assert client.get(reverse("payments:batch", args=[batch.public_id])).status_code == 404
    assert client.get(reverse("payments:download_xml", args=[batch.public_id])).status_code == 404
    assert client.post(reverse("payments:confirm", args=[batch.public_id])).status_code == 404
    # Refusals are aggregated: the first of a series is a row, the 10th, 100th ... carry the count.
    assert AuditEvent.objects.filter(actor=foreign_assessor, result="denied").count() == 1
    assert foreign_assessor.body_id != batch.body_id


def test_other_body_cannot_put_our_cases_in_its_batch_when_posting(as_user, foreign_assessor, two_settled):
    response = prepare(as_user(foreign_assessor), two_settled)
    assert response.status_code == 400
    assert not PaymentBatch.objects.exists()


def test_officeholder_is_refused_when_opening_batches(as_user, officeholder):
    assert as_user(officeholder).get(reverse("payments:batches")).status_code == 403


def test_missing_account_holder_is_refused_with_409_when_preparing(as_user, assessor, paying_body):
    case = settled_case(paying_body, assessor, account_holder="")
    response = prepare(as_user(assessor), [case])
    assert response.status_code == 409
    assert not PaymentBatch.objects.exists()
