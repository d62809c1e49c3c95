"""The second factor: TOTP devices (django-otp) and single-use recovery codes.

Everyone verifies a second factor before any page but the sign-in steps: staff, and
officeholders (SECOND_FACTOR_FOR_OFFICEHOLDERS) unless their DigiD sign-in already was
two factors. Someone without a device is sent to set one up: first the enrolment code
or invitation link (enrolment.py: a password alone cannot add a device), then a QR
code (SVG, made by segno) and the secret in text. Recovery codes are kept hashed.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from regeling.audit import log as audit

from . import enrolment
from .models import RecoveryCode, RecoveryCodeDevice, UserKind, recovery_code_hash
from .oidc.session import sign_in_proved_second_factor

RECOVERY_CODE_COUNT = 10
_SETUP_DEVICE_NAME = "authenticator"
_RECOVERY_SESSION_KEY = "regeling_new_recovery_codes"


def is_staff_user(user) -> bool:
    """Everyone who works on other people's cases, plus anyone with admin access."""
    return user.kind != UserKind.OFFICEHOLDER or user.is_staff or user.is_superuser


def needs_second_factor(user) -> bool:
    """Staff always; officeholders too unless the setting turns it off (then only when they
    turned it on themselves). A DigiD sign-in at a sufficient level satisfies it already."""
    return is_staff_user(user) or settings.SECOND_FACTOR_FOR_OFFICEHOLDERS or user_has_device(user, confirmed=True)


def second_factor_satisfied(request) -> bool:
    """This session's second factor is done: our own code (django-otp) was verified, or the
    sign-in itself proved one at the provider and the body's policy lets that count."""
    return request.user.is_verified() or sign_in_proved_second_factor(request.session)


def totp_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app wants it typed in: base32."""
    return b32encode(device.bin_key).decode()


def create_totp_device(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=_SETUP_DEVICE_NAME, confirmed=confirmed)


def create_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones; each works once. Only their keyed
    hashes are stored: the codes are returned to be shown once."""
    StaticDevice.objects.filter(user=user).delete()  # readable codes from before issue #15
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=recovery_code_hash(code)) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def _safe_next(request, fallback: str | None = None) -> str:
    """The `next` address when it stays on this site, else `fallback` (the start page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home") if fallback is None else fallback


def _step_url(name: str, request) -> str:
    """The next sign-in step, carrying the safe `next` address along."""
    target = _safe_next(request, "")
    return f"{reverse(name)}?{urlencode({'next': target})}" if target else reverse(name)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


@never_cache
@login_required
def verify(request):
    """Second sign-in step: a code from the authenticator app or a recovery code."""
    if second_factor_satisfied(request):
        return redirect(_safe_next(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect(_step_url("accounts:two_factor_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Wrong codes hold the devices back for a while (django-otp's throttling: 1, 2, 4 ... s);
        # a wrong guess counts against each of them, so all are held back together.
        devices = list(devices_for_user(request.user))
        if devices and all(not device.verify_is_allowed()[0] for device in devices):
            audit.record_denied("auth.second_factor", request=request, throttled=True)
            form.add_error(
                "token",
                ValidationError(_("Too many wrong codes. Please wait a minute and try again."), code="throttled"),
            )
            return _verify_page(request, form, status=429)
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once fully signed in
            audit.record("auth.second_factor", request=request, method=type(device).__name__)
            return redirect(_safe_next(request))
        audit.record_denied("auth.second_factor", request=request)
        form.add_error("token", _("This code is not correct or was already used. Please try again."))
    return _verify_page(request, form, status=_refusal_status(form))


def _verify_page(request, form, *, status: int):
    context = {
        "form": form,
        "next": _safe_next(request, ""),
        "has_passkey": WebAuthnCredential.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "accounts/verify.html", context, status=status)


def _refusal_status(form) -> int:
    """200 for a fresh form; 429 while wrong codes hold the account back; 400 for a wrong code."""
    if not form.errors:
        return 200
    return 429 if form.has_error("token", code="throttled") else 400


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=gettext_lazy("Enrolment code"),
        max_length=20,
        help_text=gettext_lazy("The code your employer body's coordinator gave you, e.g. ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )


def _enrolment_code_step(request):
    """Before the QR code: the enrolment code (a password alone cannot add a device)."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if enrolment.redeem_enrolment_code(request, form.cleaned_data["enrolment_code"]):
            return redirect(_step_url("accounts:two_factor_setup", request))
        form.add_error(
            "enrolment_code",
            _(
                "This enrolment code is not correct, has expired or was already used. "
                "Ask your coordinator for a new one if it keeps failing."
            ),
        )
    body = request.user.body
    context = {
        "form": form,
        "next": _safe_next(request, ""),
        "body": body,
        "grant_minutes": settings.ENROLMENT_GRANT_MINUTES,
    }
    return render(request, "accounts/enrolment_code.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def setup(request):
    """Add an authenticator app: scan the QR code (or type the secret), then confirm with a code."""
    user = request.user
    if user_has_device(user, confirmed=True) and not second_factor_satisfied(request):
        return redirect("accounts:two_factor_verify")
    if not second_factor_satisfied(request) and not enrolment.has_enrolment_grant(request):
        return _enrolment_code_step(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or create_totp_device(user, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session[_RECOVERY_SESSION_KEY] = create_recovery_codes(user)
                grant = request.session.get(enrolment.GRANT_SESSION_KEY) or {}
                audit.record(
                    "auth.second_factor_set_up", request=request, obj=user, route=grant.get("method", "verified")
                )
            enrolment.end_enrolment_grant(request.session)
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_step_url("accounts:recovery_codes", request))
        form.add_error("token", _("This code is not correct. Check the time on your phone and try again."))
        audit.record_denied("auth.second_factor_set_up", request=request)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": totp_secret(device),
        "next": _safe_next(request, ""),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def recovery_codes(request):
    """Show the new recovery codes once, right after they were made."""
    codes = request.session.pop(_RECOVERY_SESSION_KEY, None)
    if codes is None:
        messages.info(request, _("Your recovery codes were shown once, when you set up two-step verification."))
        return redirect(_safe_next(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request)})


@never_cache
@login_required
def overview(request):
    """Whether two-step verification is on, with a way to turn it on (officeholders) or renew codes."""
    user = request.user
    if request.method == "POST" and request.user.is_verified():
        request.session[_RECOVERY_SESSION_KEY] = create_recovery_codes(user)
        audit.record("auth.recovery_codes_renewed", request=request, obj=user)
        return redirect("accounts:recovery_codes")
    context = {
        "enabled": user_has_device(user, confirmed=True),
        "recovery_left": recovery_codes_left(user),
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).count(),
    }
    return render(request, "accounts/two_factor.html", context)
