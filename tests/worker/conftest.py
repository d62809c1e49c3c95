"""Fixtures for tests with a real worker process or a private redis-server (helpers: tests/worker/helpers.py)."""

import pytest

from tests.worker.helpers import RedisServer, start_worker, stop_worker


@pytest.fixture
def celery_worker_process(tmp_path):
    process = start_worker(tmp_path / "worker.log")
    yield process
    stop_worker(process)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()
