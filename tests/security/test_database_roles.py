"""The application's database role owns nothing: on the audit tables it may only INSERT and SELECT."""

import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from psycopg import sql

from regeling.audit import chain
from regeling.audit import log as audit
from regeling.core.dbroles import grant_app_privileges

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL only"),
]


@pytest.fixture
def as_app_role():
    """A fresh application role with exactly the grants a migration as owner gives it (rolled back with the test)."""
    role = f"regeling_test_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        grant_app_privileges(cursor, role)
        cursor.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(statement: str, params=()) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, list(params))
    return str(refused.value)


@pytest.fixture
def event(db):
    event = audit.record("test.event")
    chain.link_pending()
    return event


def test_app_role_records_and_reads_audit_events_when_it_works_normally(event, as_app_role):
    audit.record("test.second")
    assert chain.link_pending() == 1
    assert chain.walk().intact


ATTACKS = [
    "UPDATE audit_auditevent SET result = 'denied'",
    "UPDATE audit_auditlink SET key_id = key_id",
    "DELETE FROM audit_auditevent",
    "DELETE FROM audit_auditlink",
    "TRUNCATE audit_auditevent",
    "TRUNCATE audit_auditlink",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditlink DISABLE TRIGGER ALL",
]


@pytest.mark.parametrize("statement", ATTACKS)
def test_app_role_refused_when_it_tries_to_change_remove_or_unguard_audit_rows(event, as_app_role, statement):
    message = _refused(statement)
    assert "permission denied" in message or "must be owner" in message


def test_app_role_refused_when_it_tries_to_drop_the_append_only_trigger(event, as_app_role):
    assert "must be owner" in _refused("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")


def test_app_role_owns_no_table_when_granted(as_app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
        assert cursor.fetchone()[0] == 0


def test_data_migrations_use_the_migrating_connection_when_they_query():
    """`migrate --database owner` runs them as the owner; a query on the default alias would run
    as the application role (refused, or waiting forever on the owner's open transaction)."""
    root = Path(settings.BASE_DIR) / "regeling"
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/migrations/0*.py")
        if "RunPython" in (text := path.read_text())
        and ".objects" in text
        and "schema_editor.connection.alias" not in text
    ]
    assert offenders == []
