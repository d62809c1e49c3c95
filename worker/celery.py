"""The worker's side of the Celery app: the shared app (regeling/core/celery.py) with
this package's tasks registered on it, the worker process's database connections,
its logging and telemetry."""

import os
from logging.config import dictConfig

from celery.signals import (
    beat_init,
    setup_logging,
    task_failure,
    task_postrun,
    task_prerun,
    task_rejected,
    task_retry,
    task_revoked,
    task_success,
    task_unknown,
    worker_init,
    worker_process_init,
)
from django.conf import settings
from django.db import close_old_connections, connections

from regeling.core.celery import app

# `celery -A worker` outside the Makefile: the settings are read lazily, on first use.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.base")

app.autodiscover_tasks(["worker"])
# Liveness: the worker touches a heartbeat file from its event loop (worker/heartbeat.py).
app.steps["worker"].add("worker.heartbeat.WorkerHeartbeat")
# Pending letters resume as soon as the broker is back, not at the next beat sweep (worker/reconnect.py).
app.steps["consumer"].add("worker.reconnect.SweepOnConnect")

# Connection reuse: the reason and the figures are in settings/base.py (WORKER_CONNECTION_MAX_AGE).
app.conf.update(CELERY_DB_REUSE_MAX=settings.WORKER_DB_REUSE_MAX)


@worker_process_init.connect
def keep_database_connections(**kwargs) -> None:
    for connection in connections.all():
        connection.settings_dict["CONN_MAX_AGE"] = settings.WORKER_CONNECTION_MAX_AGE
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True


@worker_process_init.connect
def yield_to_interactive_requests(**kwargs) -> None:
    """Pool processes run at a lower CPU priority than the web processes on the same machine, so a
    batch of letters does not slow the pages people are waiting for (WORKER_NICENESS, 0 turns it off)."""

    if settings.WORKER_NICENESS:
        os.nice(settings.WORKER_NICENESS)
    if settings.WORKER_IDLE_PRIORITY and hasattr(os, "SCHED_IDLE"):
        # Linux: the CPU only when nothing else wants it, and a waking web process preempts the pool at
        # once. A niced process keeps a share and finishes its slice, which a page with thirty queries
        # (thirty wake-ups) waits for each time.
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError:  # a container's seccomp policy may refuse it: the niceness still holds
            pass


@task_postrun.connect
def drop_unusable_database_connections(**kwargs) -> None:
    close_old_connections()


@setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """The worker and beat log like the web process (JSON or console lines, regeling/core/logging.py)."""
    dictConfig(settings.LOGGING)


@worker_init.connect
def bind_task_log_context(**kwargs) -> None:
    """Each task's log lines carry its task id and the request id of the request that queued it.

    (Publishing tasks with that context is connected in every process by django-structlog itself.)
    """
    from django_structlog.celery.receivers import CeleryReceiver  # noqa: PLC0415 - needs the apps loaded (worker_init)

    receiver = CeleryReceiver()
    task_prerun.connect(receiver.receiver_task_prerun, weak=False)
    task_retry.connect(receiver.receiver_task_retry, weak=False)
    task_success.connect(receiver.receiver_task_success, weak=False)
    task_failure.connect(receiver.receiver_task_failure, weak=False)
    task_revoked.connect(receiver.receiver_task_revoked, weak=False)
    task_unknown.connect(receiver.receiver_task_unknown, weak=False)
    task_rejected.connect(receiver.receiver_task_rejected, weak=False)


@worker_process_init.connect
def export_worker_telemetry(**kwargs) -> None:
    """Each pool process sets up its own exporters (threads do not survive the fork)."""
    from regeling.operations import telemetry  # noqa: PLC0415 - needs the apps loaded (after the fork)

    telemetry.configure("worker")


@beat_init.connect
def export_beat_telemetry(**kwargs) -> None:
    from regeling.operations import telemetry  # noqa: PLC0415 - needs the apps loaded (after the fork)

    telemetry.configure("beat")
