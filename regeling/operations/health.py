"""Health probes for the platform (Kubernetes, docker-compose): liveness and readiness.

`/-/health/live` answers as long as the process can serve a request; `/-/health/ready`
also checks the database, the broker, that the private storage is writable and that every
migration is applied. The answer names the checks and says "ok" or "unavailable", nothing
more: no case data, no host names, no error text (those go to the log).

The probes are answered by a middleware at the very top, before host validation, the
HTTPS redirect, sessions and sign-in: a kubelet probes the pod's own address over plain
HTTP. Instead of a sign-in they need an internal bind (a direct connection from a
configured network, not through a proxy) or the probe token.
"""

import dataclasses
import datetime
import hmac
import logging
import time

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from health_check.base import HealthCheck, HealthCheckResult
from health_check.checks import Database, Storage
from health_check.exceptions import HealthCheckException, ServiceUnavailable
from kombu import Connection

from regeling.core.middleware import in_networks

log = logging.getLogger(__name__)

LIVE_PATH = "/-/health/live"
READY_PATH = "/-/health/ready"


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis, or the folder of the filesystem broker)."""

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))
        try:
            with Connection(
                settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=self.timeout.total_seconds()
            ) as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:  # any transport error means: not ready
            raise ServiceUnavailable("broker unavailable") from exc


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration in the code is applied: a pod of a new release waits for `migrate`."""

    alias: str = "default"

    def run(self):
        executor = MigrationExecutor(connections[self.alias])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ServiceUnavailable("migrations not applied")


READINESS_CHECKS = (Database(), Broker(), Storage(), MigrationsApplied())


def run_checks(checks) -> list[HealthCheckResult]:
    """Run each check in this thread, on this thread's database connection.

    The library's runner is asynchronous and would move Django's database calls to a
    thread pool, leaving a connection open per probe thread; these checks are synchronous.
    """
    results = []
    for check in checks:
        started = time.monotonic()
        try:
            check.run()
        except HealthCheckException as exc:
            error = exc
        except Exception:
            log.exception("health check %s failed unexpectedly", check_name(check))
            error = HealthCheckException("unknown error")
        else:
            error = None
        results.append(HealthCheckResult(check=check, error=error, time_taken=time.monotonic() - started))
    return results


def check_name(check: HealthCheck) -> str:
    return type(check).__name__.lower()


def may_probe(meta: dict) -> bool:
    """A direct connection from a probe network, or the probe token.

    A request that came through a proxy (it carries X-Forwarded-For) is from outside,
    whatever the proxy's own address: it needs the token.
    """
    token = settings.HEALTH_PROBE_TOKEN
    sent = meta.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    if "HTTP_X_FORWARDED_FOR" in meta or "HTTP_FORWARDED" in meta:
        return False
    return in_networks(meta.get("REMOTE_ADDR", ""), settings.HEALTH_PROBE_NETWORKS)


def probe_response(checks) -> HttpResponse:
    results = run_checks(checks)
    for result in results:
        if result.error:
            log.warning("health check %s unavailable: %s", check_name(result.check), type(result.error).__name__)
    healthy = not any(result.error for result in results)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {check_name(result.check): "unavailable" if result.error else "ok" for result in results},
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


class HealthProbeMiddleware:
    """Answers the probe paths before any other middleware (see the module docstring)."""

    probes = {LIVE_PATH: (), READY_PATH: READINESS_CHECKS}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        checks = self.probes.get(request.path_info.rstrip("/"))
        if checks is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        if not may_probe(request.META):
            return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
        return probe_response(checks)
