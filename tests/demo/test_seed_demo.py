"""The demo data keeps `make run` usable with two-step verification."""

from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regeling.accounts.models import User, UserKind


@pytest.mark.django_db
def test_seed_demo_prints_a_totp_secret_and_uri_when_run_for_each_staff_account():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    staff = User.objects.exclude(kind=UserKind.OFFICEHOLDER)
    assert staff.count() >= 4
    for user in staff:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        secret = printed.split(f"{user.email}  secret ")[1].split()[0]
        assert b32decode(secret) == device.bin_key
        assert device.config_url in printed


@pytest.mark.django_db
def test_seed_demo_keeps_the_same_secret_when_run_again():
    call_command("seed_demo", stdout=StringIO())
    keys = set(TOTPDevice.objects.values_list("key", flat=True))
    call_command("seed_demo", stdout=StringIO())
    assert set(TOTPDevice.objects.values_list("key", flat=True)) == keys


@pytest.mark.django_db
def test_demo_officeholder_signs_in_with_the_printed_secret_when_seeded(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    email = "wethouder@gemeente.example.nl"
    secret = out.getvalue().split(f"{email}  secret ")[1].split()[0]
    password = out.getvalue().split("all with password: ")[1].split()[0]
    assert client.post(reverse("accounts:login"), {"username": email, "password": password}).status_code == 302
    response = client.post(reverse("accounts:two_factor_verify"), {"token": f"{totp(b32decode(secret)):06d}"})
    assert response.status_code == 302
    assert client.get(reverse("applications:list")).status_code == 200
