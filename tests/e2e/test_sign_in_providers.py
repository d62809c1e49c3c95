"""Signing in through a real OpenID Provider (node-oidc-provider, tests/oidc/) in Chromium:
staff through their body's provider, officeholders through DigiD via a broker, and ID
tokens the relying party must refuse."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from regeling.accounts.invitations import make_token
from regeling.accounts.models import ExternalIdentity, IdentityProvider, SecondFactorPolicy, User, UserKind
from regeling.audit.models import AuditEvent
from tests.e2e.browser import ARTIFACTS
from tests.factories import BodyFactory, OfficeholderFactory
from tests.oidc.server import MIDDEN, SUBSTANTIEEL, client, start_provider, stop_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAMPERED = ["wrong_audience", "expired", "wrong_nonce", "wrong_issuer", "unsigned", "foreign_key"]
INVITED_BSN, OTHER_BSN, LOW_BSN = "999990019", "999990032", "999990044"
MULTI_FACTOR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"  # a staff provider's acr
USERS = {
    "anna": {
        "claims": {"email": "anna@teststad.nl", "given_name": "Anna", "groups": ["regeling-beoordelaars"]},
        "amr": ["pwd", "otp"],
        "acr": MULTI_FACTOR,
    },
    "bert": {
        "claims": {"email": "bert@teststad.nl", "given_name": "Bert", "groups": ["regeling-coordinatoren"]},
        "amr": ["pwd"],
    },
    "carla": {"claims": {"email": "carla@teststad.nl", "groups": ["finance"]}, "amr": ["pwd", "otp"]},
    "piet": {"claims": {"bsn": INVITED_BSN}, "acr": SUBSTANTIEEL},
    "klaas": {"claims": {"bsn": OTHER_BSN}, "acr": SUBSTANTIEEL},
    "lies": {"claims": {"bsn": LOW_BSN}, "acr": MIDDEN},
}


@pytest.fixture(scope="module")
def issuer(live_server):
    url = live_server.url
    clients = [client("teststad-staff", url), client("digid-broker", url)]
    clients += [client(f"tamper-{mode}", url) for mode in TAMPERED]
    config = {
        "clients": clients,
        "users": USERS,
        "acrValues": [MIDDEN, SUBSTANTIEEL, MULTI_FACTOR],
        "tamper": {f"tamper-{mode}": mode for mode in TAMPERED},
    }
    process, issuer = start_provider(config, ARTIFACTS / "oidc-provider")
    yield issuer
    stop_provider(process)
    cache.clear()


def discovery(issuer: str) -> str:
    return f"{issuer}/.well-known/openid-configuration"


def staff_provider(issuer, body, client_id="teststad-staff", **fields):
    return IdentityProvider.objects.create(
        body=body,
        discovery_url=discovery(issuer),
        client_id=client_id,
        client_secret=f"{client_id}-secret",
        scopes="openid email profile groups",
        assessor_groups="regeling-beoordelaars",
        coordinator_groups="regeling-coordinatoren",
        **fields,
    )


@pytest.fixture
def digid(settings, issuer):
    settings.DIGID_OIDC_DISCOVERY_URL = discovery(issuer)
    settings.DIGID_OIDC_CLIENT_ID = "digid-broker"
    settings.DIGID_OIDC_CLIENT_SECRET = "digid-broker-secret"
    settings.DIGID_OIDC_SCOPES = "openid bsn"
    return settings


def at_provider(journey, login: str) -> None:
    """Sign in on the provider's own page, as the person would."""
    page = journey.page
    expect(page.get_by_role("heading", name="Sign in at the test provider")).to_be_visible()
    page.get_by_label("Username").fill(login)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_load_state("load")


def staff_sign_in(journey, body, login: str) -> None:
    journey.open("accounts:login")
    journey.page.get_by_role("link", name=f"Staff of {body.name}").click()
    at_provider(journey, login)


def events(action: str):
    return AuditEvent.objects.filter(action=action).order_by("pk")


# -- staff ---------------------------------------------------------------------------
def test_staff_skip_our_code_when_provider_proves_second_factor(open_journey, issuer, body):
    staff_provider(issuer, body)
    anna = open_journey("staff-mfa")
    anna.open("accounts:login")
    anna.record("sign in choices")
    staff_sign_in(anna, body, "anna")
    expect(anna.page).to_have_url(re.compile(r"/behandeling/"))
    expect(anna.page.get_by_role("button", name="Sign out")).to_be_visible()
    user = User.objects.get(external_identities__issuer=issuer, external_identities__subject="anna")
    assert (user.kind, user.body_id, user.has_usable_password()) == (UserKind.ASSESSOR, body.pk, False)
    login = events("auth.login").last()
    assert login.detail == {"method": "sso", "issuer": issuer, "level": MULTI_FACTOR, "provider_mfa": True}


def test_staff_set_up_our_code_when_provider_shows_no_second_factor(open_journey, issuer, body):
    staff_provider(issuer, body)
    bert = open_journey("staff-no-mfa")
    staff_sign_in(bert, body, "bert")
    expect(bert.page).to_have_url(re.compile(r"/tweestapsverificatie/instellen/"))
    bert.record("second factor set-up after provider")
    assert User.objects.get(email="bert@teststad.nl").kind == UserKind.COORDINATOR
    assert events("auth.login").last().detail["provider_mfa"] is False


def test_staff_asked_our_code_when_body_always_wants_it(open_journey, issuer, body):
    staff_provider(issuer, body, second_factor=SecondFactorPolicy.ALWAYS_LOCAL)
    anna = open_journey("staff-policy")
    staff_sign_in(anna, body, "anna")
    expect(anna.page).to_have_url(re.compile(r"/tweestapsverificatie/instellen/"))


def test_staff_refused_without_account_when_claims_give_no_role(open_journey, issuer, body):
    staff_provider(issuer, body)
    carla = open_journey("staff-no-role")
    staff_sign_in(carla, body, "carla")
    expect(carla.page.get_by_role("heading", name="You cannot sign in")).to_be_visible()
    expect(carla.page.get_by_role("alert")).to_contain_text("does not give you a role")
    carla.record("refused without role")
    assert not User.objects.filter(email="carla@teststad.nl").exists()
    refusal = events("auth.sso_refused").last()
    assert refusal.result == "refused"
    assert refusal.detail == {"reason": "no_role", "method": "sso", "issuer": issuer}


def test_refused_without_account_when_person_cancels_at_the_provider(open_journey, issuer, body):
    staff_provider(issuer, body)
    anna = open_journey("staff-cancel")
    anna.open("accounts:login")
    anna.page.get_by_role("link", name=f"Staff of {body.name}").click()
    anna.page.get_by_role("button", name="Cancel").click()
    expect(anna.page.get_by_role("alert")).to_contain_text("cancelled or refused at the sign-in service")
    assert not User.objects.exists()
    assert events("auth.sso_refused").last().detail == {"reason": "provider_error", "method": "sso", "issuer": issuer}


def test_role_follows_groups_of_own_body_only_when_signing_in_at_another(open_journey, issuer, body):
    staff_provider(issuer, body)
    other = BodyFactory(name="Gemeente Anderstad")
    staff_provider(issuer, other, client_id="digid-broker")  # same issuer, another client
    staff_sign_in(open_journey("staff-own-body"), body, "anna")
    anna = open_journey("staff-other-body")  # a fresh browser: no session at the provider either
    staff_sign_in(anna, other, "anna")
    expect(anna.page.get_by_role("alert")).to_contain_text("belongs to another employer body")
    assert ExternalIdentity.objects.get(subject="anna").user.body == body


def test_sign_out_ends_the_provider_session_too(open_journey, issuer, body):
    staff_provider(issuer, body)
    anna = open_journey("staff-sign-out")
    staff_sign_in(anna, body, "anna")
    anna.sign_out()
    expect(anna.page.get_by_role("heading", name="Sign out at the test provider?")).to_be_visible()
    anna.page.get_by_role("button", name="Yes, sign me out").click()
    expect(anna.page).to_have_url(re.compile(r"/accounts/inloggen/$"))
    # The provider asks who you are again: its session ended as well as ours.
    anna.page.get_by_role("link", name=f"Staff of {body.name}").click()
    expect(anna.page.get_by_role("heading", name="Sign in at the test provider")).to_be_visible()
    logout = events("auth.logout").last()
    assert logout.detail == {"method": "sso", "issuer": issuer, "level": MULTI_FACTOR, "provider_mfa": True}


@pytest.mark.parametrize("mode", TAMPERED)
def test_sign_in_refused_when_id_token_is_tampered(open_journey, issuer, mode):
    body = BodyFactory(name=f"Gemeente {mode}")
    staff_provider(issuer, body, client_id=f"tamper-{mode}")
    anna = open_journey(f"token-{mode}")
    staff_sign_in(anna, body, "anna")
    expect(anna.page.get_by_role("alert")).to_contain_text("could not be verified")
    expect(anna.page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert not User.objects.filter(email="anna@teststad.nl").exists()
    assert events("auth.sso_refused").last().detail["reason"] == "token_invalid"


# -- officeholders through DigiD -----------------------------------------------------
def invited(body, bsn: str | None = None) -> User:
    user = OfficeholderFactory(body=body, is_active=False, password=None)
    user.set_unusable_password()
    if bsn:
        user.set_bsn(bsn)
    user.save()
    return user


def digid_via_invitation(journey, user, login: str) -> None:
    journey.open("accounts:invitation_accept", make_token(user))
    journey.page.get_by_role("link", name="Take up the account with DigiD").click()
    at_provider(journey, login)


def test_invitation_taken_up_with_digid_when_bsn_matches(open_journey, issuer, digid, body):
    user = invited(body, INVITED_BSN)
    piet = open_journey("digid-invited")
    piet.open("accounts:invitation_accept", make_token(user))
    piet.record("invitation with DigiD")
    digid_via_invitation(piet, user, "piet")
    expect(piet.page).to_have_url(re.compile(r"/aanvragen/$"))
    user.refresh_from_db()
    assert user.is_active and user.bsn == INVITED_BSN and user.bsn_masked == "******019"
    piet.open("privacy:my_data")
    assert INVITED_BSN not in piet.page.content()
    login = events("auth.login").last()
    assert login.detail == {"method": "digid", "issuer": issuer, "level": "substantieel", "provider_mfa": True}
    assert INVITED_BSN not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_invitation_refused_when_digid_bsn_is_another(open_journey, issuer, digid, body):
    user = invited(body, INVITED_BSN)
    klaas = open_journey("digid-mismatch")
    digid_via_invitation(klaas, user, "klaas")
    expect(klaas.page.get_by_role("alert")).to_contain_text("not the one your employer body invited")
    klaas.record("refused other DigiD")
    user.refresh_from_db()
    assert not user.is_active
    assert events("auth.sso_refused").last().detail == {
        "reason": "bsn_mismatch",
        "method": "digid",
        "issuer": issuer,
        "level": "substantieel",
    }


def test_digid_sign_in_refused_when_no_account_has_the_bsn(open_journey, issuer, digid, body):
    klaas = open_journey("digid-unknown")
    klaas.open("accounts:login")
    klaas.page.get_by_role("link", name="Sign in with DigiD").click()
    at_provider(klaas, "klaas")
    expect(klaas.page.get_by_role("alert")).to_contain_text("There is no account for you yet")
    assert klaas.page.get_by_role("button", name="Sign out").count() == 0


def test_applying_refused_when_digid_level_is_below_the_minimum(open_journey, issuer, digid, body):
    user = invited(body, LOW_BSN)
    lies = open_journey("digid-low-level")
    digid_via_invitation(lies, user, "lies")
    expect(lies.page).to_have_url(re.compile(r"/aanvragen/$"))
    lies.open("applications:new")
    expect(lies.page.get_by_role("heading", name="A higher DigiD level is needed")).to_be_visible()
    expect(lies.page.get_by_role("alert")).to_contain_text("Midden")
    lies.record("level too low")
    refusal = events("auth.level_too_low").last()
    assert (refusal.detail["level"], refusal.detail["required"]) == ("midden", "substantieel")
