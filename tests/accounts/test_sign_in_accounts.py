"""Who a verified set of claims signs in as (regeling/accounts/oidc/signin.py), the BSN at
rest and on screen, and the minimum DigiD levels. The redirect flows themselves run
against a real provider in tests/e2e/test_sign_in_providers.py."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from regeling.accounts.invitations import make_token
from regeling.accounts.models import ExternalIdentity, IdentityProvider, SecondFactorPolicy, User, UserKind
from regeling.accounts.oidc.claims import Level
from regeling.accounts.oidc.session import SIGN_IN_KEY
from regeling.accounts.oidc.signin import SignInRefused, officeholder_for, staff_user_for
from regeling.accounts.views import provider_logout_url
from regeling.audit.models import AuditEvent
from regeling.privacy.export import build_export
from tests.factories import AssessorFactory, BodyFactory, OfficeholderFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
ISSUER = "https://login.example.nl/tenant/v2.0"
BSN, OTHER_BSN = "999990019", "999990032"


@pytest.fixture
def provider(body):
    return IdentityProvider.objects.create(
        body=body,
        discovery_url="https://login.example.nl/tenant/v2.0/.well-known/openid-configuration",
        client_id="regeling",
        assessor_groups="beoordelaars",
        coordinator_groups="coordinatoren",
    )


def claims(sub="abc", groups=("beoordelaars",), **extra):
    return {"sub": sub, "email": f"{sub}@teststad.nl", "groups": list(groups), **extra}


def test_staff_account_created_for_the_body_when_first_sign_in_gives_a_role(provider, body):
    user = staff_user_for(claims(given_name="Anna"), provider, issuer=ISSUER)
    assert (user.kind, user.body, user.first_name) == (UserKind.ASSESSOR, body, "Anna")
    assert not user.has_usable_password() and not user.is_staff
    assert ExternalIdentity.objects.get(issuer=ISSUER, subject="abc").user == user


def test_role_follows_the_groups_and_is_audited_when_it_changes(provider):
    user = staff_user_for(claims(), provider, issuer=ISSUER)
    again = staff_user_for(claims(groups=["coordinatoren"]), provider, issuer=ISSUER)
    assert again.pk == user.pk and again.kind == UserKind.COORDINATOR
    event = AuditEvent.objects.get(action="account.role_from_provider")
    assert (event.detail["before"], event.detail["role"]) == (UserKind.ASSESSOR, UserKind.COORDINATOR)


def test_same_subject_at_another_issuer_is_another_person_when_matching(provider):
    first = staff_user_for(claims(sub="abc"), provider, issuer=ISSUER)
    other = claims(sub="abc")
    other["email"] = "someone-else@teststad.nl"
    second = staff_user_for(other, provider, issuer="https://other-issuer.example")
    assert first.pk != second.pk


def test_local_account_not_taken_over_when_provider_sends_its_email(provider, body):
    local = AssessorFactory(body=body, email="abc@teststad.nl")
    with pytest.raises(SignInRefused) as refusal:
        staff_user_for(claims(), provider, issuer=ISSUER)
    assert refusal.value.reason == "email_in_use"
    assert not ExternalIdentity.objects.filter(user=local).exists()


def test_account_gets_an_undeliverable_address_when_provider_sends_no_email(provider):
    user = staff_user_for({"sub": "abc", "groups": ["beoordelaars"]}, provider, issuer=ISSUER)
    assert user.email.endswith("@sso.invalid") and "abc" not in user.email


def test_refused_without_account_when_claims_give_no_role(provider):
    with pytest.raises(SignInRefused) as refusal:
        staff_user_for(claims(groups=["finance"]), provider, issuer=ISSUER)
    assert refusal.value.reason == "no_role" and not User.objects.filter(email="abc@teststad.nl").exists()


def test_refused_when_body_requires_a_second_factor_at_the_provider_and_none_shown(provider):
    provider.second_factor = SecondFactorPolicy.PROVIDER_REQUIRED
    provider.save()
    with pytest.raises(SignInRefused) as refusal:
        staff_user_for(claims(amr=["pwd"]), provider, issuer=ISSUER)
    assert refusal.value.reason == "no_second_factor"
    assert staff_user_for(claims(amr=["pwd", "mfa"]), provider, issuer=ISSUER).is_assessor


def test_switched_off_account_refused_when_provider_still_knows_it(provider):
    user = staff_user_for(claims(), provider, issuer=ISSUER)
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(SignInRefused) as refusal:
        staff_user_for(claims(), provider, issuer=ISSUER)
    assert refusal.value.reason == "inactive"


# -- DigiD ---------------------------------------------------------------------------
def invited(body, bsn=None):
    user = OfficeholderFactory(body=body, is_active=False, password=None)
    if bsn:
        user.set_bsn(bsn)
    user.save()
    return user


def test_invitation_without_bsn_linked_to_the_first_digid_when_taken_up(body):
    user = invited(body)
    linked = officeholder_for({"bsn": BSN}, bsn_claim="bsn", invitation=make_token(user), level=Level.SUBSTANTIEEL)
    assert linked.pk == user.pk and linked.is_active and linked.bsn == BSN
    assert officeholder_for({"bsn": BSN}, bsn_claim="bsn", invitation=None, level=Level.MIDDEN).pk == user.pk


def test_digid_refused_when_bsn_already_belongs_to_another_account(body):
    holder = OfficeholderFactory(body=body)
    holder.set_bsn(BSN)
    holder.save()
    with pytest.raises(SignInRefused) as refusal:
        officeholder_for({"bsn": BSN}, bsn_claim="bsn", invitation=make_token(invited(body)), level=Level.HOOG)
    assert refusal.value.reason == "bsn_in_use"


@pytest.mark.parametrize(("bsn", "reason"), [("123456789", "no_bsn"), ("", "no_bsn"), (BSN, "invitation_invalid")])
def test_digid_refused_when_bsn_or_invitation_is_not_valid(body, bsn, reason):
    with pytest.raises(SignInRefused) as refusal:
        officeholder_for({"bsn": bsn}, bsn_claim="bsn", invitation="forged", level=Level.HOOG)
    assert refusal.value.reason == reason


def test_bsn_stored_encrypted_with_blind_index_when_linked(body):
    user = invited(body, BSN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_index FROM accounts_user WHERE id = %s", [user.pk])
        stored, index = cursor.fetchone()
    assert BSN not in stored and BSN not in index and len(index) == 64
    assert user.bsn_masked == "******019"


def test_bsn_masked_when_the_officeholder_downloads_their_data(body):
    user = invited(body, BSN)
    with zipfile.ZipFile(io.BytesIO(build_export(user))) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["account"]["bsn"] == "******019" and BSN not in json.dumps(data)


def test_invitation_refused_when_bsn_fails_the_eleven_test(client, assessor):
    sign_in(client, assessor)
    form = {
        "email": "nieuw@teststad.nl",
        "first_name": "Nina",
        "last_name": "Nieuw",
        "office": "alderman",
        "appointment_certain_on": "2024-01-01",
        "bsn": "123456789",
    }
    response = client.post(reverse("accounts:invite"), form)
    assert response.status_code == 400
    assert "Dit is geen geldig burgerservicenummer." in response.content.decode()  # Dutch by default
    form["bsn"] = BSN
    assert client.post(reverse("accounts:invite"), form).status_code == 302
    user = User.objects.get(email="nieuw@teststad.nl")
    assert user.bsn == BSN and BSN not in json.dumps(list(AuditEvent.objects.values_list("detail", flat=True)))


# -- assurance levels ----------------------------------------------------------------
def signed_in_with(client, user, **sign_in_facts):
    sign_in(client, user)
    session = client.session
    session[SIGN_IN_KEY] = sign_in_facts
    session.save()
    return client


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"method": "digid", "level": "midden"}, 403),
        ({"method": "digid", "level": "substantieel"}, 200),
        ({"method": "digid", "level": "hoog"}, 200),
        ({"method": "password"}, 200),  # local accounts carry no DigiD level
    ],
)
def test_applying_needs_the_minimum_digid_level_when_signed_in_through_digid(client, officeholder, facts, status):
    signed_in_with(client, officeholder, **facts)
    assert client.get(reverse("applications:new")).status_code == status


def test_letters_refused_below_the_minimum_when_signed_in_through_digid(client, officeholder, settings):
    settings.DIGID_MIN_LEVEL_LETTERS = "hoog"
    signed_in_with(client, officeholder, method="digid", level="substantieel")
    response = client.get(reverse("letters:download", args=["00000000-0000-0000-0000-000000000000"]))
    assert response.status_code == 403
    event = AuditEvent.objects.filter(action="auth.level_too_low").get()
    assert (event.detail["level"], event.detail["required"]) == ("substantieel", "hoog")


# -- sign-out ------------------------------------------------------------------------
def test_provider_sign_out_names_the_client_and_no_token_when_signed_in_through_it(rf, officeholder):
    request = rf.post("/accounts/uitloggen/")
    request.session = {SIGN_IN_KEY: {"end_session_endpoint": "https://idp.example/logout", "client_id": "regeling"}}
    url = provider_logout_url(request)
    assert url.startswith("https://idp.example/logout?client_id=regeling&post_logout_redirect_uri=")
    assert "id_token" not in url


def test_local_sign_out_goes_to_sign_in_page_when_signed_in_with_password(client, assessor):
    sign_in(client, assessor)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_client_secret_never_shown_when_administrator_edits_the_provider(client, provider, body):
    provider.client_secret = "very-secret-value"
    provider.save()
    admin = UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True)
    sign_in(client, admin)
    page = client.get(reverse("admin:accounts_body_change", args=[body.pk])).content.decode()
    assert "inlogdienst" in page  # the provider's inline, in Dutch
    assert "very-secret-value" not in page
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == "very-secret-value"


def test_sign_in_page_offers_each_body_provider_when_configured(client, provider, body):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:sso_start", args=[body.pk]) in page
    assert reverse("accounts:digid_start") not in page  # DigiD is off unless configured
    BodyFactory(name="Gemeente Zonder")
    assert "Gemeente Zonder" not in client.get(reverse("accounts:login")).content.decode()


def test_clear_refusal_not_a_500_when_the_provider_cannot_be_reached(client, body):
    IdentityProvider.objects.create(
        body=body, discovery_url="http://127.0.0.1:9/.well-known/openid-configuration", client_id="x"
    )
    response = client.get(reverse("accounts:sso_start", args=[body.pk]), follow=True)
    assert response.status_code == 503
    assert "De inlogdienst is nu niet bereikbaar." in response.content.decode()
    assert AuditEvent.objects.get(action="auth.sso_refused").detail == {"reason": "unavailable", "method": "sso"}


def test_bsn_shown_by_its_last_digits_only_when_administrator_opens_the_account(client, body):
    user = invited(body, BSN)
    sign_in(client, UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert "******019" in page and BSN not in page


def test_refusal_page_is_dutch_and_403_when_a_sign_in_is_refused(client):
    response = client.get(reverse("accounts:oidc_callback"), {"state": "never-started", "code": "x"}, follow=True)
    assert response.status_code == 403
    assert response.redirect_chain[-1][0] == reverse("accounts:sign_in_refused")
    page = response.content.decode()
    assert "U kunt niet inloggen" in page and "Het inloggen duurde te lang" in page
    assert AuditEvent.objects.get(action="auth.sso_refused").detail == {"reason": "expired", "method": "sso"}


def test_wrong_password_gets_a_grammatical_dutch_message_when_signing_in(client, officeholder):
    response = client.post(reverse("accounts:login"), {"username": officeholder.email, "password": "wrong"})
    assert "Het e-mailadres of het wachtwoord is niet juist." in response.content.decode()
