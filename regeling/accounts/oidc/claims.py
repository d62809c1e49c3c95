"""What the claims of a verified ID token mean for us. Pure functions, no database.

- Roles: a groups/roles claim maps to assessor or coordinator, for the body whose
  provider issued it only.
- Second factor: `amr` (RFC 8176) or a configured `acr` shows the provider checked one.
- DigiD assurance levels (betrouwbaarheidsniveaus), from the broker's level claim.
"""

from enum import IntEnum

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import UserKind

# RFC 8176 authentication method references, by kind of factor.
_KNOWLEDGE = {"pwd", "pin", "kba"}
_POSSESSION = {"otp", "hwk", "swk", "sms", "tel", "sc", "pop"}
_INHERENCE = {"fpt", "face", "iris", "retina", "vbm", "geo", "user"}


def provider_proves_second_factor(claims: dict, *, mfa_acr_values: set[str]) -> bool:
    """True when the ID token shows a second factor: amr `mfa`, methods of two different
    kinds (e.g. pwd + otp), or an acr the body listed as multi-factor."""
    amr = claims.get("amr") or []
    methods = {amr} if isinstance(amr, str) else {str(value) for value in amr}
    if "mfa" in methods:
        return True
    kinds = sum(1 for kind in (_KNOWLEDGE, _POSSESSION, _INHERENCE) if methods & kind)
    return kinds >= 2 or str(claims.get("acr") or "") in mfa_acr_values


def claim_values(claims: dict, name: str) -> set[str]:
    """A claim as a set of strings: a list, one string, or a space-separated string."""
    value = claims.get(name)
    if value is None:
        return set()
    if isinstance(value, str):
        return set(value.split())
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return set()


def role_for_body(groups: set[str], *, assessor_groups: set[str], coordinator_groups: set[str]) -> str | None:
    """The role the body's groups give; coordinator outranks assessor; None: no role here."""
    if groups & coordinator_groups:
        return UserKind.COORDINATOR
    if groups & assessor_groups:
        return UserKind.ASSESSOR
    return None


class Level(IntEnum):
    """DigiD's assurance levels, lowest first (eIDAS low, substantial, high alongside)."""

    UNKNOWN = 0
    BASIS = 1
    MIDDEN = 2
    SUBSTANTIEEL = 3
    HOOG = 4

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])


LEVEL_LABELS = {
    Level.UNKNOWN: _("unknown"),
    Level.BASIS: _("Basis"),
    Level.MIDDEN: _("Midden"),
    Level.SUBSTANTIEEL: _("Substantieel"),
    Level.HOOG: _("Hoog"),
}

# What brokers send: DigiD's SAML authentication context classes, eIDAS levels, or the names.
_LEVEL_VALUES = {
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport": Level.BASIS,
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract": Level.MIDDEN,
    "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard": Level.SUBSTANTIEEL,
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI": Level.HOOG,
    "http://eidas.europa.eu/LoA/low": Level.MIDDEN,
    "http://eidas.europa.eu/LoA/substantial": Level.SUBSTANTIEEL,
    "http://eidas.europa.eu/LoA/high": Level.HOOG,
}


def level_from_value(value) -> Level:
    """The level a claim value or setting names; anything unrecognised is UNKNOWN (lowest)."""
    text = str(value or "").strip()
    if text in _LEVEL_VALUES:
        return _LEVEL_VALUES[text]
    return Level.__members__.get(text.upper(), Level.UNKNOWN)


def digid_proves_second_factor(level: Level) -> bool:
    """DigiD Midden adds an SMS code or the app to the password; Substantieel and Hoog more.
    The level that counts is DIGID_MIN_LEVEL_SECOND_FACTOR (default midden; docs/rules.md)."""
    return level >= max(level_from_value(settings.DIGID_MIN_LEVEL_SECOND_FACTOR), Level.MIDDEN)
