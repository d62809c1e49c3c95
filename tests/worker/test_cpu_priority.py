"""Interactive users first: the worker's pool processes render only on CPU time the web leaves
(SCHED_IDLE, and a niceness for systems without it), so a batch of letters does not slow the pages."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def pool_processes(parent_pid: int) -> list[int]:
    """The pids of the worker's pool processes: the children of its main process."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = [int(pid) for pid in Path(f"/proc/{parent_pid}/task/{parent_pid}/children").read_text().split()]
        if children:
            return children
        time.sleep(0.1)
    raise AssertionError("the worker started no pool process")


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")
def test_pool_processes_of_a_real_worker_run_at_idle_priority_and_nicer_than_the_web(celery_worker_process):
    (pool,) = pool_processes(celery_worker_process.pid)

    assert os.sched_getscheduler(pool) == os.SCHED_IDLE
    assert os.getpriority(os.PRIO_PROCESS, pool) == os.getpriority(os.PRIO_PROCESS, 0) + settings.WORKER_NICENESS
    # The main process, which only fetches messages, keeps the normal policy.
    assert os.sched_getscheduler(celery_worker_process.pid) == os.SCHED_OTHER
