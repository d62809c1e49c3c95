"""The letter commit runs with synchronous_commit=off: a PostgreSQL crash in the middle of a batch
loses nothing. A cluster of its own (initdb + pg_ctl on a free port), stopped with
`pg_ctl stop -m immediate` while a real worker renders; afterwards every letter is rendered once,
its stored file matches its SHA-256, and that is the SHA-256 of a render of its snapshot."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.worker.helpers import ROOT, free_port, kill_worker, wait_for

pytestmark = pytest.mark.worker
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Enough that the batch is still running when the crash comes (a quiet machine renders 40 in a second).
LETTERS = 200
ALL = LETTERS + 1  # and the receipt the case's submission wrote

MAKE_LETTERS = f"""
from regeling.letters.models import Letter, LetterKind
from regeling.letters.outbox import queue_rendering
from tests.factories import ApplicationFactory, OfficeholderFactory
application = ApplicationFactory(applicant=OfficeholderFactory(), in_assessment=True, with_reasoning=True)
for _ in range({LETTERS}):
    queue_rendering(Letter.objects.create(application=application, kind=LetterKind.DECISION).pk)
"""
REQUEUE = "from regeling.letters.outbox import requeue_pending; requeue_pending(0)"
VERIFY = """
import hashlib, json
from regeling.letters.models import Letter
from worker.letters import render
from worker.letters.data import letter_data_of, letter_query
rows = []
for letter in letter_query().order_by("pk"):
    with letter.pdf.open("rb") as pdf:
        stored = hashlib.sha256(pdf.read()).hexdigest() if letter.pdf else ""
    again = hashlib.sha256(render(letter_data_of(letter))).hexdigest()
    rows.append([letter.status, letter.sha256, stored, again])
print(json.dumps(rows))
"""


class Cluster:
    """A PostgreSQL 15 cluster in a temporary folder, run as the postgres user."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="regeling-crash-"))
        shutil.chown(self.folder, "postgres")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/regeling"

    def as_postgres(self, *command: str) -> None:
        runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*runner, *command], check=True, cwd=self.folder, capture_output=True)

    def create(self) -> None:
        self.as_postgres(str(PG_BIN / "initdb"), "-D", str(self.folder / "data"), "-U", "postgres", "--auth=trust")
        self.start()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "regeling"],
            check=True,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        data, log = str(self.folder / "data"), str(self.folder / "log")
        self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", data, "-o", options, "-l", log, "-w", "start")

    def crash(self) -> None:
        self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")

    def remove(self) -> None:
        try:
            self.crash()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 server binaries are needed (apt-get install postgresql-15)")
    cluster = Cluster()
    cluster.create()
    yield cluster
    cluster.remove()


def environment(cluster: Cluster, broker_url: str) -> dict[str, str]:
    """Its own database and its own broker: no message of this test reaches another test's worker."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="regeling.settings.test",
        DATABASE_URL=cluster.url,
        CELERY_BROKER_URL=broker_url,
    )


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def rendered(cluster: Cluster) -> int:
    """Rendered letters, read with psql (quick enough to catch the batch in the middle)."""
    query = "SELECT count(*) FROM letters_letter WHERE status = 'rendered'"
    command = ["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-tAc", query, "regeling"]
    done = subprocess.run(command, capture_output=True, text=True)
    return int(done.stdout) if done.returncode == 0 else -1  # -1: the database is away


def swept_until_all_rendered(env, cluster) -> bool:
    """What beat's outbox sweep does every 30 s, then up to 30 s for the worker to catch up."""
    manage(env, "shell", "-c", REQUEUE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if rendered(cluster) == ALL:
            return True
        time.sleep(1)
    return False


def test_every_letter_is_rendered_once_with_a_matching_hash_when_postgresql_crashes_mid_batch(
    cluster, redis_server, tmp_path
):
    env = environment(cluster, redis_server.url)
    manage(env, "migrate", "-v", "0")
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "worker", "worker", "--concurrency", "2", "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        manage(env, "shell", "-c", MAKE_LETTERS)
        wait_for(lambda: rendered(cluster) >= 3, timeout=90, interval=0.2)
        cluster.crash()  # no checkpoint, no flush: what a power cut does
        time.sleep(2)
        cluster.start()
        assert rendered(cluster) < ALL, "the batch was over before the crash"
        wait_for(lambda: swept_until_all_rendered(env, cluster), timeout=300, interval=0)
    finally:
        kill_worker(worker)
    rows = json.loads(manage(env, "shell", "-c", VERIFY).splitlines()[-1])
    assert len(rows) == ALL
    for status, recorded, stored, again in rows:
        assert status == "rendered" and recorded == stored == again
