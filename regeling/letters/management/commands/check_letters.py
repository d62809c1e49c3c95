"""`manage.py check_letters`: after broker, database or mail server downtime, was anything lost?

Prints the counts of pending (past the outbox's grace period), failed, orphaned and
mismatched letters, and of mails waiting for a retry, stuck and failed (regeling/accounts/
mail_outbox.py), with their ids (never personal data), and exits with status 1 when any is
non-zero, so a script or a monitoring check can act on it. `--retry-failed-mails` puts failed
mails back in the outbox (after the mail server's settings were fixed).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from regeling.accounts.mail_outbox import check_mails, retry_failed
from regeling.letters.checking import check_letters


class Command(BaseCommand):
    help = (
        "Report pending, failed, orphaned and mismatched letters and pending, stuck and failed mails; "
        "exit 1 when something is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending-grace", type=int, default=60, help="seconds a letter may be pending before it counts (60)"
        )
        parser.add_argument("--no-hashes", action="store_true", help="do not re-read every sent letter's file")
        parser.add_argument(
            "--retry-failed-mails", action="store_true", help="put failed mails back in the outbox first"
        )

    def handle(self, *args, pending_grace: int, no_hashes: bool, retry_failed_mails: bool, **options):
        if retry_failed_mails:
            self.stdout.write(f"failed mails queued again: {retry_failed()}")
        grace = timedelta(seconds=pending_grace)
        result = check_letters(pending_grace=grace, hashes=not no_hashes)
        mails = check_mails(pending_grace=grace)
        rows = [
            ("letters pending", len(result.pending), result.pending),
            ("letters failed", len(result.failed), result.failed),
            ("letters orphaned files", result.orphaned_files, []),
            ("letters mismatched", len(result.mismatched), result.mismatched),
            ("mails pending (waiting for a retry)", len(mails.waiting), mails.waiting),
            ("mails stuck (due, not taken)", len(mails.stuck), mails.stuck),
            ("mails failed", len(mails.failed), mails.failed),
        ]
        for label, count, ids in rows:
            shown = " ".join(str(pk) for pk in ids[:50]) + (" ..." if len(ids) > 50 else "")
            self.stdout.write(f"{label}: {count}" + (f" ({shown})" if ids else ""))
        if result.problems or mails.problems:
            self.stderr.write("Something needs attention: see docs/operations.md, 'After downtime'.")
            raise SystemExit(1)
        self.stdout.write(
            "Nothing lost: every letter is sent, its file matches its SHA-256; every mail is sent or on its way."
        )
