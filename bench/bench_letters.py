"""Benchmark of the decision letters, measured in one run on the same letter data:

1. letters/s of our decision letter (tagged PDF/UA-1 and PDF/A-2) in this one process, its
   time as a ratio to a raw-canvas rendering of the same text with the same embedded font,
   and the cost of tagging: the same letter rendered untagged in the same rounds;
2. letters/s end to end for a batch of decisions through Celery with Redis and one
   worker with 2 processes, database and storage included, with the counts of letters
   lost and rendered twice;
3. p50/p95 from a decision's commit to its letter being downloadable, with an idle worker.

It creates its own PostgreSQL database (BENCH_DATABASE_URL, default regeling_bench_letters
on 127.0.0.1) and drops it afterwards, and uses BENCH_BROKER_URL (default Redis db 12).

    .venv/bin/python bench/bench_letters.py
    BENCH_LETTERS=500 .venv/bin/python bench/bench_letters.py
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import create_database, drop_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regeling_bench_letters")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
LETTERS = int(os.environ.get("BENCH_LETTERS", "2000"))
IN_PROCESS = int(os.environ.get("BENCH_IN_PROCESS", "300"))
LATENCY_SAMPLES = int(os.environ.get("BENCH_LATENCY_SAMPLES", "40"))
WORKER_PROCESSES = 2
WORKER_LOG_LEVEL = os.environ.get("BENCH_WORKER_LOG_LEVEL", "WARNING")

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.test")
# The news mails of 2,000 decisions go to memory, not to the console between the figures.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the figures, not an audit line per decision


# -- 1. in one process ---------------------------------------------------------------


def sample_letter():
    """A typical two-page partial grant: three measures, a coded reason, a motivation."""
    from datetime import date

    from worker.letters.data import LetterData, LineData

    return LetterData(
        kind="decision",
        language="nl",
        letter_reference="RBD-2026-000123-456",
        case_reference="RBD-2026-000123",
        letter_date=date(2026, 11, 28),
        addressee_name="Zoë Ĳsselstein-Łukasik",
        address_lines=("Lindelaan 12", "3511 AB  Utrecht"),
        body_name="Gemeente Demodam",
        body_kind="municipality",
        body_postal_address="Postbus 1, 3500 AA Demodam",
        deciding_organ="het college van burgemeester en wethouders van Demodam",
        contact_phone="14 030",
        contact_email="veiligwonen@demodam.example.nl",
        scheme_version="B",
        outcome="partial",
        lines=(
            LineData("Videodeurbel met opname", 45_000, 45_000),
            LineData("Camera aan de achterzijde", 80_000, 0, "not_in_advice"),
            LineData("Inbraakwerende kluis", 60_000, 60_000),
        ),
        motivation="Het beveiligingsadvies noemt de videodeurbel en de kluis, niet de camera.",
        advice_reference="BVA-2026-17",
        advice_adopted_on=date(2026, 3, 2),
        received_on=date(2026, 10, 1),
        signatory_name="Bea Jansen",
        signatory_role="assessor",
    )


FIRST_NAMES = ("Zoë", "Ólafur", "Łukasz", "Đặng", "Anna", "Mohamed", "Fleur", "Jan-Willem", "Saskia", "Pieter")
LAST_NAMES = ("Ĳsselstein-Łukasik", "Þórsdóttir", "Żółć", "de Vries", "Yılmaz", "van den Berg", "Bakker")


def sample_letters(count: int = 70):
    """`count` different letters of the kind a batch holds: other names, addresses, references,
    amounts and motivations, the template's fixed wording the same (what the renderer's
    wording caches can reuse, and no more)."""
    from dataclasses import replace

    from worker.letters.data import LineData

    base = sample_letter()
    letters = []
    for n in range(count):
        euros = 100 * (n + 3)
        letters.append(
            replace(
                base,
                letter_reference=f"RBD-2026-{n:06d}-{n * 7 % 1000:03d}",
                case_reference=f"RBD-2026-{n:06d}",
                addressee_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}",
                address_lines=(f"Lindelaan {n + 1}", f"{3500 + n} AB  Utrecht"),
                lines=(
                    LineData("Videodeurbel met opname", euros * 100, euros * 100),
                    LineData("Camera aan de achterzijde", (euros + 350) * 100, 0, "not_in_advice"),
                    LineData(f"Inbraakwerende kluis, type {n}", (euros + 120) * 100, (euros + 120) * 100),
                ),
                motivation=f"Het advies van {n + 1} maart noemt de videodeurbel en de kluis, niet de camera.",
            )
        )
    return letters


def raw_canvas_render(data) -> bytes:
    """The same text drawn line by line on a bare canvas: no Platypus, same font, same pages."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from regeling.core.money import format_euros
    from worker.letters import styles
    from worker.letters.texts import letter_blocks

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    left, bottom = styles.PAGE_MARGIN_LEFT, styles.PAGE_MARGIN_BOTTOM
    usable = width - left - styles.PAGE_MARGIN_RIGHT
    y = height - styles.PAGE_MARGIN_TOP

    def line(text, font=styles.BODY_FONT, size=10.5, leading=14):
        nonlocal y
        if y < bottom:
            canvas.showPage()
            y = height - styles.PAGE_MARGIN_TOP
        canvas.setFont(font, size)
        canvas.drawString(left, y, text)
        y -= leading

    for block in letter_blocks(data, "nl"):
        if block.kind == "table":
            for item in data.lines:
                line(f"{item.description}  {format_euros(item.requested_cents)}  {format_euros(item.granted_cents)}")
            continue
        font = styles.BOLD_FONT if block.kind == "heading" else styles.BODY_FONT
        for paragraph_line in block.text.split("\n"):
            for wrapped in simpleSplit(paragraph_line, font, 10.5, usable):
                line(wrapped, font)
        y -= 6
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def untagged_render(data) -> bytes:
    """Our letter without tagging and PDF/A (ReportLab's file as it comes), for the cost of tagging."""
    from worker.letters import render

    return render(data, tagged=False)


def rates_side_by_side(functions, letters, count: int, rounds: int = 10) -> list[tuple[float, float]]:
    """(letters/s of wall time, letters/s of this process's CPU time) for each function,
    rendering the different `letters` in turn, measured in alternating rounds so that a
    change in the machine's load affects all alike. The CPU-time rate is the rate per core
    on a machine that is not shared."""
    for function in functions:
        function(letters[-1])  # warm caches: templates, font subsets, styles
    wall, cpu = [0.0] * len(functions), [0.0] * len(functions)
    for _ in range(rounds):
        for index, function in enumerate(functions):
            started, started_cpu = time.perf_counter(), time.process_time()
            for n in range(count // rounds):
                function(letters[n % len(letters)])
            wall[index] += time.perf_counter() - started
            cpu[index] += time.process_time() - started_cpu
    done = (count // rounds) * rounds
    return [(done / w, done / c) for w, c in zip(wall, cpu, strict=True)]


# -- 2 and 3. through Celery ---------------------------------------------------------


def start_worker(log_path: Path) -> subprocess.Popen:
    log = log_path.open("w")
    command = [sys.executable, "-m", "celery", "-A", "worker", "worker", "--loglevel", WORKER_LOG_LEVEL]
    command += ["--concurrency", str(WORKER_PROCESSES), "--without-heartbeat", "--without-gossip", "--without-mingle"]
    process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
    # Ready when it answers a ping.
    from worker.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return process
    process.kill()
    raise SystemExit(f"worker did not start:\n{log_path.read_text()[-2000:]}")


def cpu_seconds_of(pid: int) -> float:
    """User and system CPU time of a process and its children (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def load_cases(count: int, *, status: str):
    """Cases of one body in `status`, each with one measure, created in bulk."""
    from django.utils import timezone

    from regeling.applications.models import Application, MeasureLine
    from regeling.schemes.versions import Measure
    from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

    body = BodyFactory(name="Gemeente Benchdam")
    assessor = AssessorFactory(body=body)
    applicant = OfficeholderFactory(body=body, first_name="Zoë", last_name="Ĳsselstein")
    prefix = f"RBD-{status[:3].upper()}-"
    cases = Application.objects.bulk_create(
        [
            ApplicationFactory.build(
                applicant=applicant,
                reference=f"{prefix}{n:06d}",
                status=status,
                submitted_at=timezone.now(),
                received_on=timezone.localdate(),
                outcome="grant",
                motivation="De maatregel staat in het beveiligingsadvies.",
                advice_contents="Videodeurbel",  # the adopted advice holds the measure (Regeling art. 2.9(3))
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    MeasureLine.objects.bulk_create(
        [
            MeasureLine(
                application=case,
                measure=Measure.ADVICE_LINE,
                description="Videodeurbel",
                requested_cents=45_000,
                granted_cents=45_000,
            )
            for case in cases
        ],
        batch_size=1000,
    )
    return assessor, cases


def issued_letters(assessor, cases) -> list[int]:
    """A pending decision letter for each case, its data frozen in its snapshot as `issue_letter` does."""
    from regeling.applications.letterdata import freeze
    from regeling.letters.models import Letter

    letters = [Letter(application=case, kind="decision", author=assessor) for case in cases]
    for letter in letters:
        letter.snapshot = freeze(letter)
    return [letter.pk for letter in Letter.objects.bulk_create(letters, batch_size=1000)]


def batch_through_celery(count: int, worker_pid: int) -> tuple[float, int, int, float]:
    """Letters/s for `count` decision letters queued at once (in messages of BATCH_SIZE ids, as
    the outbox sweep queues them); letters lost and rendered twice; the worker processes' CPU
    seconds per letter."""
    from regeling.letters.models import Letter, LetterStatus
    from regeling.letters.outbox import queue_batches

    assessor, cases = load_cases(count, status="decided")
    ids = issued_letters(assessor, cases)
    cpu_before = cpu_seconds_of(worker_pid)
    started = time.perf_counter()
    queue_batches(ids)
    rendered = Letter.objects.filter(pk__in=ids, status=LetterStatus.RENDERED)
    # Lost means: still not rendered after a minute in which nothing moved.
    done, last_progress, finished = 0, time.monotonic(), started
    while done < count and time.monotonic() - last_progress < 60:
        time.sleep(0.05)
        now_done = rendered.count()
        if now_done > done:
            done, last_progress, finished = now_done, time.monotonic(), time.perf_counter()
    elapsed = finished - started
    worker_cpu = (cpu_seconds_of(worker_pid) - cpu_before) / max(done, 1)
    lost = count - done
    twice = sum(max(attempts - 1, 0) for attempts in rendered.values_list("attempts", flat=True))
    twice += count - Letter.objects.filter(pk__in=ids).values("application_id").distinct().count()
    return done / elapsed, lost, twice, worker_cpu


def task_in_this_process(count: int) -> dict[str, tuple[float, float]]:
    """Letters/s of the worker's task body run here, one message after another: render,
    database and storage without Celery, which bounds what each worker process can do, for
    the batch task (BATCH_SIZE letters a message) and the one-letter task; and letters/s
    of rendering alone the same letters (their data read beforehand). Each as (letters/s of
    wall time, letters/s of this process's CPU time; the database's own CPU is not in it)."""
    from regeling.letters.models import Letter
    from regeling.letters.outbox import BATCH_SIZE
    from worker.letters import render
    from worker.letters.data import letter_data_of, letter_query
    from worker.tasks import render_letter, render_letters

    assessor, cases = load_cases(2 * count + 1, status="objection_decided")
    ids = issued_letters(assessor, cases)
    render_letter(ids.pop())  # warm
    single, ids = ids[:count], ids[count:]
    # In alternating rounds, so that a change in the machine's load affects all alike:
    # rendering alone (data read beforehand), the batch task, the one-letter task.
    rounds = 10
    size = len(ids) // rounds
    spent = {name: [0.0, 0.0] for name in ("batch", "single", "render")}  # wall, this process's CPU

    def timed(name, work):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        spent[name][0] += time.perf_counter() - started
        spent[name][1] += time.process_time() - started_cpu

    for start in range(0, size * rounds, size):
        chunk = ids[start : start + size]
        datas = [letter_data_of(letter) for letter in letter_query().filter(pk__in=chunk)]
        timed("render", lambda: [render(data) for data in datas])  # noqa: B023 (called at once)
        batches = [chunk[at : at + BATCH_SIZE] for at in range(0, len(chunk), BATCH_SIZE)]
        timed("batch", lambda: [render_letters(*batch) for batch in batches])  # noqa: B023
        timed("single", lambda: [render_letter(pk) for pk in single[start : start + size]])  # noqa: B023
    done = size * rounds
    rendered = Letter.objects.filter(pk__in=ids[:done] + single[:done], status="rendered").count()
    if rendered != 2 * done:
        raise SystemExit(f"task body: {2 * done - rendered} letters not rendered")
    return {name: (done / wall, done / cpu) for name, (wall, cpu) in spent.items()}


def commit_to_download(samples: int) -> list[float]:
    """Seconds from each decision's commit to its letter being rendered, one decision at a time."""
    from django.db import transaction

    from regeling.applications.services import decide_application
    from regeling.applications.states import Outcome
    from regeling.letters.models import Letter, LetterStatus
    from tests.factories import BudgetFactory

    assessor, cases = load_cases(samples, status="assessment")
    BudgetFactory(body=assessor.body)
    seconds, committed_at = [], []
    for case in cases:
        with transaction.atomic():
            # Runs first among the after-commit callbacks, before the letter is published.
            transaction.on_commit(lambda: committed_at.append(time.perf_counter()))
            decide_application(case.pk, by=assessor, outcome=Outcome.GRANT, motivation="Volgens het advies.")
        letter = Letter.objects.filter(application=case, status=LetterStatus.RENDERED)
        deadline = time.monotonic() + 30
        while not letter.exists():
            if time.monotonic() > deadline:
                raise SystemExit("a letter did not appear within 30 s")
            time.sleep(0.002)
        seconds.append(time.perf_counter() - committed_at[-1])
        time.sleep(0.05)  # the worker is idle again before the next decision
    return seconds


def main() -> int:
    # Set here, not on import: bench_load.py imports this module's helpers and keeps its own database.
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
    create_database(DATABASE_URL)
    (ROOT / "var").mkdir(exist_ok=True)  # the workers' logs, also on a fresh checkout
    import django

    django.setup()
    worker = None
    try:
        import redis
        from django.core.management import call_command

        from worker.letters import render

        cores = os.cpu_count()
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"machine: {cores} cores; Python {sys.version.split()[0]}; load average {load}")
        letters = sample_letters()
        data = letters[0]
        (ours, ours_cpu), (untagged, untagged_cpu), (raw, raw_cpu) = rates_side_by_side(
            [render, untagged_render, raw_canvas_render], letters, IN_PROCESS
        )
        print(f"{len(letters)} different two-page partial grants, each rendered in turn")
        print(f"in one process: {ours:6.1f} letters/s, {ours_cpu:6.1f} per CPU-second (target >= 100 per core)")
        print(
            f"raw canvas:     {raw:6.1f} letters/s, {raw_cpu:6.1f} per CPU-second; "
            f"ratio ours/raw {raw / ours:.2f} wall, {raw_cpu / ours_cpu:.2f} CPU (target <= 2.5)"
        )
        print(
            f"tagging:        untagged {untagged:6.1f} letters/s, {untagged_cpu:6.1f} per CPU-second; "
            f"tagging + PDF/A cost {1000 / ours_cpu - 1000 / untagged_cpu:.2f} ms CPU per letter "
            f"({(untagged_cpu / ours_cpu - 1) * 100:.0f} %); letter {len(render(data)) / 1024:.0f} KB"
        )

        call_command("migrate", verbosity=0)
        rates = task_in_this_process(IN_PROCESS // 2)
        (batch, batch_cpu), (single, single_cpu), (alone, alone_cpu) = (
            rates[name] for name in ("batch", "single", "render")
        )
        print(
            f"worker task body in one process (render, database, storage): batch task {batch:6.1f} letters/s "
            f"({batch_cpu:6.1f} per CPU-second), one-letter task {single:6.1f} ({single_cpu:6.1f}); "
            f"rendering the same letters alone {alone:6.1f} ({alone_cpu:6.1f})"
        )
        print(
            f"task body / rendering alone: batch {batch / alone * 100:.0f} % wall, {batch_cpu / alone_cpu * 100:.0f} % "
            f"CPU; one-letter {single / alone * 100:.0f} % wall, {single_cpu / alone_cpu * 100:.0f} % CPU "
            "(target >= 80 %)"
        )
        if BROKER_URL.startswith("redis://"):
            redis.Redis.from_url(BROKER_URL).flushdb()  # the bench's own broker database
        worker = start_worker(ROOT / "var" / "bench-worker.log")
        rate, lost, twice, worker_cpu = batch_through_celery(LETTERS, worker.pid)
        print(
            f"end to end:     {rate:6.1f} letters/s for {LETTERS} decisions, Celery + Redis, "
            f"{WORKER_PROCESSES} worker processes (target >= 100 on 2 cores); lost {lost}, rendered twice {twice}"
        )
        print(
            f"worker CPU:     {worker_cpu * 1000:6.1f} ms per letter, so at most "
            f"{WORKER_PROCESSES / worker_cpu:6.1f} letters/s on {WORKER_PROCESSES} cores of its own"
        )
        print(f"load average now {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
        seconds = commit_to_download(LATENCY_SAMPLES)
        p50 = statistics.median(seconds) * 1000
        p95 = statistics.quantiles(seconds, n=20)[-1] * 1000
        print(f"commit -> downloadable, idle worker: p50 {p50:.0f} ms, p95 {p95:.0f} ms (target p95 <= 1000 ms)")
        return 0 if lost == 0 and twice == 0 else 1
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        drop_database(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
