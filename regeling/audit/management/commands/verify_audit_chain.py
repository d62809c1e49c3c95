"""`manage.py verify_audit_chain`: exits non-zero and names the first broken row. Each run is recorded."""

from django.core.management.base import BaseCommand, CommandError

from regeling.audit.chain import verify_and_record


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken row."

    def handle(self, *args, **options):
        result = verify_and_record()
        if not result.intact:
            raise CommandError(f"Audit chain broken at event {result.broken_event_id}: {result.reason}.")
        self.stdout.write(f"Audit chain intact: {result.checked} events verified.")
