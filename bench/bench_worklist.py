"""Benchmark of the back office: 100,000 cases in PostgreSQL, then the server time of the
work list's first page, a filtered page and a case file (median and p95 of 50 requests each).

Runs in-process through Django's test client, so the time is the server's: middleware,
views, queries and templates, without a network. It creates its own database on
127.0.0.1 (BENCH_DATABASE_URL, default regeling_bench_worklist) and drops it afterwards.
The cases are spread over BENCH_BODIES bodies (default 4), so the measured assessor's
body alone holds 25,000: far more than any real body, on purpose.

    .venv/bin/python bench/bench_worklist.py            # 100,000 cases
    BENCH_CASES=20000 .venv/bin/python bench/bench_worklist.py
"""

import logging
import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import create_database, drop_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regeling_bench_worklist")
CASES = int(os.environ.get("BENCH_CASES", "100000"))
BODIES = int(os.environ.get("BENCH_BODIES", "4"))  # the measured body holds CASES / BODIES cases
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
TARGET_P95_MS = 100

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.test")


def load(cases: int, body_count: int):
    """Bulk-load the cases; returns the measured assessor and one full case of their body."""
    from django.utils import timezone

    from regeling.accounts.models import Office
    from regeling.applications import deadlines
    from regeling.applications.models import Application, InformationRequest, MeasureLine, StatusChange
    from regeling.applications.states import Status
    from regeling.schemes.versions import Measure, SchemeVersion
    from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

    rng = random.Random(8)
    today = timezone.localdate()
    bodies = [BodyFactory(name=f"Gemeente Bench{n}") for n in range(body_count)]
    assessors = [AssessorFactory(body=body) for body in bodies]
    applicants = [
        OfficeholderFactory(body=bodies[n % body_count], office=Office.ALDERMAN) for n in range(body_count * 50)
    ]
    states = [Status.SUBMITTED, Status.COMPLETENESS_CHECK, Status.ASSESSMENT, Status.INFO_REQUESTED]
    states += [Status.DECIDED, Status.SETTLED, Status.PAID, Status.CLOSED]
    year = today.year
    batch = []
    for n in range(cases):
        applicant = applicants[n % len(applicants)]
        received = today - timedelta(days=rng.randint(0, 120))
        assessor = assessors[n % body_count]
        batch.append(
            Application(
                reference=f"RBD-{year}-{n + 1:06d}",
                applicant=applicant,
                body_id=applicant.body_id,
                office=applicant.office,
                scheme_version=rng.choice(SchemeVersion.values),
                status=rng.choice(states),
                address_line=f"Bench {n}",
                postcode="3511 AB",
                city="Utrecht",
                iban="NL91ABNA0417164300",
                account_holder="Bench",
                received_on=received,
                submitted_at=timezone.now(),
                decision_due_on=deadlines.decision_due(received),
                assigned_to=assessor if rng.random() < 0.3 else None,
            )
        )
    created = []
    for start in range(0, len(batch), 5000):
        created += Application.objects.bulk_create(batch[start : start + 5000])
    lines, requests, history = [], [], []
    for application in created:
        lines.append(
            MeasureLine(
                application=application,
                position=1,
                measure=Measure.ADVICE_LINE,
                requested_cents=rng.randint(1, 9) * 10_000,
            )
        )
        history.append(
            StatusChange(application=application, transition="submit", source=Status.DRAFT, target=Status.SUBMITTED)
        )
        if application.status == Status.INFO_REQUESTED:
            requests.append(
                InformationRequest(
                    application=application,
                    message="Offerte",
                    requested_on=application.received_on,
                    deadline=application.received_on + timedelta(days=14),
                    requested_by=assessors[0],
                )
            )
    MeasureLine.objects.bulk_create(lines, batch_size=5000)
    StatusChange.objects.bulk_create(history, batch_size=5000)
    InformationRequest.objects.bulk_create(requests, batch_size=5000)
    for application in created:
        if application.status == Status.INFO_REQUESTED:
            suspension = deadlines.Suspension(application.received_on, application.received_on + timedelta(days=14))
            application.decision_due_on = deadlines.decision_due(application.received_on, [suspension])
    Application.objects.bulk_update(
        [a for a in created if a.status == Status.INFO_REQUESTED], ["decision_due_on"], batch_size=5000
    )
    measured = assessors[0]
    full_case = ApplicationFactory(
        applicant=applicants[0], submitted=True, status=Status.ASSESSMENT, lines=[40_000, 25_000, 12_000]
    )
    return measured, full_case


def timings(client, url, params=None) -> tuple[float, float]:
    client.get(url, params or {})  # warm the template and session caches
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url, params or {})
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(samples), statistics.quantiles(samples, n=20)[-1]


def main() -> int:
    create_database(DATABASE_URL)
    import django

    django.setup()
    logging.disable(logging.INFO)  # the audit log line of every request is not what is measured here
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for a bench
    try:
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from tests.helpers import sign_in

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        assessor, case = load(CASES, BODIES)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps: index-only scans
        print(f"loaded {CASES:,} cases over {BODIES} bodies in {time.perf_counter() - started:.0f} s")
        client = sign_in(Client(HTTP_HOST="localhost"), assessor)
        work_list = reverse("review:work_list")
        results = {
            "work list, first page": timings(client, work_list),
            "work list, filtered (overdue, unassigned)": timings(
                client, work_list, {"window": "overdue", "assignment": "unassigned"}
            ),
            "case file": timings(client, reverse("review:case", args=[case.public_id])),
        }
        worst = 0.0
        for name, (median, p95) in results.items():
            worst = max(worst, p95)
            print(f"{name:45s} median {median:7.1f} ms   p95 {p95:7.1f} ms")
        print(f"target p95 <= {TARGET_P95_MS} ms: {'met' if worst <= TARGET_P95_MS else 'NOT met'}")
        # The machine may be shared: the load says how much of that time was waiting for a core.
        print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
        return 0
    finally:
        if not os.environ.get("BENCH_KEEP"):  # keep the database to look at query plans
            drop_database(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
