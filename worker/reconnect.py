"""Pending work resumes within seconds after the broker comes back.

Each time the worker's consumer (re)connects to the broker (at start and after every
outage) it queues the letters and mails still pending, in a thread so the event loop is not held
up, and finishes letter files whose rename a crash interrupted. It queues letters pending for
over RECENT seconds (a younger one most likely has its message on the way), and looks
again RECENT seconds later for those that were too young, so a letter whose publishing
failed during the outage resumes within about RECENT seconds of the broker's return. (Imports are not queued
here: each batch queues the next, so a second message would run a second chain; their
beat sweep picks up a stalled one after a minute.) A letter whose message survived in Redis may be queued
twice; the second run is a no-op (the row lock and the status check in rendering.py).
The beat sweep (every 30 s, for letters pending over a minute) stays as the backstop.
"""

import logging
import threading
import time

from celery import bootsteps
from django.db import close_old_connections, connections

from regeling.accounts import mail_outbox
from regeling.letters import outbox, sweep

log = logging.getLogger(__name__)
RECENT = 15.0


def sweep_pending(*, again_after: float = RECENT) -> None:
    sweep_once()
    time.sleep(again_after)
    sweep_once()


def sweep_once() -> None:
    close_old_connections()
    try:
        letters = outbox.requeue_pending(grace_seconds=RECENT)
        mails = mail_outbox.requeue_due(grace_seconds=RECENT)
        files = sweep.sweep_files()
        log.info(
            "broker connected: %s pending letters and %s mails queued again, %s letter files published",
            letters,
            mails,
            files.published,
        )
    except Exception:  # the database may be away too: the beat sweep tries again
        log.exception("sweep on broker connect failed")
    finally:
        connections.close_all()


class SweepOnConnect(bootsteps.StartStopStep):
    requires = {"celery.worker.consumer.connection:Connection"}

    def start(self, consumer):
        threading.Thread(target=sweep_pending, name="sweep-on-connect", daemon=True).start()
