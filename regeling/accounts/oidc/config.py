"""Which provider a sign-in uses, with the endpoints from its discovery document.

A provider is named by a key that travels in the session with each sign-in attempt:
"body:<pk>" for a body's staff provider, "digid" for the DigiD broker. The callback
verifies with the provider that started the attempt, never with one the response names.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache

from regeling.accounts.models import IdentityProvider

DIGID = "digid"
_DISCOVERY_CACHE_SECONDS = 600
_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint")


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or is incomplete."""


@dataclass(frozen=True)
class ProviderConfig:
    key: str
    client_id: str
    client_secret: str
    scopes: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    body_id: int | None = None

    @property
    def is_digid(self) -> bool:
        return self.key == DIGID


def discover(url: str) -> dict:
    """The provider's discovery document (OpenID Connect Discovery 1.0), cached for a while."""
    if not is_secure_or_loopback(url):
        raise ProviderUnavailable("discovery URL is not https")
    cache_key = f"oidc-discovery:{url}"
    document = cache.get(cache_key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(type(error).__name__) from error
        if not isinstance(document, dict):
            raise ProviderUnavailable("discovery document is not a JSON object")
        missing = [
            name
            for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
            if not document.get(name)
        ]
        if missing:
            raise ProviderUnavailable(f"discovery document lacks {', '.join(missing)}")
        if not issuer_matches_discovery_url(document["issuer"], url):
            raise ProviderUnavailable("discovery document names another issuer")
        endpoints = [document[name] for name in _ENDPOINTS if document.get(name)]
        if not all(is_secure_or_loopback(endpoint) for endpoint in endpoints):
            raise ProviderUnavailable("an endpoint is not https")
        cache.set(cache_key, document, _DISCOVERY_CACHE_SECONDS)
    return document


def is_secure_or_loopback(url: str) -> bool:
    """Providers are reached over https; plain http only on this machine (the tests' provider)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"})


def issuer_matches_discovery_url(issuer: str, url: str) -> bool:
    """OpenID Connect Discovery 4.3: the issuer is the discovery URL without its well-known path."""
    return url == f"{issuer.rstrip('/')}/.well-known/openid-configuration"


def _config(key: str, discovery_url: str, *, client_id: str, client_secret: str, scopes: str, body_id=None):
    document = discover(discovery_url)
    return ProviderConfig(
        key=key,
        client_id=client_id,
        client_secret=client_secret,
        scopes=scopes,
        issuer=document["issuer"],
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        userinfo_endpoint=document.get("userinfo_endpoint", ""),
        jwks_uri=document["jwks_uri"],
        end_session_endpoint=document.get("end_session_endpoint", ""),
        body_id=body_id,
    )


def digid_enabled() -> bool:
    return bool(settings.DIGID_OIDC_DISCOVERY_URL and settings.DIGID_OIDC_CLIENT_ID)


def staff_provider_record(body_id) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(body_id=body_id, enabled=True).select_related("body").first()


def client_secret_of(record: IdentityProvider) -> str:
    return record.client_secret or settings.OIDC_CLIENT_SECRETS.get(record.client_secret_name, "")


def provider_for(key: str) -> ProviderConfig | None:
    """The configuration behind a key, or None when that provider is (no longer) configured."""
    if key == DIGID:
        if not digid_enabled():
            return None
        return _config(
            DIGID,
            settings.DIGID_OIDC_DISCOVERY_URL,
            client_id=settings.DIGID_OIDC_CLIENT_ID,
            client_secret=settings.DIGID_OIDC_CLIENT_SECRET,
            scopes=settings.DIGID_OIDC_SCOPES,
        )
    prefix, _, pk = key.partition(":")
    if prefix != "body" or not pk.isdigit():
        return None
    record = staff_provider_record(int(pk))
    if record is None:
        return None
    return _config(
        key,
        record.discovery_url,
        client_id=record.client_id,
        client_secret=client_secret_of(record),
        scopes=record.scopes,
        body_id=record.body_id,
    )


def staff_sign_in_choices() -> list[IdentityProvider]:
    """The bodies whose staff sign in through their own provider, for the sign-in page."""
    return list(IdentityProvider.objects.filter(enabled=True).select_related("body").order_by("body__name"))
