"""Benchmark of audited writes on PostgreSQL with 1, 4 and 16 threads (issue 19).

Two figures per thread count: bare audit events (`audit.record` in its own
transaction, chained after commit) and full grant decisions (row locks, history,
letter row, budget commitment and audit events, all in one transaction). Before the
chain moved out of the business transaction every audited write waited for every
other; the figures show whether more threads still buy throughput. Creates and drops
its own database (BENCH_DATABASE_URL, default regeling_bench_audit on 127.0.0.1).

    .venv/bin/python bench/bench_audit.py
    BENCH_AUDIT_DECISIONS=100 .venv/bin/python bench/bench_audit.py
"""

import logging
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import create_database, drop_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regeling_bench_audit")
EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", "1600"))
DECISIONS = int(os.environ.get("BENCH_AUDIT_DECISIONS", "160"))
THREADS = (1, 4, 16)

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.test")


def in_threads(jobs, threads: int) -> float:
    """Run the jobs on `threads` threads (each its own connection); returns jobs per second."""
    from django.db import connections

    queue = list(jobs)
    lock = threading.Lock()
    failures = []

    def work():
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    job = queue.pop()
                try:
                    job()
                except Exception as exc:  # counted and reported: a benchmark must not hide errors
                    failures.append(exc)
        finally:
            connections.close_all()

    started = time.perf_counter()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if failures:
        print(f"  {len(failures)} failures, first: {failures[0]!r}")
    return len(jobs) / elapsed


def main() -> int:
    create_database(DATABASE_URL)
    import django

    django.setup()
    logging.disable(logging.INFO)  # one log line per event is not what is measured
    try:
        from django.core.management import call_command

        from regeling.applications import services
        from regeling.applications.states import Outcome
        from regeling.audit import chain
        from regeling.audit import log as audit
        from regeling.budgets.models import Budget
        from tests.applications.cases import MOTIVATION
        from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

        call_command("migrate", verbosity=0)
        body = BodyFactory(name="Gemeente Bench")
        Budget.objects.filter(body=body).update(budget_cents=10**12)
        assessor = AssessorFactory(body=body)
        applicants = OfficeholderFactory.create_batch(20, body=body)
        print(f"{'threads':>7}  {'audit events/s':>15}  {'grant decisions/s':>18}")
        for threads in THREADS:
            events = [lambda n=n: audit.record("bench.event", actor=assessor, number=n) for n in range(EVENTS)]
            cases = [
                ApplicationFactory(applicant=applicants[n % 20], in_assessment=True, lines=[45_000])
                for n in range(DECISIONS)
            ]
            decisions = [
                lambda pk=case.pk: services.decide_application(
                    pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION
                )
                for case in cases
            ]
            events_per_second = in_threads(events, threads)
            decisions_per_second = in_threads(decisions, threads)
            print(f"{threads:>7}  {events_per_second:>15.0f}  {decisions_per_second:>18.1f}", flush=True)
        chain.link_pending(full=True)
        report = chain.walk()
        print(f"chain {'intact' if report.intact else 'BROKEN: ' + report.problem}: {report.checked:,} events")
        print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
        return 0 if report.intact else 1
    finally:
        drop_database(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
