"""Passkeys (django-otp-webauthn) beside the app: never the first device, never with the password alone."""

import json

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from regeling.audit.models import AuditEvent
from tests.factories import AssessorFactory, OfficeholderFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - the factories' test password
BEGIN = "otp_webauthn:credential-registration-begin"


def _post_json(client, name, data=None):
    return client.post(reverse(name), json.dumps(data or {}), content_type="application/json")


def test_passkey_registration_offered_when_signed_in_with_two_factors(client):
    sign_in(client, AssessorFactory())
    response = _post_json(client, BEGIN)
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] and options["challenge"]


def test_passkey_registration_refused_when_only_the_password_was_given(client):
    officeholder = OfficeholderFactory()
    client.post(reverse("accounts:login"), {"username": officeholder.email, "password": PASSWORD})
    response = _post_json(client, BEGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert not WebAuthnCredential.objects.exists()


def test_passkey_cannot_be_the_first_device_even_where_the_middleware_lets_a_session_through(client, settings):
    # django-otp-webauthn alone lets a user without devices register one and counts the session
    # as verified; our views refuse unless the session already has two factors.
    settings.SECOND_FACTOR_FOR_OFFICEHOLDERS = False
    officeholder = OfficeholderFactory()
    client.post(reverse("accounts:login"), {"username": officeholder.email, "password": PASSWORD})
    response = _post_json(client, BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "second_factor_required"
    assert AuditEvent.objects.filter(action="auth.passkey_added", result="denied").exists()


def test_passkey_button_offered_on_the_code_page_only_when_the_account_has_a_passkey(client):
    assessor = AssessorFactory()
    sign_in(client, assessor)
    client.session.flush()
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": assessor.email, "password": PASSWORD})
    assert "passkey-verification-button" not in client.get(reverse("accounts:two_factor_verify")).content.decode()
    WebAuthnCredential.objects.create(user=assessor, name="test", confirmed=True, credential_id_sha256="x" * 64)
    assert "passkey-verification-button" in client.get(reverse("accounts:two_factor_verify")).content.decode()
