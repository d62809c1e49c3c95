"""Settlement below the invoice (Awb 3:46, 4:8): the assessor announces a lower amount with its reason per
line, the officeholder responds in the portal, the assessor settles and the letter states the reason."""

import pytest
from playwright.sync_api import expect

from tests.e2e import backoffice, portal
from tests.e2e.backoffice import open_from_work_list, take
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REASON = "De factuur bevat ook het onderhoudscontract, dat niet is toegekend."


def test_lower_settlement_is_announced_answered_and_explained_per_line_when_the_invoice_holds_more(
    open_journey, letter_worker, officeholder, assessor
):
    backoffice.enrol_second_factor(assessor)
    application = ApplicationFactory(applicant=officeholder, settlement_submitted=True, handled_by=assessor)
    reference = application.reference

    bea = open_journey("assessor")
    bea.sign_in(assessor)
    open_from_work_list(bea, reference)
    take(
        bea,
        "Request views on the settlement",
        {
            "Intended amount for Maatregel 1": "200,00",
            "Why less than invoiced, for Maatregel 1": REASON,
            "Deadline for the views": portal.in_days(14),
        },
    )

    wim = open_journey("officeholder")
    wim.sign_in(officeholder)
    portal.open_case(wim, reference)
    intention = " ".join(portal.letter_text(wim, "Intention to settle lower: your views").split())
    assert "Voornemen tot lagere vaststelling" in intention and REASON in intention
    portal.open_case(wim, reference)
    expect(wim.page.get_by_role("heading", name="What we intend to settle")).to_be_visible()
    portal.act_on_case(
        wim,
        "Give your views on the settlement",
        {"Your views": "Het onderhoudscontract hoort bij de camera."},
        confirmation="We have received your views on the settlement.",
    )

    open_from_work_list(bea, reference)
    expect(bea.page.get_by_text("Het onderhoudscontract hoort bij de camera.")).to_be_visible()
    take(bea, "Settle")

    portal.open_case(wim, reference)
    settlement = " ".join(portal.letter_text(wim, "Settlement decision").split())
    assert "vastgesteld € 200,00" in settlement and REASON in settlement
