"""The figures an operator of the system watches, as OpenTelemetry instruments.

Counted where they happen (every process that renders): letters rendered and render time.
Read from the database when a metric reader collects (one process, beat, so each body's
figure is reported once): letters per status, mails in the outbox per status (pending, failed,
sent), cases overdue per body (counts only), and when
the audit chain was last verified intact. Attributes hold a status, a letter kind or a body's
name, never anything about a person.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation

from regeling.accounts.models import MailStatus, OutgoingMail
from regeling.applications.models import Application
from regeling.applications.states import OPEN_FOR_ASSESSORS
from regeling.audit.models import ChainVerification
from regeling.letters.models import Letter, LetterStatus

METER = "regeling"

# Through the global meter: they report to whatever provider telemetry.configure set (none: no-op).
_meter = metrics.get_meter(METER)
letters_rendered = _meter.create_counter(
    "regeling.letters.rendered", unit="{letter}", description="Letters rendered to PDF by the worker"
)
render_duration = _meter.create_histogram(
    "regeling.letter.render.duration", unit="s", description="Time to render and store one letter"
)


def letter_rendered(kind: str, seconds: float) -> None:
    letters_rendered.add(1, {"kind": kind})
    render_duration.record(seconds, {"kind": kind})


def _from_database(observe):
    """A metric callback that reads the database. A periodic reader calls it from its own thread,
    whose connection nothing else would close: a connection opened here is closed here."""

    def callback(options: CallbackOptions):
        opened_here = connection.connection is None
        try:
            return list(observe())
        finally:
            if opened_here:
                connection.close()

    return callback


def letters_by_status():
    counts = dict.fromkeys(LetterStatus.values, 0)
    for row in Letter.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return [Observation(count, {"status": status}) for status, count in counts.items()]


def mails_by_status():
    """Sent mails are counted until their rows are deleted (MAIL_SENT_RETENTION_DAYS)."""
    counts = dict.fromkeys(MailStatus.values, 0)
    for row in OutgoingMail.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return [Observation(count, {"status": status}) for status, count in counts.items()]


def cases_overdue_per_body():
    overdue = (
        Application.objects.filter(status__in=OPEN_FOR_ASSESSORS, decision_due_on__lt=timezone.localdate())
        .values("body__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Observation(row["n"], {"body": row["body__name"]}) for row in overdue]


def audit_chain_last_verified():
    last = ChainVerification.objects.filter(intact=True).values_list("at", flat=True).first()
    return [Observation((last or datetime.fromtimestamp(0, tz=UTC)).timestamp())]


def audit_chain_intact():
    last = ChainVerification.objects.values_list("intact", flat=True).first()
    return [] if last is None else [Observation(int(last))]


# name, reading, unit, description
DATABASE_GAUGES = (
    ("regeling.letters", letters_by_status, "{letter}", "Letters per status: pending, failed, rendered"),
    ("regeling.mails", mails_by_status, "{mail}", "E-mails in the outbox per status: pending, failed, sent"),
    ("regeling.cases.overdue", cases_overdue_per_body, "{case}", "Open cases past their decision date, per body"),
    (
        "regeling.audit.chain.last_verified",
        audit_chain_last_verified,
        "s",
        "Unix time of the last run that found the audit chain intact (0: never)",
    ),
    ("regeling.audit.chain.intact", audit_chain_intact, "1", "1 when the last chain check found it intact, else 0"),
)


def observe_database(meter) -> None:
    """Create the gauges read from the database on `meter` (call once per provider)."""
    for name, reading, unit, description in DATABASE_GAUGES:
        meter.create_observable_gauge(name, callbacks=[_from_database(reading)], unit=unit, description=description)
