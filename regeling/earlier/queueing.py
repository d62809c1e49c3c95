"""Publishing the import to the worker, by the task's name (the web side never imports worker/).

A broker outage never fails a request: the run's row keeps the work, and the beat
sweep (`requeue_stale`) queues runs that made no progress for a minute.
"""

from datetime import timedelta

from django.utils import timezone

from regeling.core.celery import publish_or_leave

from .models import ImportRun, ImportStatus

IMPORT_TASK = "worker.tasks.import_earlier_reimbursements"
STALE_AFTER = timedelta(minutes=1)


def queue_import(run_id: int) -> bool:
    """Publish the import task. False (and a log line) when the broker is down: the sweep queues it later."""
    return publish_or_leave(IMPORT_TASK, run_id, what="import")


def requeue_stale(grace_seconds: float = STALE_AFTER.total_seconds()) -> int:
    """Queue confirmed imports that made no progress for the grace period. Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    ids = list(
        ImportRun.objects.filter(
            status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING), updated_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for run_id in ids:
        queue_import(run_id)
    return len(ids)
