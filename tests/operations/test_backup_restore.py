"""Backup and restore, proven: a populated system is backed up, restored into an empty database
and folder elsewhere (its own PostgreSQL database, or an SQLite file on the embedded path) with
the keys supplied separately, and every letter, the audit chain and the counts are compared."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.audit import log as audit
from regeling.audit.chain import link_pending, walk
from regeling.letters.models import Letter, LetterStatus
from tests.factories import ApplicationFactory, AssessorFactory, DocumentFactory
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = ("Bewaarstraat 1", "Herstellaan 22", "Kopieweg 333")


def populate() -> None:
    """Three decided cases with their letters rendered, an upload, and audit events: real services."""
    assessor = AssessorFactory()
    for address in ADDRESSES:
        application = ApplicationFactory(body=assessor.body, in_assessment=True, lines=[45_000], address_line=address)
        DocumentFactory(application=application)
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Volgens advies.")
        audit.record("case.read", actor=assessor, obj=application)
    for letter in Letter.objects.all():
        render_letter(letter.pk)
    assert Letter.objects.filter(status=LetterStatus.RENDERED).count() >= len(ADDRESSES)


def original_state() -> dict:
    link_pending()  # the test's own transaction never commits: chain what it recorded
    chain = walk()
    assert chain.intact
    letters = {str(letter.public_id): letter.sha256 for letter in Letter.objects.exclude(pdf="")}
    return {"letters": letters, "audit": {"intact": True, "events": chain.checked, "head": chain.head_hash}}


@pytest.fixture
def elsewhere(tmp_path):
    """An empty database and private folder, not the ones the suite uses; dropped afterwards."""
    private = tmp_path / "restored-private"
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", private
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}", private
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_elsewhere(database_url: str, private: Path, *args: str, keys: str | None = None) -> subprocess.CompletedProcess:
    """A process of the restored system: its own database and folder, the keys given by environment."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "regeling.settings.base",
        "DATABASE_URL": database_url,
        "PRIVATE_ROOT": str(private),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": keys or ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "RESIDENCE_HASH_KEY": settings.RESIDENCE_HASH_KEY,
        "AUDIT_CHAIN_KEYS": ",".join(settings.AUDIT_CHAIN_KEYS),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_restored_system_matches_when_a_populated_system_is_backed_up_and_restored_elsewhere(tmp_path, elsewhere):
    populate()
    original = original_state()
    backup = tmp_path / "backup"
    call_command("backup", str(backup), "--exact")
    manifest = json.loads((backup / "manifest.json").read_text())

    restored = run_elsewhere(*elsewhere, "manage.py", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr[-3000:]
    inspected = run_elsewhere(*elsewhere, "-m", "tests.operations.inspect_system")
    assert inspected.returncode == 0, inspected.stderr[-3000:]
    state = json.loads(inspected.stdout.strip().splitlines()[-1])

    # Every letter's file has the SHA-256 it was issued with, in the restored database and on disk.
    assert len(state["letters"]) == len(original["letters"]) >= len(ADDRESSES)
    for public_id, issued in original["letters"].items():
        assert state["letters"][public_id] == [issued, issued]
    # The audit chain verifies and ends at the head the manifest names.
    assert state["audit"] == original["audit"]
    assert manifest["audit"] == {"events": original["audit"]["events"], "head": original["audit"]["head"]}
    # Counts agree: restored system, manifest, and the original.
    assert state["counts"] == manifest["counts"]
    assert manifest["counts"]["letters.Letter"] == Letter.objects.count()
    assert manifest["counts"]["applications.Document"] == len(ADDRESSES)
    # The keys supplied separately open the personal data.
    assert state["addresses"] == sorted(ADDRESSES)


def test_backup_holds_no_key_when_written(tmp_path):
    ApplicationFactory(in_assessment=True)
    backup = tmp_path / "backup"
    call_command("backup", str(backup), "--exact")
    secrets = [settings.SECRET_KEY, settings.RESIDENCE_HASH_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    secrets += settings.AUDIT_CHAIN_KEYS
    for path in backup.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not [secret for secret in secrets if secret.encode() in content], path
    assert (backup / "manifest.json").stat().st_mode & 0o077 == 0


def test_restore_refused_with_the_reason_when_the_keys_are_not_the_backups(tmp_path, elsewhere):
    ApplicationFactory(in_assessment=True, address_line="Sleutelstraat 9")
    backup = tmp_path / "backup"
    call_command("backup", str(backup), "--exact")
    other_key = "x" * 43 + "="
    restored = run_elsewhere(*elsewhere, "manage.py", "restore", str(backup), keys=other_key)
    assert restored.returncode != 0 and "FIELD_ENCRYPTION_KEYS do not open" in restored.stderr


def test_restore_refused_when_the_target_database_is_not_empty(tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), "--exact")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))  # into the suite's own, populated database


def test_restore_refused_when_a_letter_file_in_the_backup_was_altered(tmp_path, elsewhere):
    populate()
    backup = tmp_path / "backup"
    call_command("backup", str(backup), "--exact")
    letter_file = next((backup / "private" / "letters").glob("*.pdf"))
    letter_file.write_bytes(letter_file.read_bytes() + b"%")
    restored = run_elsewhere(*elsewhere, "manage.py", "restore", str(backup))
    assert restored.returncode != 0 and "differs from the manifest" in restored.stderr
