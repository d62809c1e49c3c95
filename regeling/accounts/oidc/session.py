"""What the session remembers of how its user signed in: method, issuer, assurance level,
whether the provider proved a second factor, and where to end the provider's session.
No token: nothing from the provider is kept beyond these facts."""

SIGN_IN_KEY = "regeling_sign_in"


def sign_in_of(session) -> dict:
    return session.get(SIGN_IN_KEY) or {}


def audit_details(session) -> dict:
    """The facts of this sign-in that every sign-in and sign-out event carries."""
    info = sign_in_of(session)
    details = {"method": info.get("method", "password")}
    for name in ("issuer", "level"):
        if info.get(name):
            details[name] = info[name]
    if details["method"] != "password":
        details["provider_mfa"] = bool(info.get("second_factor_at_provider"))
    return details


def sign_in_proved_second_factor(session) -> bool:
    """The sign-in itself proved a second factor (the provider's MFA, or DigiD Midden and up),
    and the body's policy lets that count. twofactor.second_factor_satisfied uses this."""
    return bool(sign_in_of(session).get("second_factor_at_provider"))
