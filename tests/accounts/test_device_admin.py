"""The admin shows who has a second factor and can remove it, never the secret."""

import pytest
from django.urls import NoReverseMatch, reverse

from regeling.accounts.models import UserKind
from regeling.accounts.twofactor import create_recovery_codes, create_totp_device, totp_secret
from tests.factories import AssessorFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return sign_in(client, UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True))


def test_device_page_hides_the_secret_when_an_administrator_opens_it(admin_client):
    device = create_totp_device(AssessorFactory())
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert str(device.user) in page
    assert totp_secret(device) not in page and device.key not in page


def test_recovery_codes_hidden_when_an_administrator_opens_the_device(admin_client):
    user = AssessorFactory()
    codes = create_recovery_codes(user)
    device = user.recoverycodedevice_set.get()
    page = admin_client.get(reverse("admin:accounts_recoverycodedevice_change", args=[device.pk])).content.decode()
    assert not any(code in page for code in codes)


def test_no_qr_code_page_when_the_admin_is_asked_for_one():
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_qrcode", args=[1])


def test_administrator_can_remove_a_lost_device(admin_client):
    device = create_totp_device(AssessorFactory())
    admin_client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not type(device).objects.filter(pk=device.pk).exists()
