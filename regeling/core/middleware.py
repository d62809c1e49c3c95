"""Request-wide middleware: the real client address, session timeouts, no caching of
authenticated pages, and refusals from services as a clear 4xx page."""

import ipaddress
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import OperationalError
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from regeling.core.exceptions import TransitionRefused
from regeling.core.limits import TextTooLong

from .conflicts import is_conflict

SESSION_STARTED_KEY = "regeling_started_at"
SESSION_SEEN_KEY = "regeling_last_seen_at"
# Writing the last-seen time on every request would save the session every time.
_SEEN_RESOLUTION_SECONDS = 30


def in_networks(address: str, networks) -> bool:
    """Whether `address` lies in one of `networks` (addresses or CIDR networks); False for a non-address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def _is_trusted_proxy(address: str) -> bool:
    return in_networks(address, settings.TRUSTED_PROXIES)


def real_client_ip(meta: dict) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For when REMOTE_ADDR is a trusted proxy.

    Walks X-Forwarded-For from the right and stops at the first address that is
    not a trusted proxy, so a client cannot forge its address by sending the header.
    """
    address = meta.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    while forwarded and _is_trusted_proxy(address):
        candidate = forwarded.pop()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break
        address = candidate
    return address


def client_ip_for_axes(request) -> str:
    """django-axes counts failures per this address (set by TrustedProxyMiddleware)."""
    return request.META.get("REMOTE_ADDR", "")


# Headers only a proxy should set; once TRUSTED_PROXIES is configured, nobody else may.
_PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP")


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the real client address; only trusted proxies may name it.

    With TRUSTED_PROXIES set, forwarding headers from any other sender are dropped, so a
    client that reaches the app directly cannot claim HTTPS (SECURE_PROXY_SSL_HEADER).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if settings.TRUSTED_PROXIES and not _is_trusted_proxy(meta.get("REMOTE_ADDR", "")):
            for header in _PROXY_HEADERS:
                meta.pop(header, None)
        meta["REMOTE_ADDR"] = real_client_ip(meta)
        return self.get_response(request)


def idle_timeout_seconds(user) -> int:
    if user.is_officeholder:
        return settings.SESSION_IDLE_TIMEOUT_OFFICEHOLDER
    return settings.SESSION_IDLE_TIMEOUT_STAFF


class SessionTimeoutMiddleware:
    """Ends a signed-in session after idle time (shorter for staff) or a fixed maximum age."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED_KEY, now)
            last_seen = session.get(SESSION_SEEN_KEY, now)
            if now - last_seen > idle_timeout_seconds(user) or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)  # flushes the session server-side
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= _SEEN_RESOLUTION_SECONDS or SESSION_SEEN_KEY not in session:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in user hold personal data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, no_cache=True, max_age=0)
        return response


class TransitionRefusedMiddleware:
    """Turns refusals from services into a clear page with a 4xx, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TransitionRefused):
            return render(request, "core/refused.html", {"message": str(exception)}, status=409)
        if isinstance(exception, TextTooLong):  # a form without the field's maximum let it through
            return render(request, "core/refused.html", {"message": exception.messages[0]}, status=400)
        if isinstance(exception, OperationalError) and is_conflict(exception):  # still after the service's retries
            message = _("Someone else changed this case just now. Reload the page and try again.")
            return render(request, "core/refused.html", {"message": message}, status=409)
        return None
