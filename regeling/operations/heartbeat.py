"""Heartbeats of the worker and beat: each writes a file now and then, a probe reads its age.

A worker whose main loop hangs (a broker reconnect gone wrong, a stuck pool) stops
touching its file, and the platform restarts it (docker-compose health check,
Kubernetes liveness probe `manage.py check_heartbeat worker`).
"""

import dataclasses
import time
from pathlib import Path

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

PROCESSES = ("worker", "beat")


def heartbeat_path(process: str) -> Path:
    return Path(settings.HEARTBEAT_DIR) / process


def beat(process: str) -> None:
    """Touch the process's heartbeat file (created with its folder when missing)."""
    path = heartbeat_path(process)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def age_seconds(process: str) -> float | None:
    """Seconds since the last heartbeat; None when there never was one."""
    try:
        return time.time() - heartbeat_path(process).stat().st_mtime
    except FileNotFoundError:
        return None


@dataclasses.dataclass
class Heartbeat(HealthCheck):
    process: str = "worker"

    def run(self):
        age = age_seconds(self.process)
        if age is None:
            raise ServiceUnavailable(f"no heartbeat from {self.process}")
        if age > settings.HEARTBEAT_MAX_AGE_SECONDS:
            raise ServiceUnavailable(f"last heartbeat from {self.process} {age:.0f} s ago")
