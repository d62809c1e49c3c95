"""A new assessor's first sign-in: the coordinator issues an enrolment code on their page and
hands it over; the assessor's password alone does not reach the QR code, the code does."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from regeling.accounts.models import UserKind
from tests.e2e import backoffice
from tests.e2e.browser import PASSWORD
from tests.factories import AssessorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_new_assessor_sets_up_the_app_when_the_coordinator_gave_an_enrolment_code(open_journey, body):
    coordinator = AssessorFactory(body=body, kind=UserKind.COORDINATOR, first_name="Cora")
    newcomer = AssessorFactory(body=body, first_name="Noor", last_name="Nieuw")
    backoffice.enrol_second_factor(coordinator)

    # Without a code the password leads to the enrolment step, not to a secret.
    noor = open_journey("new-assessor")
    noor.open("accounts:login")
    noor.page.get_by_label("E-mail address").fill(newcomer.email)
    noor.page.get_by_label("Password").fill(PASSWORD)
    noor.page.get_by_role("button", name="Sign in").click()
    expect(noor.page.get_by_label("Enrolment code", exact=True)).to_be_visible()
    noor.record("asked for an enrolment code")
    assert not TOTPDevice.objects.filter(user=newcomer).exists()
    noor.sign_out()

    cora = open_journey("coordinator")
    cora.sign_in(coordinator)
    cora.page.get_by_role("link", name="Two-step verification of others").click()
    cora.page.get_by_label("Person").select_option(label=f"{newcomer} (assessor)")
    cora.page.get_by_label("Reason").fill("Nieuwe collega, eerste dag")
    cora.record("enrolment code requested")
    cora.page.get_by_role("button", name="Issue enrolment code").click()
    code = cora.page.locator("code.enrolment-code").inner_text()

    noor.sign_in(newcomer, enrolment_code=code)
    assert TOTPDevice.objects.get(user=newcomer).confirmed
