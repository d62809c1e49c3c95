"""Helpers for tests with real Celery worker processes against the configured broker (Redis in CI) and the
test database, and a private redis-server that a test may stop and start again. Fixtures: conftest.py."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings
from kombu import pools

from worker.celery import app

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 30


def worker_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "regeling.settings.test"
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    return env


def start_worker(log_path: Path, *, concurrency: int = 1) -> subprocess.Popen:
    """Start a worker in its own process group (so a test can SIGKILL it with its children)."""
    for folder in ("data_folder_in", "control_folder"):
        if folder in settings.CELERY_BROKER_TRANSPORT_OPTIONS:
            Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[folder]).mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "worker",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrency),
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=worker_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while time.monotonic() < deadline:
        if "ready." in log_path.read_text():
            return process
        if process.poll() is not None:
            break
        time.sleep(0.1)
    kill_worker(process)
    raise RuntimeError(f"worker did not start:\n{log_path.read_text()[-3000:]}")


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        kill_worker(process)


def kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool children at once: nothing gets to clean up."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of our own on a free loopback port, so the test can stop and restart it."""

    def __init__(self, folder: Path, *, appendonly: bool = False):
        self.folder, self.port, self.process = folder, free_port(), None
        self.appendonly = "yes" if appendonly else "no"  # "yes" as in production (docker-compose.yml)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", self.appendonly],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.accepts_connections, timeout=10, interval=0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def accepts_connections(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True


def reset_broker_connections() -> None:
    """Make the Celery app connect afresh, to whatever broker URL is configured now.

    kombu keeps its pools in a registry per URL; closing one without removing it would
    leave a closed pool for the next publish to that URL, so the registry is cleared.
    """
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Point Django's settings, the Celery app and workers started inside at another broker.

    The app reads its settings under the CELERY_ namespace once; writing the namespaced
    keys and the explicit read/write URLs, then dropping the pools, makes it connect afresh.
    """
    options = {"visibility_timeout": 3600}
    changes = {
        "CELERY_BROKER_URL": url,
        "broker_read_url": url,
        "broker_write_url": url,
        "CELERY_BROKER_TRANSPORT_OPTIONS": options,
    }
    old = {key: app.conf.get(key) for key in changes}
    with override_settings(CELERY_BROKER_URL=url, CELERY_BROKER_TRANSPORT_OPTIONS=options):
        app.conf.update(changes)
        reset_broker_connections()
        try:
            yield
        finally:
            app.conf.update(old)
            reset_broker_connections()
