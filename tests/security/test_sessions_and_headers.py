"""Cookies, timeouts, logout, security headers, security.txt and the production checks."""

import os
import re
import secrets
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from regeling.core.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from tests.factories import AssessorFactory, OfficeholderFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _age_session(client, *, idle: int = 0, since_start: int = 0):
    client.get(reverse("accounts:two_factor"))  # stamps the session
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN_KEY] = now - idle
    session[SESSION_STARTED_KEY] = now - since_start
    session.save()
    return session.session_key


def _signed_out(client) -> bool:
    response = client.get(reverse("accounts:two_factor"))
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_staff_signed_out_and_session_deleted_when_idle_for_31_minutes(client):
    sign_in(client, AssessorFactory())
    key = _age_session(client, idle=31 * 60)
    assert _signed_out(client)
    assert not Session.objects.filter(session_key=key).exists()


def test_staff_stays_signed_in_when_idle_for_29_minutes(client):
    sign_in(client, AssessorFactory())
    _age_session(client, idle=29 * 60)
    assert not _signed_out(client)


def test_officeholder_stays_signed_in_when_idle_longer_than_staff_may(client):
    sign_in(client, OfficeholderFactory())
    _age_session(client, idle=31 * 60)
    assert not _signed_out(client)


def test_anyone_signed_out_when_the_absolute_timeout_passed_despite_activity(client):
    sign_in(client, OfficeholderFactory())
    _age_session(client, since_start=settings.SESSION_ABSOLUTE_TIMEOUT + 1)
    assert _signed_out(client)


def test_logout_deletes_the_session_on_the_server(client):
    sign_in(client, OfficeholderFactory())
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_session_cookie_is_httponly_and_samesite_when_signed_in(client):
    officeholder = OfficeholderFactory()
    response = client.post(
        reverse("accounts:login"), {"username": officeholder.email, "password": "correct-horse-battery-staple"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_authenticated_page_is_never_stored_when_signed_in(client):
    sign_in(client, OfficeholderFactory())
    for path in ("/", reverse("accounts:two_factor")):
        assert "no-store" in client.get(path)["Cache-Control"]


def test_security_headers_set_when_any_page_is_served(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_hold_no_inline_script_or_style_when_csp_forbids_it():
    offenders = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        inline_script = re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        if inline_script or re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:", text):
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_security_txt_served_with_the_rfc_9116_fields(client):
    response = client.get("/.well-known/security.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert re.search(r"^Contact: (mailto:|https://)", text, re.M)
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text, re.M)


def _production_environment() -> dict[str, str]:
    """Only what production sets: fresh secrets, a real host name, nothing from this test run."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "regeling.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": settings.FIELD_ENCRYPTION_KEYS[0],
        "RESIDENCE_HASH_KEY": secrets.token_urlsafe(32),
        "AUDIT_CHAIN_KEYS": secrets.token_urlsafe(32),
        "CLAMD_SOCKET": "/run/clamav/clamd.ctl",
        "DJANGO_ALLOWED_HOSTS": "regeling.example.nl",
    }


def test_production_settings_pass_the_deploy_check_when_nothing_is_silenced():
    env = _production_environment()
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


def test_production_cookies_are_secure_when_loaded():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = _production_environment()
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    secure_session, secure_csrf, hsts = result.stdout.split()
    assert secure_session == secure_csrf == "True" and int(hsts) >= 31_536_000
