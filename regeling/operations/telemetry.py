"""OpenTelemetry for web, worker and beat, exported over OTLP/HTTP only when configured.

Without OTEL_EXPORTER_OTLP_ENDPOINT nothing is set up and nothing leaves the machine. With
it, each process sends traces (Django requests, Celery tasks published and run, psycopg
queries) and metrics (Django's request figures and regeling's domain figures, figures.py)
to that collector. Only beat reads the database figures, so each is reported once.

Call `configure` once per process, after a fork: wsgi.py for the web, the Celery signals in
worker/celery.py for the worker's pool processes and for beat.
"""

import logging

from django.conf import settings
from django.db.backends.signals import connection_created
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.celery import CeleryInstrumentor
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from . import figures

log = logging.getLogger(__name__)
SERVICES = ("web", "worker", "beat")


def build_providers(endpoint: str, service: str) -> tuple[TracerProvider, MeterProvider]:
    """Providers that export to the OTLP/HTTP collector at `endpoint` (its /v1/traces and /v1/metrics)."""
    resource = Resource.create(
        {"service.namespace": "regeling", "service.name": f"regeling-{service}", "deployment.environment": "production"}
    )
    base = endpoint.rstrip("/")
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{base}/v1/traces", timeout=5)))
    reader = PeriodicExportingMetricReader(
        OTLPMetricExporter(endpoint=f"{base}/v1/metrics", timeout=5),
        export_interval_millis=settings.OTEL_METRIC_EXPORT_INTERVAL_SECONDS * 1000,
    )
    return tracer_provider, MeterProvider(resource=resource, metric_readers=[reader])


def instrument_database_connections(tracer_provider) -> None:
    """Trace psycopg queries. Django sets its own cursor factory on each new connection, after
    psycopg.connect, so the connection is instrumented when Django announces it."""

    def instrument(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            PsycopgInstrumentor.instrument_connection(connection.connection, tracer_provider=tracer_provider)

    connection_created.connect(instrument, weak=False, dispatch_uid="regeling.telemetry.psycopg")


def configure(service: str) -> bool:
    """Set up exporting for this process. False (and nothing set up) without an endpoint."""
    assert service in SERVICES
    endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT
    if not endpoint:
        return False
    tracer_provider, meter_provider = build_providers(endpoint, service)
    trace.set_tracer_provider(tracer_provider)
    metrics.set_meter_provider(meter_provider)
    if service == "web":
        DjangoInstrumentor().instrument(tracer_provider=tracer_provider, meter_provider=meter_provider)
    CeleryInstrumentor().instrument(tracer_provider=tracer_provider, meter_provider=meter_provider)
    instrument_database_connections(tracer_provider)
    if service == "beat":
        figures.observe_database(meter_provider.get_meter(figures.METER))
    log.info("telemetry exported over OTLP", extra={"service": service})
    return True
