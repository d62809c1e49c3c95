"""The demo code command prints a code the sign-in accepts, and only for demo accounts."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from regeling.accounts.twofactor import create_totp_device
from tests.factories import AssessorFactory

pytestmark = pytest.mark.django_db


def test_printed_code_is_accepted_by_the_device_when_account_is_demo(capsys):
    assessor = AssessorFactory(email="beoordelaar@demo.example.nl")
    create_totp_device(assessor)
    call_command("demo_code", "beoordelaar@demo.example.nl")
    code = capsys.readouterr().out.strip()
    assert TOTPDevice.objects.get(user=assessor).verify_token(code)


def test_code_is_refused_when_account_is_not_demo_data():
    assessor = AssessorFactory(email="echte.beoordelaar@gemeente.nl")
    create_totp_device(assessor)
    with pytest.raises(CommandError):
        call_command("demo_code", "echte.beoordelaar@gemeente.nl")
