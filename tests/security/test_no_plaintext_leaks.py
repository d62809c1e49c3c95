"""Personal data stays encrypted everywhere it rests or travels.

Unique markers go into every encrypted field; then a real decision is taken and
a real worker process renders its letter. The database dump (pg_dump, or
iterdump on SQLite), the web and worker logs, the e-mails sent and every key
and value in Redis must hold none of the markers in plaintext.
"""

import subprocess
import uuid
from datetime import timedelta

import pytest
import redis
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection
from django.db.models import CharField, TextField
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regeling.accounts.models import MailStatus, OutgoingMail
from regeling.applications import services
from regeling.applications.models import Application, Document
from regeling.applications.states import Outcome, Status
from regeling.core.crypto import EncryptedTextField
from regeling.earlier.models import EarlierReimbursement
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import (
    ApplicationFactory,
    AssessorFactory,
    DocumentFactory,
    OfficeholderFactory,
    invoices,
    settled_case,
)
from tests.helpers import sign_in
from tests.operations.logs import captured_stream, json_records
from tests.worker.helpers import start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _marker(field: str) -> str:
    return f"LEAK{field.upper()}{uuid.uuid4().hex[:12].upper()}"


def database_dump() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from our own settings
        [
            "pg_dump",
            "--no-owner",
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"],
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    return result.stdout


def redis_dump() -> str:
    """Every key and value in the broker's Redis database, as text."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    parts = []
    for key in client.scan_iter():
        kind = client.type(key).decode()
        value = {
            "string": lambda k: client.get(k),
            "list": lambda k: client.lrange(k, 0, -1),
            "hash": lambda k: client.hgetall(k),
            "set": lambda k: client.smembers(k),
            "zset": lambda k: client.zrange(k, 0, -1),
        }.get(kind, lambda k: b"")(key)
        parts.append(f"{key!r} {value!r}")
    return "\n".join(parts)


def _fund(body) -> None:
    """Grants draw on the body's budget for the year, when the budgets app is part of the project."""
    if apps.is_installed("regeling.budgets"):
        budget = apps.get_model("budgets", "Budget")
        budget.objects.get_or_create(body=body, year=timezone.localdate().year, defaults={"budget_cents": 10**9})


@pytest.fixture
def captured_logs():
    """Everything the web process logs, at every level, as the JSON lines production writes
    (with the request's context: request id, user id, role)."""
    with captured_stream() as stream:
        yield stream


def test_no_marker_in_plaintext_when_a_decision_and_its_letter_are_made(tmp_path, captured_logs, monkeypatch):
    markers = {name: _marker(name) for name in ("address", "city", "iban", "advice", "phone", "doc")}
    markers["postcode"] = f"PC{uuid.uuid4().hex[:8].upper()}"  # a postcode is at most 10 characters
    officeholder = OfficeholderFactory(phone=markers["phone"])
    application = ApplicationFactory(
        applicant=officeholder,
        in_assessment=True,
        lines=[45_000],
        address_line=markers["address"],
        postcode=markers["postcode"],
        city=markers["city"],
        iban=markers["iban"],
        advice_contents=f"Maatregel 1\n{markers['advice']}",  # the advice holds the measure (Regeling 2.9(3))
    )
    document = DocumentFactory(application=application, display_name=markers["doc"])
    _fund(application.body)
    assessor = AssessorFactory(body=application.body)
    # The reads that show the data on screen, so their request and audit log lines are checked too.
    staff, applicant = sign_in(Client(), assessor), sign_in(Client(), officeholder)
    case = [application.public_id]
    assert staff.get(reverse("review:case", args=case)).status_code == 200
    assert markers["iban"] in staff.post(reverse("review:reveal_iban", args=case)).content.decode()
    assert staff.get(reverse("review:document", args=[*case, document.public_id])).status_code == 200
    assert applicant.get(reverse("applications:detail", args=case)).status_code == 200
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Volgens het advies.")
    letter = Letter.objects.get(application=application, kind=LetterKind.DECISION)
    queued = redis_dump() if settings.CELERY_BROKER_URL.startswith("redis") else ""

    worker_log, worker_mail = tmp_path / "worker.log", tmp_path / "worker-mail"
    monkeypatch.setenv("TEST_WORKER_EMAIL_DIR", str(worker_mail))  # read by the worker's settings only
    worker = start_worker(worker_log)
    try:
        wait_for(lambda: Letter.objects.filter(pk=letter.pk, status=LetterStatus.RENDERED).exists(), timeout=60)
        # The mails go through the outbox: the worker sends them after the letter is ready.
        wait_for(lambda: not OutgoingMail.objects.exclude(status=MailStatus.SENT).exists(), timeout=60)
    finally:
        stop_worker(worker)
    assert applicant.get(reverse("letters:download", args=[letter.public_id])).status_code == 200

    places = {
        "database dump": database_dump(),
        "web log": captured_logs.getvalue(),
        "worker log": worker_log.read_text(),
        "e-mails": "\n".join(f"{m.subject}\n{m.body}\n{m.to}" for m in mail.outbox)
        + "\n".join(path.read_text() for path in sorted(worker_mail.glob("*"))),
    }
    if settings.CELERY_BROKER_URL.startswith("redis"):
        assert "render_letter" in queued, "the decision should have queued its letter in Redis"
        places["redis while queued"] = queued
        places["redis after the render"] = redis_dump()
    assert Document.objects.get(application=application).display_name == markers["doc"]  # still readable
    # Controls: each place really holds this case, so an absent marker means something.
    assert str(application.public_id) in places["database dump"]
    assert "render_letter" in places["worker log"] and "succeeded" in places["worker log"]
    # The logs checked are the structured ones: JSON lines with the request's and the task's context.
    web_records = json_records(places["web log"].splitlines())
    assert any(record.get("role") == "assessor" and record.get("request_id") for record in web_records)
    worker_lines = [line for line in places["worker log"].splitlines() if line.startswith("{")]
    assert any(record.get("task_id") for record in json_records(worker_lines))
    assert "http" in places["e-mails"], "the applicant should have been told by e-mail (web or worker)"
    leaks = [(name, where) for where, text in places.items() for name, marker in markers.items() if marker in text]
    assert leaks == []


# -- every column that reveals the measures or the threat (issue 15) ---------------------
# Text columns that stay readable, each with the reason. Any other text column of the
# project must be encrypted (a column with `choices` holds a code, never free text).
PLAINTEXT_ALLOWED = {
    **dict.fromkeys(
        [
            "accounts.Body.name",
            "accounts.Body.province",
            "accounts.Body.deciding_organ",
            "accounts.Body.postal_address",
            "accounts.Body.contact_phone",
            "accounts.Body.contact_email",
            "accounts.Body.privacy_officer_contact",
        ],
        "the body's public details, printed on every letter",
    ),
    "accounts.Body.iban": "the body's own debtor account, not a person's",
    "accounts.Body.bic": "the body's bank",
    "accounts.User.password": "a salted hash",
    "accounts.User.first_name": "a name, shown in lists and searched by the administrator; no measure or threat",
    "accounts.User.last_name": "a name, shown in lists and searched by the administrator; no measure or threat",
    "accounts.User.email": "the sign-in name, looked up (unique) at every sign-in",
    "accounts.User.bsn_index": "a keyed hash (blind index) of the encrypted BSN",
    **dict.fromkeys(
        [
            "accounts.IdentityProvider.discovery_url",
            "accounts.IdentityProvider.client_id",
            "accounts.IdentityProvider.client_secret_name",
            "accounts.IdentityProvider.scopes",
            "accounts.IdentityProvider.roles_claim",
            "accounts.IdentityProvider.assessor_groups",
            "accounts.IdentityProvider.coordinator_groups",
            "accounts.IdentityProvider.mfa_acr_values",
        ],
        "configuration of a body's sign-in provider (the secret itself is encrypted)",
    ),
    "accounts.ExternalIdentity.issuer": "the provider's address, looked up at sign-in",
    "accounts.ExternalIdentity.subject": "the provider's opaque id, looked up at sign-in",
    "accounts.FactCorrection.proposed_value": "a date or an office code, checked against its format",
    "audit.AuditEvent.action": "the audit log holds codes and ids, never text",
    "audit.AuditEvent.object_type": "the audit log holds codes and ids, never text",
    "audit.AuditEvent.object_id": "the audit log holds codes and ids, never text",
    "audit.AuditEvent.result": "the audit log holds codes and ids, never text",
    "audit.AuditLink.key_id": "a key's id",
    "audit.AuditLink.previous_hash": "a hash",
    "audit.AuditLink.hash": "a hash",
    "audit.ChainVerification.head": "a hash",
    "audit.ChainVerification.reason": "why a verification failed: an event id and a code",
    "earlier.ImportRun.sha256": "a hash of the file",
    "earlier.ImportRun.file_format": "csv or xlsx",
    "earlier.ImportRun.last_error": "an exception's class name",
    "earlier.EarlierReimbursement.officeholder_key": "a keyed hash",
    "earlier.EarlierReimbursement.residence_key": "a keyed hash",
    "earlier.EarlierReimbursement.source_key": "a keyed hash",
    "applications.Application.reference": "the case's reference, made by the system",
    "applications.Application.residence_key": "a keyed hash",
    "applications.Application.pkvw_certificate_number": "a certificate's number, not what it certifies",
    "applications.Application.advice_reference": "the advice's number (printed in the letter), not its contents",
    "applications.MeasureLine.reason_code": "a code from the fixed refusal reasons",
    "applications.Document.content_type": "a MIME type",
    "applications.Document.sha256": "a hash",
    "applications.StatusChange.transition": "the name of a step",
    "letters.Letter.language": "nl or en",
    "letters.Letter.sha256": "a hash",
    "letters.Letter.last_error": "an exception's class name",
    "objections.Objection.contested_kind": "a letter kind (code)",
    "objections.Objection.contested_status": "a case state (code)",
    "objections.ObjectionChange.transition": "the name of a step",
    "payments.PaymentBatch.message_id": "an id the system makes",
    "payments.PaymentItem.end_to_end_id": "an id the system makes",
    "accounts.EnrolmentCode.code_hash": "a hash",
    "accounts.RecoveryCode.code_hash": "a hash",
    "accounts.RecoveryCodeDevice.name": "a device's label the system gives",
    "accounts.OutgoingMail.kind": "the kind of mail (code)",
    "accounts.OutgoingMail.last_error": "an exception's class name",
    "review.MotivationTemplate.title": "a body's standard wording per reason code, the same for every case",
    "review.MotivationTemplate.text": "a body's standard wording per reason code, the same for every case",
}

# Encrypted columns that hold nothing typed: the e-mail outbox (the address is the account's
# own e-mail; subject and body are the application's wording, emptied once sent).
NOTHING_TYPED = ("accounts.OutgoingMail.recipient", "accounts.OutgoingMail.subject", "accounts.OutgoingMail.body")

# Encrypted columns no service or form writes (kept for old rows): the test writes them itself.
WRITTEN_BY_NO_SERVICE = ("objection_reasons", "objection_motivation")


def _text_columns():
    for model in apps.get_models():
        if not model.__module__.startswith("regeling."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField | TextField):
                yield model, field


def test_every_text_column_is_encrypted_or_allowed_with_a_reason():
    readable = [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_columns()
        if not isinstance(field, EncryptedTextField) and not field.choices
    ]
    assert sorted(set(readable) - set(PLAINTEXT_ALLOWED)) == []
    assert sorted(set(PLAINTEXT_ALLOWED) - set(readable)) == []  # the list stays true


def _fill_every_encrypted_column(canary, body, officeholder, assessor, second_assessor, coordinator):
    """Type `canary` (with the column's name) into every encrypted column through the portal's
    forms and the services, as people would; a value with a fixed format gets a distinctive one."""
    from regeling.accounts import corrections, enrolment  # noqa: PLC0415
    from regeling.accounts.models import IdentityProvider  # noqa: PLC0415
    from regeling.earlier import services as earlier  # noqa: PLC0415
    from regeling.objections import services as objections  # noqa: PLC0415
    from regeling.objections.models import BodyObjectionSettings  # noqa: PLC0415
    from regeling.objections.states import ObjectionOutcome  # noqa: PLC0415
    from regeling.payments import services as payments  # noqa: PLC0415
    from regeling.review import assignment  # noqa: PLC0415
    from tests.earlier.files import dutch_csv, row  # noqa: PLC0415
    from tests.portal.files import pdf_bytes, upload  # noqa: PLC0415
    from tests.portal.journey import ADVICE, RESIDENCE, start, step_url  # noqa: PLC0415
    from worker.tasks import render_letter  # noqa: PLC0415

    def m(column):
        return f"{canary}{column}"

    today = timezone.localdate()
    body.iban, body.bic = "NL20INGB0001234567", "INGBNL2A"
    body.save()
    BodyObjectionSettings.objects.create(body=body, advisory_committee=True)
    IdentityProvider.objects.create(
        body=body,
        discovery_url="https://id.example.nl/.well-known/openid-configuration",
        client_id="regeling",
        client_secret=m("client_secret"),
    )
    handler = AssessorFactory(body=body)

    # The officeholder applies in the portal: address, measures, a document, the bank account.
    client = Client()
    application = start(client, officeholder)
    answers = {
        1: {},
        2: {**RESIDENCE, "address_line": m("address_line"), "postcode": FORMATTED["postcode"], "city": m("city")},
        3: {**ADVICE, "lines-0-description": m("description"), "lines-1-description": m("description")},
        5: {"iban": FORMATTED["iban"], "account_holder": m("account_holder")},
    }
    for number in range(1, 6):
        if number == 4:
            client.post(
                reverse("applications:upload", args=[application.public_id]),
                {"upload-kind": "security_advice", "upload-file": upload(f"{m('display_name')}.pdf", pdf_bytes())},
            )
        assert client.post(step_url(application, number), {**answers.get(number, {}), "next": ""}).status_code == 302
    client.post(step_url(application, 6), {"declaration": "on"})
    case = application.pk
    services.start_completeness_check(case, by=assessor)
    services.request_information(case, by=assessor, message=m("message"), deadline=today + timedelta(days=14))
    assert client.post(reverse("applications:answer", args=[application.public_id]), {"answer": m("answer")})
    services.override_scheme_version(case, by=assessor, version="A", reason=m("scheme_version_reason"))
    services.override_scheme_version(case, by=assessor, version="B", reason=m("scheme_version_reason"))
    services.announce_extension(case, by=assessor, until=today + timedelta(weeks=12), reason=m("extension_reason"))
    assignment.declare_conflict(case, by=second_assessor, reason=m("conflict_reason"))
    assignment.add_note(case, by=assessor, text=m("note"))
    lines = list(Application.objects.get(pk=case).lines.all())
    # The assessor records the adopted advice (version B); both measures follow its one line.
    services.record_advice(case, by=assessor, advice=m("description"), reason=m("status_change_reason"))
    below = {lines[1].pk: (None, m("advice_motivation"))}
    services.request_views(
        case,
        by=assessor,
        outcome=Outcome.PARTIAL,
        motivation=m("motivation"),
        granted={lines[0].pk: (lines[0].requested_cents, ""), lines[1].pk: (0, "not_in_advice")},
        links=below,
    )
    assert client.post(reverse("applications:views", args=[application.public_id]), {"views": m("views_text")})
    services.decide_application(
        case,
        by=assessor,
        outcome=Outcome.PARTIAL,
        motivation=m("motivation"),
        granted={lines[0].pk: (lines[0].requested_cents, ""), lines[1].pk: (0, "not_in_advice")},
        links=below,
        advice_deviation=m("advice_deviation"),
        conditions=m("conditions"),
    )
    if Application.objects.filter(pk=case, status=Status.AWAITING_APPROVAL).exists():
        services.approve_decision(case, by=AssessorFactory(body=body))
    for letter in Letter.objects.filter(application_id=case, status=LetterStatus.PENDING):
        render_letter(letter.pk)

    # Another case refused without views (4:7 does not apply), and one withdrawn with a reason.
    other = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    services.decide_application(
        other.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=m("motivation"),
        views_exception="4:7(1)",
        views_not_needed_reason=m("views_not_needed_reason"),
    )
    services.send_back_decision(other.pk, by=second_assessor, reason=m("status_change_reason"))
    withdrawn = ApplicationFactory(applicant=officeholder, submitted=True, lines=[10_000])
    services.withdraw_application(withdrawn.pk, by=officeholder, reason=m("withdraw_reason"))

    # The objection against the grant: every step that takes a text.
    assert client.post(reverse("objections:lodge", args=[application.public_id]), {"reasons": m("grounds_text")})
    objection = Application.objects.get(pk=case).objections.get()
    objections.request_repair(objection.pk, by=handler, message=m("repair_message"), deadline=today + timedelta(7))
    objections.complete_repair(objection.pk, by=handler, grounds=m("grounds_text"))
    objections.extend_term(objection.pk, by=handler, reason=m("objection_extension_reason"))
    objections.invite_to_hearing(objection.pk, by=handler, at=timezone.now() + timedelta(days=10), place=m("place"))
    objections.record_hearing(objection.pk, by=handler, report=m("hearing_report"))
    objections.record_advice(objection.pk, by=handler, advice=m("advice"), followed=False, departure=m("departure"))
    objections.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation=m("objection_motivation"),
        grounds=[(m("ground_summary"), m("ground_answer"))],
        revised={line.pk: (line.requested_cents, m("revised_motivation")) for line in lines},
        peius_ground=m("peius_ground"),
    )

    # A late objection on the refusal: its lateness judged, the hearing left out.
    refused = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[30_000])
    services.decide_application(
        refused.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=m("motivation"),
        views_exception="4:7(1)",
        views_not_needed_reason=m("views_not_needed_reason"),
    )
    services.approve_decision(refused.pk, by=second_assessor)
    for letter in Letter.objects.filter(application=refused, status=LetterStatus.PENDING):
        render_letter(letter.pk)
    Letter.objects.filter(application=refused).update(sent_at=timezone.now() - timedelta(weeks=10))
    late = objections.lodge_objection(
        refused.pk, by=handler, grounds=m("late_grounds"), received_on=today, channel="post"
    )
    objections.judge_lateness(late.pk, by=handler, excusable=False, reason=m("late_reason"))
    objections.skip_hearing(late.pk, by=handler, reason="clearly_inadmissible", note=m("hearing_skip_note"))

    # The coordinator resets the officeholder's second factor (a lost phone), with a reason.
    enrolment.reset_second_factor(officeholder, by=coordinator, reason=m("enrolment_reason"))

    # A vouched fact the officeholder wants corrected, rejected with a reason.
    proposal = corrections.propose_correction(
        officeholder, fact="term_ends_on", value="2031-01-01", explanation=m("explanation")
    )
    corrections.decide_correction(proposal.pk, by=assessor, accept=False, reason=m("decision_reason"))

    # Earlier reimbursements imported, corrected and withdrawn; one more file checked, not confirmed.
    data = dutch_csv(
        [
            row(
                email=f"{canary}@example.nl",
                postcode=FORMATTED["postcode"],
                number=STAND_IN_HOUSE_NUMBER,
                addition=FORMATTED["addition"],
                measures=m("measures"),
                version="B",
                on="12-03-2024",
                reference=m("source_reference"),
            )
        ]
    )
    run = earlier.check_file(data, body_id=body.pk, by=coordinator)
    earlier.confirm_import(run.pk, by=coordinator)
    earlier.run_import(run.pk)
    imported = EarlierReimbursement.objects.get(body=body)
    earlier.correct(imported.pk, by=coordinator, reason=m("correction_reason"), amount_cents=90_000)
    earlier.withdraw(imported.pk, by=coordinator, reason=m("withdrawn_reason"))
    data = dutch_csv([row(email=f"{canary}@example.nl", measures=m("measures"), reference=m("rows"))])
    earlier.check_file(data, body_id=body.pk, by=coordinator)

    # An intended settlement below the invoice: a reason per line, and the officeholder's views (Awb 4:8).
    invoiced = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[20_000])
    services.decide_application(invoiced.pk, by=assessor, outcome=Outcome.GRANT, motivation=m("motivation"))
    line = invoiced.lines.get()
    services.submit_settlement(invoiced.pk, by=officeholder, **invoices({line.pk: 20_000}))
    services.request_settlement_views(
        invoiced.pk, by=assessor, settled={line.pk: 10_000}, reasons={line.pk: m("settlement_reason")}
    )
    services.receive_settlement_views(invoiced.pk, by=officeholder, views=m("settlement_views_text"))

    # A settled case in a payment batch (the SEPA file and the CSV name the account holder).
    paid = settled_case(body, assessor, (40_000,), account_holder=m("payee"), iban=FORMATTED["iban"])
    payments.prepare_batch(by=assessor, application_ids=[paid.pk], execution_date=today)

    # Kept for old rows only: no form or service writes them any more.
    kept = Application.objects.get(pk=case)
    for name in WRITTEN_BY_NO_SERVICE:
        setattr(kept, name, m(name))
    kept.save(update_fields=list(WRITTEN_BY_NO_SERVICE))


# Values with a fixed format cannot hold the canary: these distinctive ones stand in for it.
FORMATTED = {"iban": "NL81RABO0312345678", "bsn": "999990019", "postcode": "9999 ZZ", "addition": "ZQXKANARIE"}
# A house number is digits only, which a dump holds everywhere (ids, amounts, times): it is
# typed like the rest and must be stored encrypted, but the dump is not searched for it.
STAND_IN_HOUSE_NUMBER = "97531"


def _holds_a_marker(value, canary) -> bool:
    stand_ins = (*FORMATTED.values(), STAND_IN_HOUSE_NUMBER)
    return isinstance(value, str) and (canary in value.lower() or any(v in value for v in stand_ins))


def test_no_canary_in_the_database_dump_when_typed_into_every_encrypted_column(
    body, officeholder, assessor, second_assessor, coordinator
):
    canary = f"kanarie{uuid.uuid4().hex[:10]}"
    officeholder.phone, officeholder.bsn = f"{canary}phone", FORMATTED["bsn"]
    officeholder.save()
    _fill_every_encrypted_column(canary, body, officeholder, assessor, second_assessor, coordinator)

    # Every encrypted column holds the canary (or a stand-in) in at least one row, read back decrypted.
    unfilled = [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_columns()
        if isinstance(field, EncryptedTextField)
        and f"{model._meta.label}.{field.name}" not in NOTHING_TYPED
        and not any(_holds_a_marker(value, canary) for value in model._base_manager.values_list(field.name, flat=True))
    ]
    assert unfilled == []

    dump = database_dump()
    assert str(Application.objects.filter(applicant=officeholder).first().public_id) in dump  # the dump is real
    assert canary not in dump.lower()
    assert [value for value in FORMATTED.values() if value in dump] == []
