"""Pending work resumes within seconds after the broker comes back.

Each time the worker's consumer (re)connects to the broker (at start and after every
outage) it queues the letters still pending, in a thread so the event loop is not held
up, and finishes letter files whose rename a crash interrupted. (Imports are not queued
here: each batch queues the next, so a second message would run a second chain; their
beat sweep picks up a stalled one after a minute.) A letter whose message survived in Redis is queued
twice; the second run is a no-op (the row lock and the status check in rendering.py).
The beat sweep (every 30 s, for letters pending over a minute) stays as the backstop.
"""

import logging
import threading

from celery import bootsteps
from django.db import close_old_connections, connections

from regeling.letters import outbox, sweep

log = logging.getLogger(__name__)


def sweep_pending() -> None:
    close_old_connections()
    try:
        letters = outbox.requeue_pending(grace_seconds=0)
        files = sweep.sweep_files()
        log.info(
            "broker connected: %s pending letters queued again, %s letter files published", letters, files.published
        )
    except Exception:  # the database may be away too: the beat sweep tries again
        log.exception("sweep on broker connect failed")
    finally:
        connections.close_all()


class SweepOnConnect(bootsteps.StartStopStep):
    requires = {"celery.worker.consumer.connection:Connection"}

    def start(self, consumer):
        threading.Thread(target=sweep_pending, name="sweep-on-connect", daemon=True).start()
