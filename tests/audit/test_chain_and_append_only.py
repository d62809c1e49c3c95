"""The audit log: hash chain verification, append-only on PostgreSQL, no forged lines."""

import logging
from io import StringIO

import pytest
from celery.signals import after_setup_logger
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from regeling.audit import chain
from regeling.audit import log as audit
from regeling.audit.models import AuditEvent
from regeling.core.logging import SingleLineFormatter

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


def _three_events():
    events = [audit.record("test.event", number=n) for n in range(3)]
    chain.link_pending()  # in a test transaction on_commit never runs
    return events


def _as_superuser(sql: str, params: list) -> None:
    """Change rows behind the model's back, as a database superuser could (triggers off)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def test_chain_reported_intact_when_no_row_was_touched():
    _three_events()
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "3 events verified" in out.getvalue()


def test_altered_row_reported_when_a_row_was_changed():
    events = _three_events()
    _as_superuser("UPDATE audit_auditevent SET result = 'denied' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[1].pk} was altered"):
        call_command("verify_audit_chain", stdout=StringIO())


def test_deleted_row_reported_when_a_row_in_the_middle_was_removed():
    events = _three_events()
    _as_superuser("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[1].pk} was deleted"):
        call_command("verify_audit_chain", stdout=StringIO())


@on_postgresql
def test_database_refuses_update_when_the_application_tries_it():
    event = audit.record("test.event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(result="denied")


@on_postgresql
def test_database_refuses_delete_when_the_application_tries_it():
    event = audit.record("test.event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_newlines_escaped_in_the_audit_row_when_input_carries_them():
    event = audit.record("test.event", reference="ABC\n2026-01-01 INFO audit action=login.ok")
    assert "\n" not in event.detail["reference"] and "\\n" in event.detail["reference"]


def test_log_record_stays_one_line_when_the_message_carries_a_newline():
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SingleLineFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.forgery")
    logger.addHandler(handler)
    try:
        logger.warning("login failed for %s", "eve\nINFO login ok for admin\r")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().count("\n") == 1
    assert "eve\\nINFO login ok for admin\\r" in stream.getvalue()


def test_audit_line_logged_as_one_line_when_an_event_is_recorded(caplog):
    with caplog.at_level(logging.INFO, logger="regeling.audit"):
        audit.record("test.event\nforged", result="ok")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "regeling.audit"]
    assert "\n" not in line and "test.event\\nforged" in line


def test_worker_log_handlers_get_the_single_line_formatter_when_celery_sets_up_logging():
    logger = logging.getLogger("tests.celery_setup")
    handler = logging.StreamHandler(StringIO())
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    logger.addHandler(handler)
    try:
        after_setup_logger.send(
            sender=None, logger=logger, loglevel=logging.INFO, logfile=None, format="", colorize=False
        )
        assert isinstance(handler.formatter, SingleLineFormatter)
        assert handler.formatter.format(logging.makeLogRecord({"msg": "a\nb", "levelname": "INFO"})) == "[INFO] a\\nb"
    finally:
        logger.removeHandler(handler)
