"""Heartbeats for the liveness probes (regeling/operations/heartbeat.py reads them).

The worker touches its file from its own event loop's timer, so a hung main loop stops
the heartbeat; beat touches its file on every tick of its scheduler.
"""

from celery import bootsteps
from celery.beat import PersistentScheduler

from regeling.operations import heartbeat

INTERVAL_SECONDS = 15.0


class WorkerHeartbeat(bootsteps.StartStopStep):
    requires = ("celery.worker.components:Timer",)

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.tref = None

    def start(self, worker):
        heartbeat.beat("worker")
        self.tref = worker.timer.call_repeatedly(INTERVAL_SECONDS, heartbeat.beat, ("worker",), priority=10)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


class HeartbeatScheduler(PersistentScheduler):
    """Celery's own file-backed scheduler, plus a heartbeat on every tick."""

    def tick(self, *args, **kwargs):
        heartbeat.beat("beat")
        return super().tick(*args, **kwargs)
