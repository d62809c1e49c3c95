"""`manage.py backup DIR`: a consistent backup (database dump, private files, manifest), never the keys."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from regeling.operations.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the private files into a new folder, with a manifest (no keys)."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="a folder to create the backup in (a dated subfolder is made)")
        parser.add_argument("--exact", action="store_true", help="write into DESTINATION itself (must not exist)")

    def handle(self, *args, destination, exact, **options):
        folder = Path(destination)
        if not exact:
            folder = folder / f"regeling-backup-{timezone.now():%Y%m%dT%H%M%SZ}"
        if folder.exists():
            raise CommandError(f"{folder} exists already: a backup is written into a new folder")
        try:
            manifest = make_backup(folder)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(
            f"Backup written to {folder}: {sum(manifest['counts'].values())} rows, {len(manifest['files'])} files, "
            f"{len(manifest['letters'])} letters, audit head {manifest['audit']['head'][:12]}. No keys included."
        )
