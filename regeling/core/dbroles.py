"""Least-privileged database roles on PostgreSQL (docs/security.md, "Database roles").

Migrations run as an owner role (`manage.py migrate --database owner`, with
DATABASE_OWNER_URL); web, worker and beat log in as an application role that owns
nothing. After every migration as the owner, the application role gets plain
read/write on the tables, but on the audit tables only INSERT and SELECT: it cannot
update, delete, truncate or switch off the append-only triggers (only an owner can).
SQLite, the embedded default, has no roles.
"""

from django.apps import apps
from django.db import connections
from psycopg import sql

AUDIT_TABLES = ("audit_auditevent", "audit_auditlink")


def grant_app_privileges(cursor, app_role: str) -> None:
    role = sql.Identifier(app_role)
    cursor.execute("SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'", [list(AUDIT_TABLES)])
    audit_tables = [row[0] for row in cursor.fetchall()]  # none yet before the first migration
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
    ]
    statements += [
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {}").format(
            sql.Identifier(table), role
        )
        for table in audit_tables
    ]
    for statement in statements:
        cursor.execute(statement)


def grant_after_migrate(sender, using, **kwargs) -> None:
    """post_migrate: a migration as the owner alias re-grants the application role (the default alias's user)."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if using != "owner" or sender is not with_models[-1]:  # once, after the last app's signal
        return
    app_role = connections.databases["default"].get("USER")
    owner = connections[using]
    if owner.vendor != "postgresql" or not app_role or app_role == owner.settings_dict.get("USER"):
        return
    with owner.cursor() as cursor:
        grant_app_privileges(cursor, app_role)
