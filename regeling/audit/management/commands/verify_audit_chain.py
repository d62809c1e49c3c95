"""`manage.py verify_audit_chain`: checks the keyed chain and the checkpoints outside the database.

Exits non-zero on the first problem, naming the link and since when the log can no
longer be trusted. `--anchors FILE` reads checkpoints from a copy of the sink
(default: AUDIT_ANCHOR_FILE). Each run is recorded (the "last verified" metric).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regeling.audit.verification import keep, verify


class Command(BaseCommand):
    help = "Verify the audit log's keyed chain against the checkpoints kept outside the database."

    def add_arguments(self, parser):
        parser.add_argument("--anchors", default=settings.AUDIT_ANCHOR_FILE, help="file of signed checkpoints")

    def handle(self, *args, **options):
        report, linked = verify(options["anchors"])
        keep(report)
        for note in report.notes:
            self.stderr.write(f"Warning: {note}.")
        if not report.intact:
            since = report.trusted_until.isoformat() if report.trusted_until else "the first event"
            raise CommandError(
                f"Audit chain broken at link {report.seq}: {report.problem}. "
                f"The log can be trusted up to {since}, not after."
            )
        self.stdout.write(
            f"Audit chain intact: {report.checked} events verified, {report.anchors_checked} checkpoints matched"
            f"{f', {linked} events linked now' if linked else ''}."
        )
