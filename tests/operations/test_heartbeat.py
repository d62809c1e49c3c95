"""Liveness of the worker and beat: real processes write their heartbeat, the probe reads its age."""

import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regeling.operations import heartbeat
from tests.worker.helpers import ROOT, kill_worker, start_worker, stop_worker, wait_for, worker_environment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def heartbeat_dir(tmp_path, settings, monkeypatch):
    folder = tmp_path / "heartbeat"
    settings.HEARTBEAT_DIR = folder
    monkeypatch.setenv("HEARTBEAT_DIR", str(folder))  # read by the processes the test starts
    return folder


def test_probe_passes_when_a_real_worker_runs_and_fails_once_its_heartbeat_is_stale(heartbeat_dir, tmp_path):
    with pytest.raises(CommandError, match="no heartbeat"):
        call_command("check_heartbeat", "worker")
    worker = start_worker(tmp_path / "worker.log")
    try:
        wait_for(lambda: heartbeat.age_seconds("worker") is not None, timeout=20)
        call_command("check_heartbeat", "worker")
    finally:
        stop_worker(worker)
    old = time.time() - 600
    os.utime(heartbeat.heartbeat_path("worker"), (old, old))
    with pytest.raises(CommandError, match="ago"):
        call_command("check_heartbeat", "worker")


def test_probe_passes_when_a_real_beat_ticks(heartbeat_dir, tmp_path):
    with pytest.raises(CommandError):
        call_command("check_heartbeat", "beat")
    log = (tmp_path / "beat.log").open("w")
    beat = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "celery", "-A", "worker", "beat", "--schedule", str(tmp_path / "schedule")],
        cwd=ROOT,
        env={**worker_environment(), "HEARTBEAT_DIR": str(heartbeat_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: heartbeat.age_seconds("beat") is not None, timeout=30)
        call_command("check_heartbeat", "beat")
    finally:
        kill_worker(beat)
