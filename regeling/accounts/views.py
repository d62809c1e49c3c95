"""Signing in and out, and resetting a forgotten password.

Sign-in is two steps (password, then the second factor in twofactor.py); a
password reset never signs anyone in, so the second factor still applies, and it
ends every session the user had.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from regeling.audit import log as audit

from .sessions import end_sessions_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The link points at SITE_URL, never at whatever Host header the request carried.
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
        )
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
