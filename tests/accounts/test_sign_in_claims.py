"""What the claims of a verified ID token mean: second factor, roles, DigiD levels, and
the ID token checks mozilla-django-oidc leaves to us (OpenID Connect Core 3.1.3.7)."""

import pytest
from django.core.exceptions import SuspiciousOperation

from regeling.accounts.models import UserKind
from regeling.accounts.oidc.backend import check_id_token
from regeling.accounts.oidc.claims import (
    Level,
    claim_values,
    digid_proves_second_factor,
    level_from_value,
    provider_proves_second_factor,
    role_for_body,
)

NOW = 1_800_000_000
ISSUER, CLIENT = "https://login.example.nl/tenant/v2.0", "regeling"


def token(**changes):
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "abc", "iat": NOW - 10, "exp": NOW + 300}
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


@pytest.mark.parametrize(
    ("claims", "proven"),
    [
        ({"amr": ["pwd", "mfa"]}, True),  # Entra ID
        ({"amr": ["pwd", "otp"]}, True),  # Keycloak's AMR mapper
        ({"amr": ["hwk", "fpt"]}, True),
        ({"amr": ["pwd"]}, False),
        ({"amr": ["otp"]}, False),  # one factor, however strong
        ({"amr": "mfa"}, True),
        ({}, False),
        ({"acr": "2"}, True),  # listed by the body
        ({"acr": "1"}, False),
    ],
)
def test_second_factor_proven_when_amr_or_listed_acr_shows_it(claims, proven):
    assert provider_proves_second_factor(claims, mfa_acr_values={"2"}) is proven


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ({"beoordelaars"}, UserKind.ASSESSOR),
        ({"coordinatoren"}, UserKind.COORDINATOR),
        ({"beoordelaars", "coordinatoren"}, UserKind.COORDINATOR),
        ({"finance"}, None),
        (set(), None),
    ],
)
def test_role_comes_from_the_body_groups_only_when_mapping_claims(groups, role):
    assert role_for_body(groups, assessor_groups={"beoordelaars"}, coordinator_groups={"coordinatoren"}) == role


def test_claim_values_accept_list_string_or_nothing_when_read():
    assert claim_values({"groups": ["a", "b"]}, "groups") == {"a", "b"}
    assert claim_values({"roles": "a b"}, "roles") == {"a", "b"}
    assert claim_values({}, "groups") == set()
    assert claim_values({"groups": {"nested": 1}}, "groups") == set()


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", Level.BASIS),
        ("urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract", Level.MIDDEN),
        ("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", Level.SUBSTANTIEEL),
        ("urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI", Level.HOOG),
        ("http://eidas.europa.eu/LoA/substantial", Level.SUBSTANTIEEL),
        ("substantieel", Level.SUBSTANTIEEL),
        ("something-else", Level.UNKNOWN),
        (None, Level.UNKNOWN),
    ],
)
def test_digid_level_read_when_broker_sends_saml_eidas_or_name(value, level):
    assert level_from_value(value) == level


def test_digid_counts_as_second_factor_from_midden_when_signing_in():
    assert [digid_proves_second_factor(level) for level in Level] == [False, False, True, True, True]


def test_id_token_accepted_when_from_our_provider_for_us_and_current():
    check_id_token(token(), issuer=ISSUER, client_id=CLIENT, now=NOW)


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"aud": [CLIENT, "another-client"]},  # several audiences and no azp
        {"aud": [CLIENT, "another-client"], "azp": "another-client"},
        {"azp": "another-client"},
        {"exp": NOW - 61},
        {"exp": None},
        {"iat": NOW + 61},
        {"sub": None},
    ],
    ids=["issuer", "audience", "audiences-no-azp", "azp-other", "azp", "expired", "no-exp", "future", "no-sub"],
)
def test_id_token_refused_when_claims_do_not_hold(changes):
    with pytest.raises(SuspiciousOperation):
        check_id_token(token(**changes), issuer=ISSUER, client_id=CLIENT, now=NOW)
