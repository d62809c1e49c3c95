"""Signing in and out, and resetting a forgotten password.

Sign-in is two steps (password, then the second factor in twofactor.py); a
password reset never signs anyone in, so the second factor still applies, and it
ends every session the user had.
"""

from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from regeling.audit import log as audit
from regeling.core import limits

from . import password_reset
from .oidc.config import digid_enabled, staff_sign_in_choices
from .oidc.session import sign_in_of
from .sessions import end_sessions_of


class LoginForm(AuthenticationForm):
    # Django's own message builds "Voer een juiste e-mailadres ... in" from the field name.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is not correct."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's maximum without checking it; the password has none.
        # A bound on what is looked up and hashed (regeling/core/limits.py).
        for name, limit in (("username", limits.EMAIL), ("password", limits.PASSWORD)):
            self.fields[name].max_length = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))


class LoginView(auth_views.LoginView):
    """The local sign-in form, with a button per body that signs in through its own provider
    and one for DigiD when a broker is configured."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(providers=staff_sign_in_choices(), digid=digid_enabled(), **kwargs)


def provider_logout_url(request) -> str:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): where the provider ends
    its own session and sends the browser back to our sign-in page. Empty for local sign-ins.
    We keep no ID token, so the request names the client instead of giving an id_token_hint."""
    info = sign_in_of(request.session)
    endpoint = info.get("end_session_endpoint")
    if not endpoint:
        return ""
    back = request.build_absolute_uri(reverse("accounts:login"))
    query = urlencode({"client_id": info["client_id"], "post_logout_redirect_uri": back})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class LogoutView(auth_views.LogoutView):
    """Ends our session (audited by the logout signal), then the provider's, if it signed the user in.

    The provider's page opens from a page of ours, not by redirecting the sign-out form:
    the form's CSP (form-action 'self') would block a redirect to another origin.
    """

    def post(self, request, *args, **kwargs):
        provider_url = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if not provider_url:
            return response
        return render(request, "accounts/signed_out_provider.html", {"provider_url": provider_url})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The same work whether or not the address exists: one lookup, one task after commit
        # (password_reset.py); the worker writes the link to SITE_URL, never to the request's Host.
        password_reset.request_reset(form)
        # The same answer whether or not the address exists; the audit row names no address.
        audit.record("auth.password_reset_requested", request=self.request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # sign in again: password and second factor

    def form_valid(self, form):
        response = super().form_valid(form)
        ended = end_sessions_of(form.user)
        audit.record("auth.password_reset", actor=form.user, obj=form.user, request=self.request, sessions_ended=ended)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def lockout_username(request, credentials=None) -> str | None:
    """The account django-axes counts failures for: the typed e-mail, case-folded so
    that 'A@x.nl' and 'a@x.nl' share one counter, known to us or not."""
    source = credentials if credentials else request.POST
    return (source.get("username") or "").strip().lower() or None
