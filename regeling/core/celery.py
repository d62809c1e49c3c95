"""The Celery app that the web side and the worker share, configured from Django's
settings (namespace CELERY_; every setting and the reason for it is in settings/base.py).

The web side publishes a task by its name (`publish`) and never imports worker/:
the worker sits on top of every app and registers its tasks on this same app
(worker/celery.py).
"""

import logging

from celery import Celery

from .broker import use_guarded_redis_transport

log = logging.getLogger(__name__)

use_guarded_redis_transport()  # a worker that reconnects never dies of kombu's 'hostname' error
app = Celery("regeling")
app.config_from_object("django.conf:settings", namespace="CELERY")


def publish(task_name: str, *args: int) -> None:
    """Queue the task `task_name` with `args` (ids only, never personal data).

    Raises the broker's error at once when the broker cannot be reached (no retries
    inside a request): the caller keeps the work in its own table (the letter outbox).
    """
    app.send_task(task_name, args=args, retry=False)


def publish_or_leave(task_name: str, row_id: int, *, what: str) -> bool:
    """Queue `task_name` for the row `row_id` of an outbox (a letter, a mail, an import run).

    False, and a log line that names only `what` and the id, when the broker cannot be
    reached: the row keeps the work, and its app's sweep queues it again. Callers run it
    after commit, so the worker never sees a row the transaction has not written yet.
    """
    try:
        publish(task_name, row_id)
    except Exception:  # any broker error: the row keeps the work
        log.warning("%s %s not queued: broker unavailable; the sweep will retry", what, row_id)
        return False
    return True
