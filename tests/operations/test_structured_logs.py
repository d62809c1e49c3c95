"""JSON log lines: a request id, user id and role on every line of a request, the same request
id on the worker's lines for the task it queued, and nothing that names a person."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from regeling.core.logging import configure
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory, AssessorFactory
from tests.helpers import sign_in
from tests.operations.logs import captured_lines, configured_formatter, json_records
from tests.worker.helpers import start_worker, stop_worker, wait_for


def by_event(records, event) -> list[dict]:
    return [record for record in records if record.get("event") == event]


@pytest.mark.django_db
def test_request_lines_carry_request_id_user_and_role_but_no_personal_data_when_an_assessor_searches():
    assessor = AssessorFactory()
    staff = sign_in(Client(), assessor)
    with captured_lines() as lines:
        staff.get(reverse("review:work_list"), {"reference": "SEARCHTERM"}, HTTP_USER_AGENT="AgentOfPerson/1.0")
    records = json_records(lines)
    (started,) = by_event(records, "request_started")
    (finished,) = by_event(records, "request_finished")
    assert started["request_id"] == finished["request_id"] and len(started["request_id"]) == 36
    assert (started["user_id"], started["role"]) == (assessor.pk, "assessor")
    assert finished["code"] == 200 and started["request"] == "GET behandeling/"
    text = "\n".join(lines)
    for personal in (assessor.email, assessor.last_name, "SEARCHTERM", "AgentOfPerson", "127.0.0.1"):
        assert personal not in text


@pytest.mark.django_db
def test_url_tokens_stay_out_of_the_log_when_a_path_carries_one():
    with captured_lines() as lines:
        Client().get(reverse("accounts:invitation_accept", args=["SECRETTOKEN123"]))
    (started,) = by_event(json_records(lines), "request_started")
    assert started["request"] == "GET accounts/uitnodiging/<str:token>/"
    assert "SECRETTOKEN123" not in "\n".join(line for line in lines if '"request_' in line)


def test_one_record_is_one_line_when_a_message_carries_line_breaks():
    record = logging.makeLogRecord({"msg": "eve\nINFO login ok for admin", "levelname": "INFO", "name": "t"})
    line = configured_formatter().format(record)
    assert "\n" not in line and json.loads(line)["event"] == "eve\nINFO login ok for admin"


def test_make_run_asks_for_console_lines_when_started_on_a_terminal():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert re.search(r"^run web worker beat: export LOG_FORMAT \?= console$", makefile, re.M)


def test_console_lines_are_readable_and_single_line_when_make_run_asks_for_them():
    options = dict(configure("console", "INFO")["formatters"]["structured"])
    formatter = options.pop("()")(**options)
    line = formatter.format(logging.makeLogRecord({"msg": "a\nb", "levelname": "WARNING", "name": "t"}))
    assert not line.startswith("{") and "a\\nb" in line and "\n" not in line and "warning" in line
    configure("json", "INFO")  # back to the configuration of the rest of the suite


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_request_id_follows_into_the_worker_when_a_request_queues_a_letter(tmp_path):
    assessor = AssessorFactory()
    application = ApplicationFactory(body=assessor.body, in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION, status=LetterStatus.FAILED)
    staff = sign_in(Client(), assessor)
    with captured_lines() as lines:
        assert staff.post(reverse("letters:retry", args=[letter.public_id])).status_code == 302
    web = json_records(lines)
    (enqueued,) = by_event(web, "task_enqueued")
    (started,) = by_event(web, "request_started")
    assert enqueued["request_id"] == started["request_id"] and enqueued["child_task_name"].endswith("render_letter")

    worker_log = tmp_path / "worker.log"
    worker = start_worker(worker_log)
    try:
        wait_for(lambda: Letter.objects.filter(pk=letter.pk, status=LetterStatus.RENDERED).exists(), timeout=60)
        wait_for(lambda: "task_succeeded" in worker_log.read_text(), timeout=10)
    finally:
        stop_worker(worker)
    # The worker writes only JSON lines (Celery's banner goes to stdout too, before logging starts).
    records = json_records(line for line in worker_log.read_text().splitlines() if line.startswith("{"))
    task_lines = [record for record in records if record.get("task_id") == enqueued["child_task_id"]]
    events = {record["event"] for record in task_lines}
    assert {"task_started", "task_succeeded"} <= events
    assert any("succeeded" in event and "render_letter" in event for event in events)  # Celery's own line
    assert {record.get("request_id") for record in task_lines} == {started["request_id"]}
    assert {record.get("user_id") for record in task_lines} == {assessor.pk}
