"""mozilla-django-oidc's backend, configured per provider, with the ID token checks it lacks.

The library exchanges the code (with the PKCE verifier), fetches the signing key from the
JWKS, pins the algorithm (so `alg: none` is refused), verifies the signature, expiry and
nonce. It does not check the issuer, the audience or `azp` (it decodes with
verify_aud=False), so `check_id_token` does, as OpenID Connect Core 3.1.3.7 requires.
The backend returns the verified claims, not a user: signin.py decides who that is.
It is not in AUTHENTICATION_BACKENDS: only the callback view calls it, for one provider.
"""

import time

import jwt
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from .config import ProviderConfig

CALLBACK_URL_NAME = "accounts:oidc_callback"
# Seconds of clock difference tolerated between us and the provider.
CLOCK_SKEW = 60
# Library settings fixed here rather than read from the settings module.
FIXED_SETTINGS = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_VERIFY_KID": True,
    "OIDC_STORE_ACCESS_TOKEN": False,  # no token outlives the callback
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_VERIFY_SSL": True,
}


def fixed_setting(attr: str, *args):
    if attr in FIXED_SETTINGS:
        return FIXED_SETTINGS[attr]
    return import_from_settings(attr, *args)


def check_id_token(payload: dict, *, issuer: str, client_id: str, now: float | None = None) -> None:
    """OpenID Connect Core 3.1.3.7: the token is from our provider, for us, and current."""
    now = time.time() if now is None else now
    if payload.get("iss") != issuer:
        raise SuspiciousOperation("ID token issuer does not match the provider")
    audience = payload.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client_id not in audiences:
        raise SuspiciousOperation("ID token audience does not include this client")
    if len(audiences) > 1 and payload.get("azp") != client_id:
        raise SuspiciousOperation("ID token with several audiences lacks this client as azp")
    if "azp" in payload and payload["azp"] != client_id:
        raise SuspiciousOperation("ID token azp is another client")
    if not isinstance(payload.get("exp"), int | float) or payload["exp"] < now - CLOCK_SKEW:
        raise SuspiciousOperation("ID token has expired")
    if not isinstance(payload.get("iat"), int | float) or payload["iat"] > now + CLOCK_SKEW:
        raise SuspiciousOperation("ID token issued in the future")
    if not payload.get("sub"):
        raise SuspiciousOperation("ID token has no subject")


class ProviderBackend(OIDCAuthenticationBackend):
    def __init__(self, provider: ProviderConfig):  # noqa: D107 - no settings lookups, unlike the parent
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    def get_settings(self, attr, *args):
        return fixed_setting(attr, *args)

    def verify_token(self, token, **kwargs):
        if not token:
            raise SuspiciousOperation("The token response has no ID token")
        # Before any key lookup: the library would fail with a KeyError on a token without
        # a key id (an `alg: none` token has none), and only then compare the algorithm.
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or not header.get("kid"):
            raise SuspiciousOperation("ID token not signed with the expected algorithm and a key id")
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (a signed userinfo response has no nonce)
            check_id_token(payload, issuer=self.provider.issuer, client_id=self.provider.client_id)
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The verified claims: the ID token's, completed by userinfo for the same subject."""
        claims = {}
        if self.provider.userinfo_endpoint and access_token:
            claims = self.get_userinfo(access_token, id_token, payload)
            if claims.get("sub") != payload["sub"]:  # Core 5.3.2: userinfo must be about the same person
                raise SuspiciousOperation("userinfo is about another subject")
        return {**claims, **payload}

    def describe_user_by_claims(self, claims):
        return "subject"  # the library logs this; never an e-mail address
