"""Enforces the second factor: until it is verified, staff (and officeholders who turned
it on) reach only the sign-in steps. Covers every back-office, letter, payment and admin page."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .twofactor import needs_second_factor, second_factor_satisfied

# Paths a half-signed-in user may still open, besides the two-factor steps themselves.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/.well-known/")
_OPEN_URL_NAMES = (
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:recovery_codes",
    "accounts:logout",
    # A passkey as the second step (passkeys.py); adding one needs two factors already.
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not second_factor_satisfied(request)
            and not self._is_open(request.path)
            and needs_second_factor(user)
        ):
            return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        return path.startswith(_OPEN_PREFIXES) or path in {reverse(name) for name in _OPEN_URL_NAMES}
