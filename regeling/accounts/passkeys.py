"""Passkeys (WebAuthn) as a second factor beside the authenticator app, by django-otp-webauthn.

The library lets a signed-in user without any device register a passkey and then counts the
session as verified: a password alone would add a second factor, the hole issue #15 closes.
Here a passkey can only be added by a session that already has two factors
(`second_factor_satisfied`), so the first device still needs the enrolment code or the
invitation link (enrolment.py). Passwordless sign-in is off (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN).
Every registration and use is audited; refusals aggregated like the other sign-in steps.
"""

from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as library

from regeling.audit import log as audit

from .twofactor import second_factor_satisfied


class NeedsTwoFactors(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "second_factor_required"
    default_detail = gettext_lazy("Sign in with your authenticator app first; then you can add a passkey.")


class _Audited:
    """Record refusals (aggregated) for the JSON endpoints, which answer errors themselves."""

    denied_action = ""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code >= 400:
            audit.record_denied(self.denied_action, request=request, status=response.status_code)
        return response


class _OnlyWithTwoFactors:
    def check_can_register(self):
        if not second_factor_satisfied(self.request):
            raise NeedsTwoFactors()
        super().check_can_register()


class BeginRegistration(_Audited, _OnlyWithTwoFactors, library.BeginCredentialRegistrationView):
    denied_action = "auth.passkey_added"


class CompleteRegistration(_Audited, _OnlyWithTwoFactors, library.CompleteCredentialRegistrationView):
    denied_action = "auth.passkey_added"

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            audit.record("auth.passkey_added", request=self.request, obj=self.request.user)
        return response


class BeginAuthentication(_Audited, library.BeginCredentialAuthenticationView):
    denied_action = "auth.second_factor"


class CompleteAuthentication(_Audited, library.CompleteCredentialAuthenticationView):
    denied_action = "auth.second_factor"

    def complete_auth(self, device):
        user = super().complete_auth(device)
        self.request.session.cycle_key()  # a new session id once fully signed in, as with a code
        audit.record("auth.second_factor", request=self.request, method=type(device).__name__)
        return user


# The library's template tags reverse these names in the namespace "otp_webauthn".
urlpatterns = [
    path("registratie/begin/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path("registratie/klaar/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path("controle/begin/", BeginAuthentication.as_view(), name="credential-authentication-begin"),
    path("controle/klaar/", CompleteAuthentication.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
