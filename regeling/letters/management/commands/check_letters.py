"""`manage.py check_letters`: after broker or database downtime, was anything lost?

Prints the counts of pending (past the outbox's grace period), failed, orphaned and
mismatched letters, with the letter ids (never personal data), and exits with status 1
when any is non-zero, so a script or a monitoring check can act on it.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from regeling.letters.checking import check_letters


class Command(BaseCommand):
    help = "Report pending, failed, orphaned and mismatched letters; exit 1 when something is wrong."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending-grace", type=int, default=60, help="seconds a letter may be pending before it counts (60)"
        )
        parser.add_argument("--no-hashes", action="store_true", help="do not re-read every sent letter's file")

    def handle(self, *args, pending_grace: int, no_hashes: bool, **options):
        result = check_letters(pending_grace=timedelta(seconds=pending_grace), hashes=not no_hashes)
        rows = [
            ("pending", len(result.pending), result.pending),
            ("failed", len(result.failed), result.failed),
            ("orphaned files", result.orphaned_files, []),
            ("mismatched", len(result.mismatched), result.mismatched),
        ]
        for label, count, ids in rows:
            shown = " ".join(str(pk) for pk in ids[:50]) + (" ..." if len(ids) > 50 else "")
            self.stdout.write(f"letters {label}: {count}" + (f" ({shown})" if ids else ""))
        if result.problems:
            self.stderr.write("Something needs attention: see docs/operations.md, 'After downtime'.")
            raise SystemExit(1)
        self.stdout.write("Nothing lost: every letter is sent, its file matches its SHA-256.")
