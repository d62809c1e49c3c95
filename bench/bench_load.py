"""Interactive users first: p95 of the main pages at 50 simulated users, without and with a batch of
letters rendering in a real worker, in the same run, and their ratio (target <= 1.5x).

The system runs as deployed (Procfile): gunicorn with 2 sync workers on loopback, a Celery worker with 2
processes under SCHED_IDLE and at WORKER_NICENESS, PostgreSQL and Redis. BENCH_USERS (50) simulated
users, signed in, each ask for a page, wait a think time (0.5 to 1.5 s) and ask again: officeholders
their portal (case list and a case), assessors the work list and a case file. Phase 1 measures with the
worker idle; phase 2 queues BENCH_BATCH (1,000) decision letters at once (in messages of 25, as the
outbox sweep and a bulk reissue do) and measures while they render. Phase 3 (unless
BENCH_SEPARATE_BATCH=0) does the same with the batch on a worker of its own with one process (queue
"batch", as LETTER_BATCH_QUEUE=batch deploys it).
All load stays on 127.0.0.1.

It creates its own database (BENCH_DATABASE_URL, default regeling_bench_load on 127.0.0.1) and drops it
afterwards, and uses BENCH_BROKER_URL (default Redis db 15, which it empties). On a shared machine, read
the figures with the load average printed beside them.

    .venv/bin/python bench/bench_load.py
    BENCH_USERS=20 BENCH_BATCH=300 .venv/bin/python bench/bench_load.py
"""

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import create_database, drop_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regeling_bench_load")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
USERS = int(os.environ.get("BENCH_USERS", "50"))
BATCH = int(os.environ.get("BENCH_BATCH", "1000"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "30"))
BATCH_MAX_SECONDS = float(os.environ.get("BENCH_BATCH_MAX_SECONDS", "180"))
SEPARATE_BATCH = os.environ.get("BENCH_SEPARATE_BATCH", "1") != "0"
THINK_SECONDS = float(os.environ.get("BENCH_THINK_SECONDS", "1.0"))  # on average, between a user's pages
TARGET_RATIO = 1.5

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["CELERY_BROKER_URL"] = BROKER_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the figures, not a log line per request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_web(port: int, log_path: Path) -> subprocess.Popen:
    """gunicorn as the Procfile starts it (2 sync workers), on loopback."""
    command = [sys.executable, "-m", "gunicorn", "regeling.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=dict(os.environ), stdout=log_path.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"web did not start:\n{log_path.read_text()[-2000:]}")


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def load_people(users: int):
    """One body: assessors with a work list of open cases, officeholders each with a few cases.
    Returns (session cookie, [paths]) for every simulated user."""
    from django.test import Client
    from django.urls import reverse

    from regeling.accounts.models import Office
    from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory
    from tests.helpers import sign_in

    body = BodyFactory(name="Gemeente Lastdam")
    people = []
    for n in range(users):
        if n % 2:
            user = AssessorFactory(body=body, first_name=f"Beoordelaar{n}")
            cases = [ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True) for _ in range(3)]
            paths = [reverse("review:work_list")] + [reverse("review:case", args=[c.public_id]) for c in cases]
        else:
            user = OfficeholderFactory(body=body, office=Office.ALDERMAN, first_name=f"Houder{n}")
            cases = [ApplicationFactory(applicant=user, submitted=True) for _ in range(2)]
            paths = [reverse("applications:list")] + [reverse("applications:detail", args=[c.public_id]) for c in cases]
        client = sign_in(Client(), user)
        people.append((client.cookies["sessionid"].value, paths))
    return people


class Users:
    """`USERS` threads, each a signed-in person asking for pages with a think time between them."""

    def __init__(self, port: int, people):
        self.port, self.people = port, people
        self.samples: list[tuple[float, float]] = []  # (when it started, milliseconds)
        self.errors = 0
        self.answered: set[int] = set()
        self.warmed_up = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def run_user(self, number: int, cookie: str, paths: list[str]) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}", "Host": "localhost", "Accept-Language": "nl"}
        self.stopping.wait(rng.uniform(0, 1.0))  # users do not all start at the same moment
        while not self.stopping.is_set():
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                if ok:
                    self.samples.append((started, elapsed))
                    self.answered.add(number)
                    if len(self.answered) == len(self.people):
                        self.warmed_up.set()
                else:
                    self.errors += 1
            self.stopping.wait(rng.uniform(0.5, 1.5) * THINK_SECONDS)
        connection.close()

    def start(self) -> None:
        self.threads = [
            threading.Thread(target=self.run_user, args=(n, cookie, paths), daemon=True)
            for n, (cookie, paths) in enumerate(self.people)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=35)

    def between(self, start: float, end: float) -> list[float]:
        with self.lock:
            return [ms for when, ms in self.samples if start <= when < end]


def p95(samples: list[float]) -> float:
    if len(samples) < 2:  # a phase too short to say anything
        return max(samples, default=float("nan"))
    return statistics.quantiles(samples, n=20)[-1]


def start_batch_worker(log_path: Path) -> subprocess.Popen:
    """A second worker that reads only the queue "batch", with one process."""
    from worker.celery import app

    command = [sys.executable, "-m", "celery", "-A", "worker", "worker", "-Q", "batch", "--concurrency", "1"]
    command += [
        "-n",
        "batch@%h",
        "--loglevel",
        "WARNING",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=dict(os.environ), stdout=log_path.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[f"batch@{socket.gethostname()}"], timeout=0.5):
            return process
    process.kill()
    raise SystemExit(f"batch worker did not start:\n{log_path.read_text()[-2000:]}")


def render_batch(letter_ids: list[int], publish) -> tuple[float, float, int]:
    """Queue the letters with `publish` and wait until they are rendered (at most BATCH_MAX_SECONDS).
    Returns (start, end, letters rendered)."""
    from regeling.letters.models import Letter, LetterStatus

    start = time.perf_counter()
    publish(letter_ids)
    rendered = Letter.objects.filter(pk__in=letter_ids, status=LetterStatus.RENDERED)
    done = 0
    while done < len(letter_ids) and time.perf_counter() - start < BATCH_MAX_SECONDS:
        time.sleep(0.5)
        done = rendered.count()
    return start, time.perf_counter(), done


def report(name: str, samples: list[float], seconds: float, extra: str = "") -> str:
    return (
        f"{name:34s} p95 {p95(samples):7.1f} ms, median {statistics.median(samples or [float('nan')]):7.1f} ms "
        f"({len(samples)} requests in {seconds:.0f} s{extra}; load average {os.getloadavg()[0]:.1f})"
    )


def main() -> int:
    create_database(DATABASE_URL)
    (ROOT / "var").mkdir(exist_ok=True)  # the workers' logs, also on a fresh checkout
    import django

    django.setup()
    web = worker = batch_worker = None
    try:
        import redis
        from django.core.management import call_command
        from django.utils import timezone

        from bench.bench_letters import issued_letters, load_cases, start_worker
        from regeling.letters.models import Letter
        from regeling.letters.outbox import BATCH_SIZE, RENDER_LETTERS_TASK, queue_batches
        from worker.celery import app

        call_command("migrate", verbosity=0)
        people = load_people(USERS)
        assessor, cases = load_cases(2 * BATCH if SEPARATE_BATCH else BATCH, status="decided")
        letter_ids = issued_letters(assessor, cases)
        shared_ids, own_ids = letter_ids[:BATCH], letter_ids[BATCH:]
        # Not before their phase: the worker queues letters pending for 15 s whenever it connects.
        Letter.objects.filter(pk__in=letter_ids).update(created_at=timezone.now() + timedelta(days=1))
        redis.Redis.from_url(BROKER_URL).flushdb()  # the bench's own broker database
        port = free_port()
        web = start_web(port, ROOT / "var" / "bench-load-web.log")
        worker = start_worker(ROOT / "var" / "bench-load-worker.log")
        if SEPARATE_BATCH:
            batch_worker = start_batch_worker(ROOT / "var" / "bench-load-batch-worker.log")
        users = Users(port, people)
        users.start()
        users.warmed_up.wait(timeout=120)  # every user has had a page: templates and connections are warm
        time.sleep(3)
        idle_start = time.perf_counter()
        time.sleep(IDLE_SECONDS)
        idle_end = time.perf_counter()
        idle = users.between(idle_start, idle_end)
        lines = [report("without a batch:", idle, idle_end - idle_start)]
        phases = [("with a batch (shared worker):", shared_ids, queue_batches)]
        if SEPARATE_BATCH:

            def on_batch_queue(ids: list[int]) -> None:
                for at in range(0, len(ids), BATCH_SIZE):
                    app.send_task(RENDER_LETTERS_TASK, args=ids[at : at + BATCH_SIZE], queue="batch")

            phases.append(("with a batch (own worker, 1 proc):", own_ids, on_batch_queue))
        ratios, complete = [], True
        for name, ids, publish in phases:
            start, end, done = render_batch(ids, publish)
            busy = users.between(start, end)
            complete = complete and done == len(ids)
            rate = f", {done} of {len(ids)} letters rendered, {done / (end - start):.1f} letters/s"
            lines.append(report(name, busy, end - start, rate))
            ratios.append((name, p95(busy) / p95(idle)))
            time.sleep(5)  # the worker is idle again
        users.stop()
        served = len(idle) / (idle_end - idle_start)
        print(
            f"{USERS} users on 127.0.0.1, think time {THINK_SECONDS:.1f} s (gunicorn 2 workers; Celery worker "
            f"2 processes at niceness {os.environ.get('WORKER_NICENESS', '10')}, "
            f"SCHED_IDLE {os.environ.get('WORKER_IDLE_PRIORITY', 'on')}); {os.cpu_count()} cores"
        )
        for line in lines:
            print(line)
        for name, ratio in ratios:
            verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
            print(f"ratio p95 {name.rstrip(':')} / without: {ratio:.2f}x (target <= {TARGET_RATIO}x: {verdict})")
        if statistics.median(idle) > 500 * THINK_SECONDS:
            print(
                f"note: without a batch a page took {statistics.median(idle):.0f} ms (median) and the web served "
                f"{served:.1f} requests/s: it was saturated (or the machine busy), so these p95s measure its queue "
                "and the machine's load more than the batch"
            )
        print(f"failed requests {users.errors}")
        return 0 if users.errors == 0 and complete else 1
    finally:
        stop(web)
        stop(worker)
        stop(batch_worker)
        if not os.environ.get("BENCH_KEEP"):
            drop_database(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
