"""A throw-away PostgreSQL database for one benchmark run (never the development or test one)."""


def _admin_dsn(database_url: str) -> tuple[str, str]:
    base, name = database_url.rsplit("/", 1)
    return f"{base}/postgres", name


def create_database(database_url: str) -> None:
    """Drop the bench database if a previous run left it, and create it empty."""
    import psycopg

    dsn, name = _admin_dsn(database_url)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    dsn, name = _admin_dsn(database_url)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
