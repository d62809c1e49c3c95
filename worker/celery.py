"""The Celery app. Settings come from Django's (namespace CELERY_)."""

import os

from celery import Celery
from celery.signals import task_postrun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.base")

app = Celery("regeling")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["worker"])
# Liveness: the worker touches a heartbeat file from its event loop (worker/heartbeat.py).
app.steps["worker"].add("worker.heartbeat.WorkerHeartbeat")

# A worker process keeps its database connection between tasks: Celery's Django fixup
# otherwise closes it before and after every task, and connecting anew costs more than
# rendering a letter. Django's own checks (max age, health check, errors) still drop a
# stale or broken connection after each task.
WORKER_CONNECTION_MAX_AGE = 300
app.conf.update(CELERY_DB_REUSE_MAX=1_000_000)


@worker_process_init.connect
def keep_database_connections(**kwargs) -> None:
    from django.db import connections

    for connection in connections.all():
        connection.settings_dict["CONN_MAX_AGE"] = WORKER_CONNECTION_MAX_AGE
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True


@task_postrun.connect
def drop_unusable_database_connections(**kwargs) -> None:
    from django.db import close_old_connections

    close_old_connections()
