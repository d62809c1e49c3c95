"""The second factor: TOTP devices (django-otp) and single-use recovery codes.

Staff must verify a second factor before any page but the sign-in steps; an
officeholder who has turned it on must too. A staff member without a device is
sent to set one up: a QR code (SVG, made by segno) and the secret in text.
"""

from base64 import b32encode

import segno
from django import forms
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

from regeling.audit import log as audit

from .models import UserKind
from .oidc.session import sign_in_proved_second_factor

RECOVERY_CODE_COUNT = 10
_SETUP_DEVICE_NAME = "authenticator"
_RECOVERY_SESSION_KEY = "regeling_new_recovery_codes"


def is_staff_user(user) -> bool:
    """Everyone who works on other people's cases, plus anyone with admin access."""
    return user.kind != UserKind.OFFICEHOLDER or user.is_staff or user.is_superuser


def needs_second_factor(user) -> bool:
    return is_staff_user(user) or user_has_device(user, confirmed=True)


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
    """Replace the user's recovery codes with fresh ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


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
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once fully signed in
            audit.record("auth.second_factor", request=request, method=type(device).__name__)
            return redirect(_safe_next(request))
        audit.record("auth.second_factor", request=request, result="refused")
        if any(not device.verify_is_allowed()[0] for device in devices_for_user(request.user)):
            form.add_error(
                "token",
                ValidationError(_("Too many wrong codes. Please wait a minute and try again."), code="throttled"),
            )
        else:
            form.add_error("token", _("This code is not correct or was already used. Please try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request, "")})


@never_cache
@login_required
def setup(request):
    """Add an authenticator app: scan the QR code (or type the secret), then confirm with a code."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or create_totp_device(user, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session[_RECOVERY_SESSION_KEY] = create_recovery_codes(user)
                audit.record("auth.second_factor_set_up", request=request, obj=user)
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_step_url("accounts:recovery_codes", request))
        form.add_error("token", _("This code is not correct. Check the time on your phone and try again."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": totp_secret(device),
        "next": _safe_next(request, ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


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
        "recovery_left": sum(d.token_set.count() for d in devices_for_user(user) if isinstance(d, StaticDevice)),
    }
    return render(request, "accounts/two_factor.html", context)
