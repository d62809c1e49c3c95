"""The Celery app. Settings come from Django's (namespace CELERY_)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.base")

app = Celery("regeling")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["worker"])

# A worker process keeps its database connection between tasks: connecting anew for
# every letter would cost more than rendering it. Health checks drop a dead one.
WORKER_CONNECTION_MAX_AGE = 300


@worker_process_init.connect
def keep_database_connections(**kwargs) -> None:
    from django.db import connections

    for connection in connections.all():
        connection.settings_dict["CONN_MAX_AGE"] = WORKER_CONNECTION_MAX_AGE
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
