"""The domain figures, read through the OpenTelemetry SDK's in-memory reader, and the OTLP
export that only happens when an endpoint is configured."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client
from django.utils import timezone
from opentelemetry import metrics, trace
from opentelemetry.instrumentation.celery import CeleryInstrumentor
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from regeling.accounts import mail_outbox
from regeling.accounts.models import MailStatus, OutgoingMail
from regeling.core import celery
from regeling.letters.models import Letter, LetterKind, LetterStatus
from regeling.letters.outbox import queue_rendering
from regeling.operations import figures, telemetry
from regeling.operations.health import LIVE_PATH
from tests.factories import ApplicationFactory
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def metric_reader():
    """The SDK's in-memory reader on the global provider, so the instruments the code uses report to it."""
    reader = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[reader])
    metrics.set_meter_provider(provider)
    figures.observe_database(provider.get_meter(figures.METER))
    return reader


def figure(reader, name: str, **attributes) -> float:
    """The value (a histogram: its count) of the data point of `name` with these attributes; 0 when absent."""
    data = reader.get_metrics_data()
    for resource in data.resource_metrics if data else ():
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name != name:
                    continue
                for point in metric.data.data_points:
                    if all(point.attributes.get(key) == value for key, value in attributes.items()):
                        return getattr(point, "value", getattr(point, "count", 0))
    return 0


def test_domain_figures_change_when_a_letter_is_rendered(metric_reader, django_capture_on_commit_callbacks):
    application = ApplicationFactory(in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    before = {
        "rendered": figure(metric_reader, "regeling.letters.rendered", kind=LetterKind.DECISION),
        "timed": figure(metric_reader, "regeling.letter.render.duration", kind=LetterKind.DECISION),
        "pending": figure(metric_reader, "regeling.letters", status=LetterStatus.PENDING),
        "done": figure(metric_reader, "regeling.letters", status=LetterStatus.RENDERED),
    }
    with django_capture_on_commit_callbacks(execute=True):
        render_letter(letter.pk)
    assert figure(metric_reader, "regeling.letters.rendered", kind=LetterKind.DECISION) == before["rendered"] + 1
    assert figure(metric_reader, "regeling.letter.render.duration", kind=LetterKind.DECISION) == before["timed"] + 1
    assert figure(metric_reader, "regeling.letters", status=LetterStatus.PENDING) == before["pending"] - 1
    assert figure(metric_reader, "regeling.letters", status=LetterStatus.RENDERED) == before["done"] + 1


def test_rendered_counter_unchanged_when_a_rendered_letter_is_rendered_again(
    metric_reader, django_capture_on_commit_callbacks
):
    letter = Letter.objects.create(application=ApplicationFactory(in_assessment=True), kind=LetterKind.RECEIPT)
    with django_capture_on_commit_callbacks(execute=True):
        render_letter(letter.pk)
    rendered = figure(metric_reader, "regeling.letters.rendered", kind=LetterKind.RECEIPT)
    with django_capture_on_commit_callbacks(execute=True):
        render_letter(letter.pk)
    assert figure(metric_reader, "regeling.letters.rendered", kind=LetterKind.RECEIPT) == rendered


@pytest.mark.mail_through_broker
def test_mails_pending_and_failed_change_when_a_mail_is_queued_sent_and_failed(
    metric_reader, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(celery, "publish", lambda name, *args: None)  # the broker takes it
    before = {status: figure(metric_reader, "regeling.mails", status=status) for status in MailStatus.values}
    with django_capture_on_commit_callbacks(execute=True):
        queued = mail_outbox.enqueue("news", to="wim@example.nl", subject="Nieuws", body="Er is nieuws.")
        refused = mail_outbox.enqueue("news", to="tom@example.nl", subject="Nieuws", body="Er is nieuws.")
    assert figure(metric_reader, "regeling.mails", status=MailStatus.PENDING) == before["pending"] + 2
    mail_outbox.deliver(queued.pk)
    OutgoingMail.objects.filter(pk=refused.pk).update(status=MailStatus.FAILED)
    assert figure(metric_reader, "regeling.mails", status=MailStatus.PENDING) == before["pending"]
    assert figure(metric_reader, "regeling.mails", status=MailStatus.SENT) == before["sent"] + 1
    assert figure(metric_reader, "regeling.mails", status=MailStatus.FAILED) == before["failed"] + 1


def test_overdue_cases_counted_per_body_when_past_their_decision_date(metric_reader):
    late = ApplicationFactory(in_assessment=True, received_on=timezone.localdate() - timedelta(days=60))
    ApplicationFactory(in_assessment=True, body=late.body)  # received today: not overdue
    assert figure(metric_reader, "regeling.cases.overdue", body=late.body.name) == 1


def test_audit_chain_last_verified_moves_when_the_chain_is_verified(metric_reader):
    before = figure(metric_reader, "regeling.audit.chain.last_verified")
    call_command("verify_audit_chain")
    after = figure(metric_reader, "regeling.audit.chain.last_verified")
    assert after > before and abs(after - timezone.now().timestamp()) < 60
    assert figure(metric_reader, "regeling.audit.chain.intact") == 1


def test_nothing_is_set_up_when_no_endpoint_is_configured(settings):
    settings.OTEL_EXPORTER_OTLP_ENDPOINT = ""
    assert telemetry.configure("web") is False
    assert not isinstance(trace.get_tracer_provider(), TracerProvider)


class _Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, str, int]] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], len(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_traces_and_metrics_reach_an_otlp_collector_when_an_endpoint_is_configured():
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Collector.received.clear()
    try:
        tracer_provider, meter_provider = telemetry.build_providers(f"http://127.0.0.1:{server.server_port}", "web")
        with tracer_provider.get_tracer("test").start_as_current_span("probe"):
            pass
        meter_provider.get_meter("test").create_counter("probe").add(1)
        tracer_provider.force_flush()
        meter_provider.force_flush()
        tracer_provider.shutdown()
        meter_provider.shutdown()
    finally:
        server.shutdown()
    paths = {(path, kind) for path, kind, size in _Collector.received if size}
    assert paths == {("/v1/traces", "application/x-protobuf"), ("/v1/metrics", "application/x-protobuf")}


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    DjangoInstrumentor().instrument(tracer_provider=provider)
    CeleryInstrumentor().instrument(tracer_provider=provider)
    yield exporter
    DjangoInstrumentor().uninstrument()
    CeleryInstrumentor().uninstrument()


def test_django_requests_and_published_tasks_are_traced_when_instrumented(spans):
    assert Client().get(LIVE_PATH).status_code == 200
    letter = Letter.objects.create(application=ApplicationFactory(in_assessment=True), kind=LetterKind.RECEIPT)
    assert queue_rendering(letter.pk)
    names = [span.name for span in spans.get_finished_spans()]
    assert any(name.startswith("GET") for name in names)
    assert "apply_async/worker.tasks.render_letter" in names


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg is the PostgreSQL driver (CI runs it)")
def test_database_queries_are_traced_when_on_postgresql():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    telemetry.instrument_database_connections(provider)

    def query_on_a_new_connection():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        connection.close()

    try:
        thread = threading.Thread(target=query_on_a_new_connection)
        thread.start()
        thread.join()
    finally:
        connection_created.disconnect(dispatch_uid="regeling.telemetry.psycopg")
    assert any(span.attributes.get("db.system") == "postgresql" for span in exporter.get_finished_spans())
