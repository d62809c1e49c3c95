"""`manage.py restore DIR`: restore a backup into an empty database and private folder, then verify it.

The keys come from this process's environment (FIELD_ENCRYPTION_KEYS, RESIDENCE_HASH_KEY), never
from the backup. Exits non-zero, saying why, when the target is not empty or anything differs.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regeling.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and folder, and verify it."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup folder (with manifest.json)")

    def handle(self, *args, backup, **options):
        try:
            report = restore_backup(Path(backup))
        except BackupError as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(
            f"Restored and verified: {sum(report.counts.values())} rows in {len(report.counts)} tables, "
            f"{report.files_checked} files, {report.letters_checked} letters matching their SHA-256, "
            f"audit chain of {report.audit_events} events intact up to the manifest's head."
        )
