"""A passkey beside the authenticator app: added once signed in with two factors, then used as the
second step instead of the code. Chromium's virtual authenticator (DevTools WebAuthn domain) plays
the fingerprint reader; the library's own JavaScript and our views do the rest."""

import re

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from regeling.audit.models import AuditEvent
from tests.e2e import backoffice
from tests.e2e.browser import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_assessor_signs_in_with_a_passkey_when_one_was_added(open_journey, settings, assessor):
    backoffice.enrol_second_factor(assessor)
    bea = open_journey("assessor-passkey")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [bea.base_url]
    devtools = bea.page.context.new_cdp_session(bea.page)
    devtools.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": options})

    bea.sign_in(assessor)  # password and the app's code
    bea.open("accounts:two_factor")
    bea.record("passkeys")
    bea.page.get_by_role("button", name="Add a passkey").click()
    expect(bea.page.locator("#passkey-register-status-message")).to_contain_text("successful")
    assert WebAuthnCredential.objects.filter(user=assessor, confirmed=True).count() == 1
    bea.sign_out()

    bea.open("accounts:login")
    bea.page.get_by_label("E-mail address").fill(assessor.email)
    bea.page.get_by_label("Password").fill(PASSWORD)
    bea.page.get_by_role("button", name="Sign in").click()
    bea.record("second step with a passkey")
    bea.page.get_by_role("button", name="Use a passkey").click()
    expect(bea.page).to_have_url(re.compile(r"/behandeling/"))
    assert AuditEvent.objects.filter(action="auth.second_factor", detail__method="WebAuthnCredential").exists()
    assert AuditEvent.objects.filter(action="auth.passkey_added", result="ok").exists()
