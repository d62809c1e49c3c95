"""`manage.py check_heartbeat worker|beat`: the liveness probe of the worker and beat.

Exits 0 when the process wrote its heartbeat within HEARTBEAT_MAX_AGE_SECONDS, 1 otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from regeling.operations.health import run_checks
from regeling.operations.heartbeat import PROCESSES, Heartbeat


class Command(BaseCommand):
    help = "Check that the worker or beat wrote its heartbeat recently (a liveness probe)."
    requires_system_checks = []  # a probe runs often: keep it quick

    def add_arguments(self, parser):
        parser.add_argument("process", choices=PROCESSES)

    def handle(self, *args, process, **options):
        (result,) = run_checks([Heartbeat(process=process)])
        if result.error:
            raise CommandError(str(result.error))
        self.stdout.write(f"{process}: ok")
