"""Signing in through OpenID Connect: staff through their body's provider, officeholders
through DigiD via a broker. mozilla-django-oidc does the protocol (state, nonce, PKCE,
token exchange, signature); this package adds what it leaves out (issuer, audience and
expiry checks), the per-body configuration, and the matching of claims to accounts."""
