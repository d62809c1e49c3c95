"""The sign-in redirect, the callback, and the refusal page.

Starting a sign-in stores, per `state`, which provider it is for (and an invitation
token for DigiD). The callback takes the state from the session entry, so a response
is only ever verified against the provider the browser was sent to (with the `iss`
parameter of RFC 9207 checked when present), and each state works once.
"""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from regeling.accounts import enrolment
from regeling.audit import log as audit

from . import signin
from .backend import ProviderBackend, fixed_setting
from .claims import level_from_value
from .config import DIGID, ProviderConfig, ProviderUnavailable, digid_enabled, provider_for, staff_provider_record
from .session import SIGN_IN_KEY

FLOWS_KEY = "regeling_oidc_flows"
REFUSAL_KEY = "regeling_sign_in_refused"
FLOW_MAX_AGE_SECONDS = 10 * 60
_LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def refuse(request, reason: str, *, provider: ProviderConfig | None = None, level: str | None = None):
    """Audit the refusal and show its page (by redirect, so a reload shows it again); signs nobody in."""
    details = {"reason": reason, "method": "digid" if provider and provider.is_digid else "sso"}
    if provider is not None:
        details["issuer"] = provider.issuer
    if level:
        details["level"] = level
    audit.record("auth.sso_refused", result="refused", request=request, **details)
    request.session[REFUSAL_KEY] = reason
    return redirect("accounts:sign_in_refused")


@never_cache
@require_GET
def refused(request):
    """Why the sign-in was refused, in the person's language; 403 (503 when the service is down)."""
    reason = request.session.get(REFUSAL_KEY)
    if reason not in signin.REFUSALS:
        return redirect("accounts:login")
    status = 503 if reason == "unavailable" else 403
    return render(request, "accounts/sign_in_refused.html", {"message": signin.REFUSALS[reason]}, status=status)


class StartSignIn(OIDCAuthenticationRequestView):
    """Redirects to the provider's authorization endpoint with state, nonce and PKCE."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the parent reads one global provider from settings here

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES":
            return self.provider.scopes
        return fixed_setting(attr, *args)

    def get(self, request, key: str, invitation: str | None = None):
        try:
            self.provider = provider_for(key)
        except ProviderUnavailable:
            return refuse(request, "unavailable")
        if self.provider is None:
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = self.provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        flows = request.session.get(FLOWS_KEY, {})
        flows = {name: flow for name, flow in flows.items() if time.time() - flow["started"] < FLOW_MAX_AGE_SECONDS}
        flows[state] = {"provider": key, "invitation": invitation, "started": time.time()}
        request.session[FLOWS_KEY] = flows
        return response


@never_cache
@require_GET
def start_staff(request, pk: int):
    if staff_provider_record(pk) is None:
        raise Http404
    return StartSignIn.as_view()(request, key=f"body:{pk}")


@never_cache
@require_GET
def start_digid(request):
    if not digid_enabled():
        raise Http404
    return StartSignIn.as_view()(request, key=DIGID, invitation=request.GET.get("invitation") or None)


def _take_flow(request, state: str):
    """The stored attempt for this state (nonce, PKCE verifier, provider), removed so it works once."""
    flows = request.session.get(FLOWS_KEY, {})
    states = request.session.get("oidc_states", {})
    flow, secrets = flows.pop(state, None), states.pop(state, None)
    request.session[FLOWS_KEY], request.session["oidc_states"] = flows, states
    if flow is None or secrets is None or time.time() - flow["started"] > FLOW_MAX_AGE_SECONDS:
        return None, None
    return flow, secrets


@never_cache
@require_GET
def callback(request):
    flow, secrets = _take_flow(request, request.GET.get("state", ""))
    if flow is None:
        return refuse(request, "expired")
    try:
        provider = provider_for(flow["provider"])
    except ProviderUnavailable:
        return refuse(request, "unavailable")
    if provider is None:
        return refuse(request, "expired")
    if request.GET.get("error") or "code" not in request.GET:
        return refuse(request, "provider_error", provider=provider)
    if "iss" in request.GET and request.GET["iss"] != provider.issuer:
        return refuse(request, "token_invalid", provider=provider)
    try:
        claims = ProviderBackend(provider).authenticate(
            request, nonce=secrets["nonce"], code_verifier=secrets["code_verifier"]
        )
    except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException, ValueError, KeyError, TypeError):
        claims = None
    if not claims:
        return refuse(request, "token_invalid", provider=provider)
    if provider.is_digid:
        return _digid_sign_in(request, provider, claims, flow)
    return _staff_sign_in(request, provider, claims)


def _staff_sign_in(request, provider: ProviderConfig, claims: dict):
    record = staff_provider_record(provider.body_id)
    # The provider's own assurance statement (acr), as it sent it; bodies differ in their values.
    level = str(claims.get("acr") or "")[:200] or None
    try:
        user = signin.staff_user_for(claims, record, issuer=provider.issuer)
    except signin.SignInRefused as refusal:
        return refuse(request, refusal.reason, provider=provider, level=level)
    proved = signin.staff_second_factor_done(claims, record)
    return _complete(request, user, provider, method="sso", level=level, second_factor=proved)


def _digid_sign_in(request, provider: ProviderConfig, claims: dict, flow: dict):
    level = level_from_value(claims.get(settings.DIGID_LEVEL_CLAIM))
    try:
        user = signin.officeholder_for(
            claims, bsn_claim=settings.DIGID_BSN_CLAIM, invitation=flow.get("invitation"), level=level
        )
    except signin.SignInRefused as refusal:
        return refuse(request, refusal.reason, provider=provider, level=level.name.lower())
    proved = signin.officeholder_second_factor_done(level)
    response = _complete(request, user, provider, method="digid", level=level.name.lower(), second_factor=proved)
    if flow.get("invitation") and not proved:
        # DigiD below the second-factor level: the invitation link is the factor that lets this
        # browser set up the app now, as after choosing a password through it (enrolment.py).
        enrolment.grant_enrolment(request.session, user, method="invitation")
    return response


def _complete(request, user, provider: ProviderConfig, *, method: str, level: str | None, second_factor: bool):
    """Sign in: a fresh session that remembers how (the login signal audits it with these facts)."""
    next_url = request.session.get("oidc_login_next")
    request.session.pop(REFUSAL_KEY, None)
    if request.user.is_authenticated:
        auth.logout(request)  # a sign-in replaces whoever was signed in in this browser
    request.session[SIGN_IN_KEY] = {
        "method": method,
        "provider": provider.key,
        "issuer": provider.issuer,
        "level": level,
        "second_factor_at_provider": second_factor,
        "end_session_endpoint": provider.end_session_endpoint,
        "client_id": provider.client_id,
    }
    auth.login(request, user, backend=_LOCAL_BACKEND)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)
