"""`manage.py apply_retention [--dry-run]`: pseudonymise cases past the retention period."""

from django.core.management.base import BaseCommand

from regeling.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Remove personal data, files and letters of closed or withdrawn cases older than RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be done; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        report = apply_retention(dry_run=dry_run)
        verb = "would pseudonymise" if dry_run else "pseudonymised"
        self.stdout.write(f"Cases closed or withdrawn before {report.cutoff:%Y-%m-%d}: {len(report.cases)} {verb}.")
        for case in report.cases:
            self.stdout.write(
                f"  {case.public_id}: {case.documents} documents, {case.letters} letters, {case.notes} notes"
            )
        files = "would be emptied" if dry_run else "emptied"
        self.stdout.write(f"Payment batches whose files {files}: {report.payment_batches}.")
