"""`manage.py create_db_roles --env-file var/db-roles.env`: the owner and application roles for `make run`.

Run with an administrator's DATABASE_URL (e.g. postgres@127.0.0.1). Creates (or keeps)
`<database>_owner` and `<database>_app`, makes the owner own the database, its public
schema and every table already in it, and writes DATABASE_URL (the application role)
and DATABASE_OWNER_URL (the owner) to the env file. Idempotent: passwords already in
the file are kept. With SQLite it writes an empty file: the embedded database has no roles.
"""

import secrets
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.core.management.base import BaseCommand
from django.db import connection
from psycopg import sql

from regeling.core.dbroles import grant_app_privileges


def _read_env(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def _password_from(url: str) -> str | None:
    return unquote(urlsplit(url).password) if url and urlsplit(url).password else None


_TABLES = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p')"
)
_FUNCTIONS = (
    "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = 'public'"
)


def _hand_over(cursor, query: str, statement: str, owner: str, quote_name) -> None:
    """Make `owner` the owner of every object `query` names (tables a superuser migrated before)."""
    cursor.execute(query)
    for (name,) in cursor.fetchall():
        cursor.execute(sql.SQL(statement).format(quote_name(name), sql.Identifier(owner)))


class Command(BaseCommand):
    help = "Create the owner and application database roles and write their URLs to an env file."

    def add_arguments(self, parser):
        parser.add_argument("--env-file", required=True)

    def handle(self, *args, **options):
        path = Path(options["env_file"])
        if connection.vendor != "postgresql":
            path.write_text("# SQLite: no database roles (docs/security.md)\n")
            return
        existing = _read_env(path)
        settings = connection.settings_dict
        name = settings["NAME"]
        owner, app = f"{name}_owner", f"{name}_app"
        passwords = {
            owner: _password_from(existing.get("DATABASE_OWNER_URL", "")) or secrets.token_urlsafe(24),
            app: _password_from(existing.get("DATABASE_URL", "")) or secrets.token_urlsafe(24),
        }
        with connection.cursor() as cursor:
            for role, password in passwords.items():
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                verb = "ALTER" if cursor.fetchone() else "CREATE"
                cursor.execute(
                    sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(password)
                    )
                )
            cursor.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(name), sql.Identifier(owner)))
            cursor.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner)))
            _hand_over(cursor, _TABLES, "ALTER TABLE {} OWNER TO {}", owner, sql.Identifier)
            _hand_over(cursor, _FUNCTIONS, "ALTER FUNCTION {} OWNER TO {}", owner, sql.SQL)
            grant_app_privileges(cursor, app)
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        path.write_text(
            f"DATABASE_URL=postgres://{app}:{quote(passwords[app], safe='')}@{host}/{name}\n"
            f"DATABASE_OWNER_URL=postgres://{owner}:{quote(passwords[owner], safe='')}@{host}/{name}\n"
        )
        path.chmod(0o600)
        self.stdout.write(f"Database roles ready: {owner} (migrations) and {app} (web, worker, beat).")
