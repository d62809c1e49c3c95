"""First enrolment of a second factor needs more than the password: an enrolment code from the
coordinator (or administrator), or the invitation link; a lost device is reset, audited."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from regeling.accounts import enrolment
from regeling.accounts.invitations import make_token
from regeling.accounts.models import EnrolmentCode, RecoveryCode, UserKind
from regeling.accounts.oidc import views as oidc_views
from regeling.accounts.oidc.claims import Level, digid_proves_second_factor
from regeling.accounts.oidc.config import DIGID, ProviderConfig
from regeling.accounts.twofactor import create_recovery_codes, create_totp_device
from regeling.audit.models import AuditEvent
from tests.factories import AssessorFactory, BodyFactory, CoordinatorFactory, OfficeholderFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - the factories' test password
SETUP = "accounts:two_factor_setup"


def _password_only(client, user):
    assert client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD}).status_code == 302


def _type_code(client, code):
    return client.post(reverse(SETUP), {"enrolment_code": code})


def _shows_qr_code(client) -> bool:
    return "data:image/svg+xml" in client.get(reverse(SETUP)).content.decode()


def _issue(person):
    return enrolment.issue_enrolment_code(person, issued_by=CoordinatorFactory(body=person.body))


# -- the code ----------------------------------------------------------------------
def test_code_opens_setup_when_typed_after_the_password(client):
    assessor = AssessorFactory()
    code = _issue(assessor)
    _password_only(client, assessor)
    assert _type_code(client, code).status_code == 302
    assert _shows_qr_code(client)


def test_code_refused_when_used_a_second_time(client):
    assessor = AssessorFactory()
    code = _issue(assessor)
    _password_only(client, assessor)
    _type_code(client, code)
    client.post(reverse("accounts:logout"))
    _password_only(client, assessor)
    assert _type_code(client, code).status_code == 400
    assert not _shows_qr_code(client)


def test_code_refused_when_expired(client):
    assessor = AssessorFactory()
    code = _issue(assessor)
    EnrolmentCode.objects.filter(user=assessor).update(expires_at=timezone.now())
    _password_only(client, assessor)
    assert _type_code(client, code).status_code == 400


def test_code_refused_for_another_person(client):
    code = _issue(AssessorFactory())
    other = AssessorFactory()
    _password_only(client, other)
    assert _type_code(client, code).status_code == 400


def test_earlier_code_stops_working_when_a_new_one_is_issued(client):
    assessor = AssessorFactory()
    first = _issue(assessor)
    _issue(assessor)
    _password_only(client, assessor)
    assert _type_code(client, first).status_code == 400


def test_code_stored_only_as_a_keyed_hash():
    assessor = AssessorFactory()
    code = _issue(assessor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_enrolmentcode")
        rows = repr(cursor.fetchall())
    assert code not in rows and enrolment.normalise(code) not in rows
    assert EnrolmentCode.objects.get(user=assessor).code_hash == enrolment.enrolment_code_hash(
        enrolment.normalise(code)
    )


def test_code_accepted_when_typed_in_lower_case_with_spaces(client):
    assessor = AssessorFactory()
    code = _issue(assessor)
    _password_only(client, assessor)
    assert _type_code(client, " " + code.lower().replace("-", " ") + " ").status_code == 302


def test_wrong_code_refused_in_dutch_with_400_and_audited(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    response = _type_code(client, "AAAA-BBBB-CCCC")
    assert response.status_code == 400
    assert "Deze activeringscode klopt niet" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.enrolment_code", result="denied", actor=assessor).exists()


def test_open_codes_voided_when_too_many_wrong_codes_were_tried(client, settings):
    settings.ENROLMENT_CODE_MAX_FAILURES = 3
    assessor = AssessorFactory()
    code = _issue(assessor)
    _password_only(client, assessor)
    for wrong in ("AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC"):
        _type_code(client, wrong)
    assert _type_code(client, code).status_code == 400
    assert EnrolmentCode.objects.get(user=assessor).voided_at is not None


def test_wrong_code_refusals_aggregated_in_the_audit_log(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    for _ in range(12):
        _type_code(client, "AAAA-AAAA-AAAA")
    counts = AuditEvent.objects.filter(action="auth.enrolment_code", result="denied").values_list("detail", flat=True)
    assert sorted(detail["repeated"] for detail in counts) == [1, 10]


def test_issuing_a_code_audited_without_the_code():
    assessor = AssessorFactory()
    code = _issue(assessor)
    event = AuditEvent.objects.get(action="auth.enrolment_code_issued")
    assert event.object_id == str(assessor.pk) and event.actor.is_coordinator
    assert code not in repr(event.detail) and enrolment.normalise(code) not in repr(event.detail)


# -- the invitation link ----------------------------------------------------------
def _accept_invitation(client, assessor, email="nieuw@teststad.nl"):
    sign_in(client, assessor)
    form = {
        "email": email,
        "first_name": "Nina",
        "last_name": "Nieuw",
        "office": "alderman",
        "appointment_certain_on": "2022-04-01",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(reverse("accounts:invite"), form).status_code == 302
    client.post(reverse("accounts:logout"))
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})


def test_invitation_link_opens_setup_without_a_code_when_signing_in_in_the_same_browser(client):
    _accept_invitation(client, AssessorFactory())
    officeholder = UserFactory._meta.model.objects.get(email="nieuw@teststad.nl")
    _password_only(client, officeholder)
    assert _shows_qr_code(client)


def test_invitation_grant_refused_when_another_account_signs_in_in_that_browser(client):
    _accept_invitation(client, AssessorFactory())
    other = OfficeholderFactory()
    _password_only(client, other)
    assert not _shows_qr_code(client)


def test_invitation_grant_refused_when_it_has_run_out(client, settings):
    settings.ENROLMENT_GRANT_MINUTES = 0
    _accept_invitation(client, AssessorFactory())
    officeholder = UserFactory._meta.model.objects.get(email="nieuw@teststad.nl")
    _password_only(client, officeholder)
    assert not _shows_qr_code(client)


def test_officeholder_signs_in_with_a_real_totp_code_after_enrolling_through_the_invitation(client):
    _accept_invitation(client, AssessorFactory())
    officeholder = UserFactory._meta.model.objects.get(email="nieuw@teststad.nl")
    _password_only(client, officeholder)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=officeholder)
    client.post(reverse(SETUP), {"token": f"{totp(device.bin_key):06d}"})
    assert client.get(reverse("applications:list")).status_code == 200
    event = AuditEvent.objects.get(action="auth.second_factor_set_up")
    assert event.detail["route"] == "invitation"


# -- who may issue, and resets ----------------------------------------------------------
def _codes_page(client, person, reason="Telefoon kwijt"):
    return client.post(reverse("accounts:enrolment_codes"), {"person": person.pk, "reason": reason})


def test_coordinator_issues_a_code_for_an_assessor_of_the_own_body(client):
    coordinator = CoordinatorFactory()
    assessor = AssessorFactory(body=coordinator.body)
    response = _codes_page(sign_in(client, coordinator), assessor)
    assert response.status_code == 200
    code = response.context["code"]
    assert EnrolmentCode.objects.get(user=assessor).code_hash == enrolment.enrolment_code_hash(
        enrolment.normalise(code)
    )


def test_coordinator_refused_a_code_for_themselves(client):
    coordinator = CoordinatorFactory()
    response = _codes_page(sign_in(client, coordinator), coordinator)
    assert response.status_code == 400
    assert "Kies een persoon uit de lijst." in response.content.decode()
    assert not EnrolmentCode.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "other_body_assessor", "administrator"])
def test_coordinator_refused_a_code_for_someone_outside_their_remit(client, who):
    coordinator = CoordinatorFactory()
    person = {
        "other_coordinator": lambda: CoordinatorFactory(body=coordinator.body),
        "other_body_assessor": lambda: AssessorFactory(body=BodyFactory()),
        "administrator": lambda: UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }[who]()
    assert _codes_page(sign_in(client, coordinator), person).status_code == 400
    assert not enrolment.may_issue_enrolment_code(coordinator, person)


def test_administrator_issues_a_code_for_a_coordinator(client):
    coordinator = CoordinatorFactory()
    admin = UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True)
    assert _codes_page(sign_in(client, admin), coordinator).status_code == 200
    assert EnrolmentCode.objects.filter(user=coordinator, issued_by=admin).exists()


def test_assessor_refused_the_codes_page(client):
    assert sign_in(client, AssessorFactory()).get(reverse("accounts:enrolment_codes")).status_code == 403


def test_reason_required_when_issuing_a_code(client):
    coordinator = CoordinatorFactory()
    assessor = AssessorFactory(body=coordinator.body)
    assert _codes_page(sign_in(client, coordinator), assessor, reason="").status_code == 400


def test_reset_removes_the_app_passkeys_and_recovery_codes_when_a_device_was_lost(client):
    coordinator = CoordinatorFactory()
    assessor = AssessorFactory(body=coordinator.body)
    create_totp_device(assessor)
    create_recovery_codes(assessor)
    WebAuthnCredential.objects.create(user=assessor, name="passkey", confirmed=True, credential_id_sha256="x" * 64)
    response = _codes_page(sign_in(client, coordinator), assessor)
    assert response.context["was_reset"]
    assert not TOTPDevice.objects.filter(user=assessor).exists()
    assert not RecoveryCode.objects.filter(device__user=assessor).exists()
    assert not WebAuthnCredential.objects.filter(user=assessor).exists()


def test_reset_ends_the_persons_open_sessions(client):
    coordinator = CoordinatorFactory()
    assessor = AssessorFactory(body=coordinator.body)
    sign_in(Client(), assessor)
    assert Session.objects.count() == 1
    _codes_page(sign_in(client, coordinator), assessor)
    assert Session.objects.count() == 1  # only the coordinator's own


def test_reset_audited_with_the_reason_kept_encrypted(client):
    coordinator = CoordinatorFactory()
    assessor = AssessorFactory(body=coordinator.body)
    create_totp_device(assessor)
    _codes_page(sign_in(client, coordinator), assessor, reason="Telefoon in de gracht gevallen")
    event = AuditEvent.objects.get(action="auth.second_factor_reset")
    assert event.actor == coordinator and event.object_id == str(assessor.pk)
    assert EnrolmentCode.objects.get(user=assessor).reason == "Telefoon in de gracht gevallen"
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM accounts_enrolmentcode")
        assert "gracht" not in cursor.fetchone()[0]


def test_staff_with_the_new_code_enrols_again_after_a_reset(client):
    coordinator = CoordinatorFactory()
    assessor = AssessorFactory(body=coordinator.body)
    create_totp_device(assessor)
    code = enrolment.reset_second_factor(assessor, by=coordinator, reason="kwijt")
    _password_only(client, assessor)
    assert _type_code(client, code).status_code == 302
    assert _shows_qr_code(client)


def test_operator_command_prints_a_working_code_for_the_first_administrator(client):
    admin = UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True)
    out = StringIO()
    call_command("issue_enrolment_code", admin.email, "--reason", "eerste beheerder", stdout=out)
    _password_only(client, admin)
    assert _type_code(client, out.getvalue().strip()).status_code == 302
    assert AuditEvent.objects.get(action="auth.enrolment_code_issued").detail["by_command"] is True


# -- DigiD counts as two factors from a set level --------------------------------------------
def test_digid_midden_counts_as_second_factor_by_default():
    assert digid_proves_second_factor(Level.MIDDEN)


def test_digid_midden_not_enough_when_the_body_sets_substantieel(settings):
    settings.DIGID_MIN_LEVEL_SECOND_FACTOR = "substantieel"
    assert not digid_proves_second_factor(Level.MIDDEN)
    assert digid_proves_second_factor(Level.SUBSTANTIEEL)


def test_digid_basis_never_counts_even_when_set_lower(settings):
    settings.DIGID_MIN_LEVEL_SECOND_FACTOR = "basis"
    assert not digid_proves_second_factor(Level.BASIS)


def _digid_take_up(rf, body, level):
    user = OfficeholderFactory(body=body, is_active=False, password=None)
    request = rf.get("/accounts/inloggen/terugkeer/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    provider = ProviderConfig(DIGID, "broker", "secret", "openid bsn", "https://broker", "", "", "", "", "")
    claims = {"bsn": "111222333", "acr": level}
    oidc_views._digid_sign_in(request, provider, claims, {"invitation": make_token(user)})
    return request, user


def test_digid_basis_invitation_lets_that_browser_set_up_the_app(rf):
    request, user = _digid_take_up(rf, BodyFactory(), "basis")
    request.user = user
    assert enrolment.has_enrolment_grant(request)


def test_digid_midden_invitation_needs_no_app(rf):
    request, user = _digid_take_up(rf, BodyFactory(), "midden")
    assert enrolment.GRANT_SESSION_KEY not in request.session
