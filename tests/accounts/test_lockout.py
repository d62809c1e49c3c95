"""Brute force: django-axes locks per account and per client address, the same for unknown users."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from regeling.core.middleware import TrustedProxyMiddleware, real_client_ip
from tests.factories import OfficeholderFactory

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - the factories' test password
pytestmark = pytest.mark.django_db


def _attempt(client, email, password, address="203.0.113.7", **headers):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def _fail_until_limit(client, email, settings, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, email, "wrong-password", **kwargs)


def test_account_locked_even_with_the_right_password_when_failures_reached_the_limit(client, settings):
    user = OfficeholderFactory()
    _fail_until_limit(client, user.email, settings)
    response = _attempt(client, user.email, PASSWORD, address="198.51.100.20")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_client_address_locked_for_other_accounts_when_it_failed_too_often(client, settings):
    _fail_until_limit(client, "someone@example.nl", settings, address="203.0.113.9")
    user = OfficeholderFactory()
    assert _attempt(client, user.email, PASSWORD, address="203.0.113.9").status_code == 429


def test_unknown_account_answered_like_a_known_one_when_locked(client, settings):
    user = OfficeholderFactory()
    _fail_until_limit(client, user.email, settings, address="203.0.113.1")
    _fail_until_limit(client, "nobody@example.nl", settings, address="203.0.113.2")
    known = _attempt(client, user.email, "wrong", address="203.0.113.3")
    unknown = _attempt(client, "nobody@example.nl", "wrong", address="203.0.113.4")
    assert known.status_code == unknown.status_code == 429
    assert _without_csrf(known.content) == _without_csrf(unknown.content)


def test_unknown_account_answered_like_a_known_one_when_the_password_is_wrong(client):
    user = OfficeholderFactory()
    known = _attempt(client, user.email, "wrong", address="203.0.113.5")
    unknown = _attempt(client, "nobody@example.nl", "wrong", address="203.0.113.6")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_account_counter_shared_when_the_address_is_typed_in_other_case(client, settings):
    user = OfficeholderFactory()
    for number in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, user.email.upper() if number % 2 else user.email, "wrong", address=f"203.0.113.{number + 10}")
    assert _attempt(client, user.email, PASSWORD, address="198.51.100.30").status_code == 429


def test_sign_in_allowed_again_when_the_cool_off_has_passed(client, settings):
    user = OfficeholderFactory()
    _fail_until_limit(client, user.email, settings)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(hours=1))
    assert _attempt(client, user.email, PASSWORD, address="198.51.100.21").status_code == 302


def test_forwarded_address_ignored_when_the_sender_is_not_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    meta = {"REMOTE_ADDR": "203.0.113.50", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert real_client_ip(meta) == "203.0.113.50"


def test_forwarded_address_used_when_the_sender_is_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.1"}
    assert real_client_ip(meta) == "198.51.100.1"  # 1.2.3.4 was written by the client itself


def test_lockout_counts_the_real_client_when_behind_the_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    _fail_until_limit(client, "a@example.nl", settings, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    user = OfficeholderFactory()
    other_client = _attempt(Client(), user.email, PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    same_client = _attempt(client, "b@example.nl", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other_client.status_code == 302
    assert same_client.status_code == 429


def test_forwarded_proto_dropped_when_the_sender_is_not_a_trusted_proxy(settings, rf):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    seen = {}
    middleware = TrustedProxyMiddleware(lambda request: seen.update(request.META) or "response")
    middleware(rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https"))
    assert "HTTP_X_FORWARDED_PROTO" not in seen
    middleware(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"
