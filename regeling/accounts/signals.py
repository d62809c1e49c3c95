"""Sign-ins, failed sign-ins and sign-outs go into the audit log (never the typed e-mail or password),
each with how the session signed in: method, and for a provider its issuer and assurance level."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from regeling.audit import log as audit

from .oidc.session import SIGN_IN_KEY, audit_details


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    if request is not None and SIGN_IN_KEY not in request.session:
        request.session[SIGN_IN_KEY] = {"method": "password"}
    audit.record("auth.login", actor=user, request=request, **(audit_details(request.session) if request else {}))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    audit.record("auth.login_failed", result="refused", request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record("auth.logout", actor=user, request=request, **(audit_details(request.session) if request else {}))
