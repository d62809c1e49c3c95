"""The web probes: what they check, what they reveal, and who may call them."""

import json

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings

from regeling.operations.health import LIVE_PATH, READY_PATH
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def probe(path, **extra):
    return Client().get(path, **extra)


def test_ready_when_database_broker_storage_and_migrations_are_fine():
    response = probe(READY_PATH)
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "storage": "ok", "migrationsapplied": "ok"},
    }
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_live_answers_without_checking_anything_when_the_process_runs():
    response = probe(LIVE_PATH)
    assert response.status_code == 200 and json.loads(response.content) == {"status": "ok", "checks": {}}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0", CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_not_ready_and_says_only_which_check_when_the_broker_is_unreachable():
    response = probe(READY_PATH)
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["broker"] == "unavailable" and body["checks"]["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode() and "6379" not in response.content.decode()


def test_not_ready_when_a_migration_is_not_applied():
    MigrationRecorder.Migration.objects.filter(app="letters").order_by("-id").first().delete()  # rolled back
    response = probe(READY_PATH)
    assert response.status_code == 503 and json.loads(response.content)["checks"]["migrationsapplied"] == "unavailable"


def test_not_ready_when_the_private_storage_is_not_writable(tmp_path, settings):
    # A file where the folder should be: nothing can be written below it (even by root).
    blocked = tmp_path / "private"
    blocked.write_text("")
    default = {**settings.STORAGES["default"], "OPTIONS": {"location": blocked}}
    settings.STORAGES = {**settings.STORAGES, "default": default}
    response = probe(READY_PATH)
    assert response.status_code == 503 and json.loads(response.content)["checks"]["storage"] == "unavailable"


def test_probe_reveals_no_case_data_when_cases_exist():
    application = ApplicationFactory(in_assessment=True)
    content = probe(READY_PATH).content.decode()
    assert str(application.public_id) not in content and application.reference not in content


def test_refused_when_called_through_a_proxy_without_the_token():
    response = probe(READY_PATH, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 403 and b"database" not in response.content


def test_refused_when_called_from_outside_the_probe_networks():
    assert probe(READY_PATH, REMOTE_ADDR="203.0.113.9").status_code == 403


@override_settings(HEALTH_PROBE_TOKEN="probe-token-for-tests")
def test_answered_from_outside_when_the_token_is_sent():
    outside = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert probe(READY_PATH, **outside, HTTP_AUTHORIZATION="Bearer probe-token-for-tests").status_code == 200
    assert probe(READY_PATH, **outside, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403


@override_settings(ALLOWED_HOSTS=["regeling.example.nl"], SECURE_SSL_REDIRECT=True)
def test_answered_on_the_pod_address_over_http_when_hosts_and_https_are_enforced():
    # A kubelet probes http://<pod ip>:8000: no allowed host, no HTTPS, no session.
    response = probe(READY_PATH, HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200 and "sessionid" not in response.cookies
