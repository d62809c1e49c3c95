"""Two-step verification: everyone verifies a second factor; the first device needs an enrolment code."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regeling.accounts.enrolment import issue_enrolment_code
from regeling.accounts.models import RecoveryCode, UserKind
from regeling.accounts.twofactor import create_recovery_codes, create_totp_device
from tests.factories import AssessorFactory, CoordinatorFactory, OfficeholderFactory, UserFactory
from tests.helpers import sign_in

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - the factories' test password


def _password_only(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _passes_second_factor(client) -> bool:
    """The start page sends a fully signed-in user on to their portal, not to the second step."""
    response = client.get("/")
    return response.status_code == 302 and not response["Location"].startswith(reverse("accounts:two_factor_verify"))


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


def _with_enrolment_code(client, user):
    """Type the one-time code the body's coordinator issued, as the setup page first asks."""
    code = issue_enrolment_code(user, issued_by=CoordinatorFactory(body=user.body))
    response = client.post(reverse("accounts:two_factor_setup"), {"enrolment_code": code})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/behandeling/", "/beheer/", "/betalingen/", "/brieven/reeks/", "/brieven/00000000-0000-0000-0000-000000000000/"],
)
def test_staff_sent_to_second_step_when_only_the_password_was_given(client, path):
    assessor = AssessorFactory()
    create_totp_device(assessor)
    _password_only(client, assessor)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.django_db
def test_staff_without_device_asked_for_an_enrolment_code_not_shown_a_secret(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    response = client.get(reverse("accounts:two_factor_verify"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_setup"))
    assert "enrolment_code" in response.context["form"].fields
    assert "secret" not in response.context and "data:image/svg+xml" not in response.content.decode()
    assert not TOTPDevice.objects.filter(user=assessor).exists()


@pytest.mark.django_db
def test_setup_shows_qr_code_and_secret_when_the_enrolment_code_was_given(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    _with_enrolment_code(client, assessor)
    response = client.get(reverse("accounts:two_factor_setup"))
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=assessor, confirmed=False)
    assert response.context["secret"] in page
    assert b32decode(response.context["secret"]) == device.bin_key


@pytest.mark.django_db
def test_setup_confirms_device_and_shows_recovery_codes_when_the_code_is_right(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    _with_enrolment_code(client, assessor)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=assessor)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)}, follow=True)
    device.refresh_from_db()
    assert device.confirmed
    assert len(response.context["codes"]) == 10
    assert _passes_second_factor(client)


@pytest.mark.django_db
def test_setup_refused_when_the_code_is_wrong(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    _with_enrolment_code(client, assessor)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert not TOTPDevice.objects.get(user=assessor).confirmed


@pytest.mark.django_db
def test_back_office_reachable_when_the_totp_code_is_verified(client):
    assessor = AssessorFactory()
    device = create_totp_device(assessor)
    _password_only(client, assessor)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": _code(device), "next": "/behandeling/"})
    assert response.status_code == 302 and response["Location"] == "/behandeling/"
    assert _passes_second_factor(client)


@pytest.mark.django_db
def test_verify_refused_when_the_code_is_wrong(client):
    assessor = AssessorFactory()
    create_totp_device(assessor)
    _password_only(client, assessor)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": "123456"})
    assert response.status_code == 400 and response.context["form"].errors["token"]
    assert not _passes_second_factor(client)


@pytest.mark.django_db
def test_recovery_code_refused_when_used_a_second_time(client):
    assessor = AssessorFactory()
    create_totp_device(assessor)
    code = create_recovery_codes(assessor)[0]
    _password_only(client, assessor)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": code}).status_code == 302
    assert RecoveryCode.objects.filter(device__user=assessor).count() == 9
    client.post(reverse("accounts:logout"))
    _password_only(client, assessor)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code})
    assert response.status_code == 400 and response.context["form"].errors["token"]


@pytest.mark.django_db
def test_recovery_codes_stored_only_as_keyed_hashes(client):
    assessor = AssessorFactory()
    codes = create_recovery_codes(assessor)
    stored = list(RecoveryCode.objects.filter(device__user=assessor).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not {code.lower() for code in codes} & {value.lower() for value in stored}


@pytest.mark.django_db
def test_totp_code_refused_when_replayed_in_another_session(client):
    assessor = AssessorFactory()
    device = create_totp_device(assessor)
    code = _code(device)
    _password_only(client, assessor)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    _password_only(client, assessor)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": code}).status_code == 400


@pytest.mark.django_db
def test_officeholder_sent_to_second_step_when_only_the_password_was_given(client):
    officeholder = OfficeholderFactory()
    _password_only(client, officeholder)
    response = client.get(reverse("applications:list"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.django_db
def test_officeholder_reaches_own_portal_without_code_when_body_turns_it_off(client, settings):
    settings.SECOND_FACTOR_FOR_OFFICEHOLDERS = False
    officeholder = OfficeholderFactory()
    _password_only(client, officeholder)
    assert _passes_second_factor(client)


@pytest.mark.django_db
def test_officeholder_must_verify_when_a_device_is_set_up(client):
    officeholder = OfficeholderFactory()
    create_totp_device(officeholder)
    _password_only(client, officeholder)
    response = client.get(reverse("applications:list"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.django_db
def test_officeholder_sets_up_the_app_with_an_enrolment_code(client):
    officeholder = OfficeholderFactory()
    _password_only(client, officeholder)
    _with_enrolment_code(client, officeholder)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=officeholder)
    client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:two_factor")).context["recovery_left"] == 10


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [UserKind.COORDINATOR, UserKind.NATIONAL, UserKind.ADMINISTRATOR])
def test_every_staff_kind_needs_the_second_factor(client, kind):
    user = UserFactory(kind=kind, is_staff=kind == UserKind.ADMINISTRATOR)
    _password_only(client, user)
    response = client.get("/")
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.django_db
def test_sign_in_helper_passes_the_second_factor_when_user_is_staff(client):
    sign_in(client, AssessorFactory())
    assert _passes_second_factor(client)


@pytest.mark.django_db
def test_sent_back_to_the_asked_page_when_setup_and_codes_are_done(client):
    assessor = AssessorFactory()
    _password_only(client, assessor)
    start = client.get("/behandeling/?status=a&order=b", follow=True)
    setup_url = start.redirect_chain[-1][0]
    code = issue_enrolment_code(assessor, issued_by=CoordinatorFactory(body=assessor.body))
    step = client.post(setup_url, {"enrolment_code": code, "next": start.context["next"]}, follow=True)
    device = TOTPDevice.objects.get(user=assessor)
    response = client.post(setup_url, {"token": _code(device), "next": step.context["next"]}, follow=True)
    assert response.context["next"] == "/behandeling/?status=a&order=b"


@pytest.mark.django_db
def test_next_ignored_when_it_points_to_another_site(client):
    assessor = AssessorFactory()
    device = create_totp_device(assessor)
    _password_only(client, assessor)
    response = client.post(
        reverse("accounts:two_factor_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_right_code_refused_for_a_while_when_wrong_codes_were_tried(client):
    assessor = AssessorFactory()
    device = create_totp_device(assessor)
    _password_only(client, assessor)
    for wrong in ("000000", "111111", "222222"):
        client.post(reverse("accounts:two_factor_verify"), {"token": wrong})
    response = client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert response.status_code == 429 and not _passes_second_factor(client)
    assert response.context["form"].has_error("token", code="throttled")
