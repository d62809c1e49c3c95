"""Backup and restore: a consistent database dump, the private files, and a manifest.

A backup is a folder:

    manifest.json        what was backed up: counts per table, the audit chain's head, the
                         SHA-256 of the dump and of every private file, each letter's SHA-256
    database.pgdump      pg_dump's custom format (PostgreSQL), or
    database.sqlite3     SQLite's online backup (the embedded database)
    private/             the uploaded documents and letter PDFs

The dump, the counts and the audit head come from one snapshot of the database (on PostgreSQL
an exported snapshot that pg_dump shares; on SQLite the copy itself), so the manifest describes
exactly what the dump holds. Files are copied after the snapshot: a file is written before the
row that names it commits, so every file a dumped row names is there.

No key is ever written: FIELD_ENCRYPTION_KEYS, RESIDENCE_HASH_KEY and DJANGO_SECRET_KEY are
supplied to the restore separately (docs/operations.md). The letter PDFs and documents hold
personal data in the clear: store backups encrypted, apart from the keys.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from regeling.applications.models import Application
from regeling.audit.chain import GENESIS, walk
from regeling.audit.models import AuditLink
from regeling.core.crypto import EncryptedTextField
from regeling.core.residence import residence_key_from_address
from regeling.letters.models import Letter

FORMAT = 1
MANIFEST = "manifest.json"
PRIVATE = "private"
DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Written by the storage health check and removed again at once: never part of a backup.
SKIPPED_FOLDERS = {"health_check_storage_test"}


class BackupError(Exception):
    """The backup or restore cannot be trusted; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def project_models():
    return [model for model in apps.get_models() if model._meta.app_config.name.startswith("regeling.")]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def snapshot_facts(cursor) -> dict:
    """Counts per model, the audit head and each issued letter's file and SHA-256, read with a
    DB-API cursor on the snapshot the dump was taken from. Table names come from model metadata."""
    counts = {}
    for model in project_models():
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(model._meta.db_table)}")  # noqa: S608  # nosec B608 - identifier from models
        counts[model._meta.label] = cursor.fetchone()[0]
    audit, letters = _quote(AuditLink._meta.db_table), _quote(Letter._meta.db_table)
    cursor.execute(f"SELECT hash FROM {audit} ORDER BY seq DESC LIMIT 1")  # noqa: S608  # nosec B608 - identifier from models
    row = cursor.fetchone()
    cursor.execute(f"SELECT public_id, sha256, pdf FROM {letters} WHERE pdf <> '' ORDER BY id")  # noqa: S608  # nosec B608 - identifier from models
    issued = {str(public_id).replace("-", ""): {"sha256": sha, "file": pdf} for public_id, sha, pdf in cursor}
    return {
        "counts": counts,
        "audit": {"events": counts[AuditLink._meta.label], "head": row[0] if row else GENESIS},
        "letters": issued,
    }


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client of the server's major version)")
    return path


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PGHOST": db["HOST"] or "127.0.0.1"}
    env["PGPORT"] = str(db["PORT"] or 5432)
    if db["USER"]:
        env["PGUSER"] = db["USER"]
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _dump_postgresql(target: Path) -> dict:
    db = connection.settings_dict
    env = _pg_environment()
    with psycopg.connect(
        dbname=db["NAME"],
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
    ) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            subprocess.run(  # noqa: S603 - fixed program; arguments from our own settings
                [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
                 "--file", str(target), db["NAME"]],
                env=env, check=True, capture_output=True, timeout=3600,
            )  # fmt: skip
            return snapshot_facts(cursor)


def _dump_sqlite(target: Path) -> dict:
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup: a consistent copy while others write
        return snapshot_facts(copy.cursor())
    finally:
        copy.close()
        source.close()


def _copy_private_files(source: Path, target: Path) -> dict[str, str]:
    hashes = {}
    if not source.exists():
        return hashes
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or relative.parts[0] in SKIPPED_FOLDERS:
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copy2(path, destination)
        hashes[relative.as_posix()] = sha256_of(destination)
    return hashes


def make_backup(folder: Path) -> dict:
    """Write a backup into `folder` (created; must not exist) and return its manifest."""
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"backups of a {vendor} database are not supported")
    folder.mkdir(parents=True, mode=0o700)
    dump = folder / DUMP_FILES[vendor]
    facts = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
    files = _copy_private_files(Path(settings.PRIVATE_ROOT), folder / PRIVATE)
    for public_id, letter in facts["letters"].items():
        if files.get(letter["file"]) != letter["sha256"]:
            raise BackupError(f"letter {public_id}: its file is missing or differs from its SHA-256")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": dump.name, "sha256": sha256_of(dump)},
        **facts,
        "files": files,
        "keys": (
            "not included: supply FIELD_ENCRYPTION_KEYS, RESIDENCE_HASH_KEY, AUDIT_CHAIN_KEYS "
            "and DJANGO_SECRET_KEY separately"
        ),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
    return manifest


@dataclass
class RestoreReport:
    counts: dict[str, int] = field(default_factory=dict)
    letters_checked: int = 0
    files_checked: int = 0
    audit_events: int = 0


def _target_is_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(f"the target database is not empty ({len(tables)} tables): restore only into an empty one")
    private = Path(settings.PRIVATE_ROOT)
    if private.exists() and any(private.iterdir()):
        raise BackupError(f"the private folder {private} is not empty: restore only into an empty one")


def _restore_database(folder: Path, manifest: dict) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"this backup is of a {vendor} database; the target is {connection.vendor}")
    dump = folder / manifest["database"]["file"]
    if sha256_of(dump) != manifest["database"]["sha256"]:
        raise BackupError("the database dump differs from the manifest (damaged or altered)")
    connection.close()
    if vendor == "postgresql":
        subprocess.run(  # noqa: S603 - fixed program; arguments from our own settings
            [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "--dbname", connection.settings_dict["NAME"], str(dump)],
            env=_pg_environment(), check=True, capture_output=True, timeout=3600,
        )  # fmt: skip
    else:
        name = Path(connection.settings_dict["NAME"])
        for leftover in (name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            leftover.unlink(missing_ok=True)  # the empty target's journal must not be applied to the copy
        shutil.copyfile(dump, name)


def _restore_files(folder: Path, manifest: dict) -> int:
    target = Path(settings.PRIVATE_ROOT)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    for relative, expected in manifest["files"].items():
        source = folder / PRIVATE / relative
        if not source.is_file() or sha256_of(source) != expected:
            raise BackupError(f"private file {relative} is missing from the backup or differs from the manifest")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copy2(source, destination)
        destination.chmod(0o600)
    return len(manifest["files"])


def check_keys() -> None:
    """The keys supplied to the restore open the restored data: every encrypted column decrypts
    (FIELD_ENCRYPTION_KEYS) and a residence's blind index comes out the same (RESIDENCE_HASH_KEY)."""
    for model in project_models():
        for column in (f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)):
            try:
                model.objects.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True}).values_list(
                    column, flat=True
                ).first()
            except InvalidToken as exc:
                raise BackupError("FIELD_ENCRYPTION_KEYS do not open this backup's data: supply its keys") from exc
    sample = Application.objects.exclude(residence_key="").exclude(address_line="").first()
    if sample is not None and residence_key_from_address(sample.postcode, sample.address_line) != sample.residence_key:
        raise BackupError("RESIDENCE_HASH_KEY is not the key this backup's data was made with: supply its key")


def verify_restored(manifest: dict) -> RestoreReport:
    """Compare the restored system with the manifest: counts, audit chain and head, every letter's file."""
    report = RestoreReport()
    with connection.cursor() as cursor:
        facts = snapshot_facts(cursor)
    if facts["counts"] != manifest["counts"]:
        differ = sorted(k for k in manifest["counts"] if facts["counts"].get(k) != manifest["counts"][k])
        raise BackupError(f"counts differ from the manifest: {', '.join(differ)}")
    chain = walk()
    if not chain.intact:
        raise BackupError(f"the restored audit chain is broken at link {chain.seq}: {chain.problem}")
    if (chain.checked, chain.head_hash) != (manifest["audit"]["events"], manifest["audit"]["head"]):
        raise BackupError("the restored audit chain does not end at the manifest's head")
    root = Path(settings.PRIVATE_ROOT)
    for public_id, letter in manifest["letters"].items():
        restored = facts["letters"].get(public_id)
        path = root / letter["file"]
        if restored != letter or not path.is_file() or sha256_of(path) != letter["sha256"]:
            raise BackupError(f"letter {public_id} does not match its SHA-256 after the restore")
    check_keys()
    report.counts, report.audit_events = facts["counts"], chain.checked
    report.letters_checked, report.files_checked = len(manifest["letters"]), len(manifest["files"])
    return report


def restore_backup(folder: Path) -> RestoreReport:
    """Restore `folder` into the configured (empty) database and private folder, then verify it."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} holds no {MANIFEST}: not a backup")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not supported (expected {FORMAT})")
    _target_is_empty()
    _restore_database(folder, manifest)
    _restore_files(folder, manifest)
    return verify_restored(manifest)
