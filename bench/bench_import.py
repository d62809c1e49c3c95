"""Benchmark of the import of earlier reimbursements: 5,000 rows in Excel's Dutch CSV dialect.

Times, in one process on PostgreSQL, the dry run (reading the file with tablib,
checking every row, two queries for the whole file) and the confirmed import as the
worker runs it (batches of 1,000, each one transaction with its audit events), then the
dry run of the same file again (every row a duplicate). It creates its own database
on 127.0.0.1 (BENCH_DATABASE_URL, default regeling_bench_import) and drops it afterwards.

    .venv/bin/python bench/bench_import.py
    BENCH_ROWS=20000 .venv/bin/python bench/bench_import.py
"""

import csv
import io
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import create_database, drop_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regeling_bench_import")
ROWS = int(os.environ.get("BENCH_ROWS", "5000"))
TARGET_SECONDS = 10  # "the import finishes in seconds": dry run plus import of 5,000 rows

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.test")


def dutch_csv(rows: int, emails: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["e-mail", "postcode", "huisnummer", "toevoeging", "datum", "maatregelen", "bedrag", "versie", "kenmerk"]
    )
    for n in range(rows):
        writer.writerow(
            [
                emails[n % len(emails)],
                f"{3500 + n % 400} AB",
                str(n % 200 + 1),
                "a" if n % 3 == 0 else "",
                f"{n % 28 + 1:02d}-{n % 12 + 1:02d}-{2021 + n % 3}",
                "kluis; brievenbus" if n % 2 else "deurspion",
                f"€ {n % 2 + 1}.{n % 1000:03d},{n % 100:02d}" if n % 5 == 0 else f"{n % 900 + 100},50",
                "A",
                f"FIN-{n:06d}",
            ]
        )
    return buffer.getvalue().encode("cp1252")


def main() -> int:
    create_database(DATABASE_URL)
    import django

    django.setup()
    logging.disable(logging.INFO)  # one audit log line per row is not what is measured here
    try:
        from django.core.management import call_command

        from regeling.accounts.models import UserKind
        from regeling.earlier import services
        from regeling.earlier.models import EarlierReimbursement
        from tests.factories import AssessorFactory, BodyFactory, OfficeholderFactory

        call_command("migrate", verbosity=0)
        body = BodyFactory(name="Gemeente Bench")
        coordinator = AssessorFactory(body=body, kind=UserKind.COORDINATOR)
        invited = [OfficeholderFactory(body=body).email for _ in range(200)]
        emails = invited + [f"nog-niet-uitgenodigd{n}@example.nl" for n in range(200)]
        data = dutch_csv(ROWS, emails)

        started, cpu_started = time.perf_counter(), time.process_time()
        run = services.check_file(data, body_id=body.pk, by=coordinator)
        checked, cpu_checked = time.perf_counter(), time.process_time()
        services.confirm_import(run.pk, by=coordinator)
        services.run_import(run.pk)
        imported, cpu_imported = time.perf_counter(), time.process_time()
        again = services.check_file(data, body_id=body.pk, by=coordinator)
        rechecked = time.perf_counter()

        run.refresh_from_db()
        total = imported - started
        print(f"file: {ROWS:,} rows, {len(data) / 1024:.0f} KiB, Windows-1252 with semicolons")
        print(
            f"dry run:            {checked - started:6.2f} s  ({ROWS / (checked - started):,.0f} rows/s), "
            f"CPU of this process {cpu_checked - cpu_started:5.2f} s"
        )
        print(
            f"import (worker):    {imported - checked:6.2f} s  ({ROWS / (imported - checked):,.0f} rows/s), "
            f"CPU of this process {cpu_imported - cpu_checked:5.2f} s (PostgreSQL's own time not included)"
        )
        print(
            f"dry run + import:   {total:6.2f} s  target <= {TARGET_SECONDS} s: "
            + ("met" if total <= TARGET_SECONDS else "NOT met")
        )
        print(
            f"same file again:    {rechecked - imported:6.2f} s  dry run, "
            f"{services.summary(again)['refuse']:,} duplicates"
        )
        print(
            f"created {run.created_count:,} matched + {run.pending_count:,} pending, refused {run.refused_count:,}; "
            f"rows in the database: {EarlierReimbursement.objects.count():,}"
        )
        print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
        return 0 if EarlierReimbursement.objects.count() == run.created_count + run.pending_count else 1
    finally:
        drop_database(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
