"""Personal data stays encrypted everywhere it rests or travels.

Unique markers go into every encrypted field; then a real decision is taken and
a real worker process renders its letter. The database dump (pg_dump, or
iterdump on SQLite), the web and worker logs, the e-mails sent and every key
and value in Redis must hold none of the markers in plaintext.
"""

import subprocess
import uuid

import pytest
import redis
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import Document
from regeling.applications.states import Outcome
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory, AssessorFactory, DocumentFactory, OfficeholderFactory
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


def _fund(organisation) -> None:
    """Grants draw on the body's budget for the year, when the budgets app is part of the project."""
    if apps.is_installed("regeling.budgets"):
        budget = apps.get_model("budgets", "Budget")
        budget.objects.get_or_create(
            organisation=organisation, year=timezone.localdate().year, defaults={"budget_cents": 10**9}
        )


@pytest.fixture
def captured_logs():
    """Everything the web process logs, at every level, as the JSON lines production writes
    (with the request's context: request id, user id, role)."""
    with captured_stream() as stream:
        yield stream


def test_no_marker_in_plaintext_when_a_decision_and_its_letter_are_made(tmp_path, captured_logs, monkeypatch):
    markers = {name: _marker(name) for name in ("address", "postcode", "city", "iban", "advice", "phone", "doc")}
    officeholder = OfficeholderFactory(phone=markers["phone"])
    application = ApplicationFactory(
        applicant=officeholder,
        in_assessment=True,
        lines=[45_000],
        address_line=markers["address"],
        postcode=markers["postcode"],
        city=markers["city"],
        iban=markers["iban"],
        advice_contents=markers["advice"],
    )
    document = DocumentFactory(application=application, display_name=markers["doc"])
    _fund(application.organisation)
    assessor = AssessorFactory(organisation=application.organisation)
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
