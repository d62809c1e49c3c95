"""The whole journey: invitation, application over six steps, information request, four-eyes partial grant,
the decision letter, invoices and settlement."""

import pytest
from playwright.sync_api import expect

from regeling.accounts.models import Body, User
from tests.e2e import backoffice, portal
from tests.e2e.backoffice import open_from_work_list, take

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officeholder_gets_partial_grant_settled_when_invited_applying_and_answering(
    open_journey, letter_worker, body, assessor, second_assessor
):
    # The body's own bank account, which pays: set up with the body, not part of the journey.
    Body.objects.filter(pk=body.pk).update(iban="NL20INGB0001234567", bic="INGBNL2A")
    backoffice.enrol_second_factor(assessor, second_assessor)

    # The body invites its alderman.
    bea = open_journey("assessor")
    bea.sign_in(assessor)
    bea.page.get_by_role("link", name="Invite an officeholder").click()
    bea.page.get_by_label("E-mail address").fill("wim@teststad.example.nl")
    bea.page.get_by_label("First name").fill("Wim")
    bea.page.get_by_label("Last name").fill("de Wethouder")
    bea.page.get_by_label("Office").select_option(label="alderman")
    bea.page.get_by_label("Date the appointment became certain").fill("2022-04-01")
    bea.record("invitation filled")
    bea.page.get_by_role("button", name="Send invitation").click()
    expect(bea.page.get_by_role("status")).to_contain_text("The invitation has been sent.")
    bea.record("invitation sent")

    # The officeholder accepts, checks whether they qualify and starts.
    wim = open_journey("officeholder")
    portal.accept_invitation(wim, "wim@teststad.example.nl")
    officeholder = User.objects.get(email="wim@teststad.example.nl")
    wim.sign_in(officeholder)
    portal.do_precheck(wim)
    reference = portal.start_application(wim)
    portal.fill_residence(wim)
    portal.fill_advice_measures(wim, [("Camera bij de voordeur", "1.200,00"), ("Vrijstaande brievenbus", "600,00")])
    wim.page.get_by_role("button", name="Save and continue later").click()
    wim.record("saved for later")

    # They leave, come back another day and resume where they were.
    wim.sign_out()
    wim.sign_in(officeholder)
    wim.record("my applications with the draft")
    wim.page.get_by_role("link", name=f"Continue {reference}").click()
    expect(wim.page.get_by_label("Measure from the advice").first).to_have_value("Camera bij de voordeur")
    wim.page.get_by_role("button", name="Save and continue", exact=True).click()
    portal.upload_document(wim, "security advice", "advies.pdf")
    wim.record("step 4 documents")
    wim.page.get_by_role("button", name="Save and continue", exact=True).click()
    portal.fill_bank(wim)
    portal.declare_and_send(wim)

    # The assessor finds it and asks for a quote.
    open_from_work_list(bea, reference)
    bea.record("case file")
    take(bea, "Start completeness check")
    take(
        bea,
        "Request information",
        {"What is missing": "Stuur de offerte van de leverancier.", "Deadline": portal.in_days(14)},
    )

    # The officeholder answers with the quote.
    portal.open_case(wim, reference)
    wim.record("information requested")
    portal.act_on_case(
        wim,
        "Send the requested information",
        {"Your answer": "Hierbij de offerte."},
        files={"Documents": "offerte.pdf"},
        confirmation="We have received your answer.",
    )

    # The assessor grants the camera, not the letterbox; a second assessor approves.
    # The answer completed the request, so the case is back in assessment.
    bea.page.reload()
    expect(bea.page.get_by_text("In assessment", exact=True)).to_be_visible()
    # Version B, the advice decides (Regeling 2.9(3)): the assessor records the adopted advice's measures;
    # the camera links to its line by its wording, the letterbox is in no line of it.
    take(bea, "Record the adopted advice", {"The advised measures, one per line": "Camera bij de voordeur"})
    decision = {
        "Granted for Vrijstaande brievenbus": "0,00",
        "Motivation": "De camera staat in het advies; de brievenbus niet.",
        "Why that ground applies": "Het advies zelf is de grond.",
    }
    choices = {
        "Decision": "partly granted",
        "Reason for Vrijstaande brievenbus": "the measure is not in the security advice",
        "Ground for not asking views (only for a refusal without hearing)": (
            "Awb 4:7(1): the refusal rests on no facts other than the applicant supplied"
        ),
    }
    # First the letter it would issue, then the decision itself.
    backoffice.preview_letter(bea, "Decide", decision, selects=choices)
    expect(bea.page.locator(".letter-preview")).to_contain_text("De camera staat in het advies; de brievenbus niet.")
    take(bea, "Decide", decision, selects=choices)
    tom = open_journey("second-assessor")
    tom.sign_in(second_assessor)
    open_from_work_list(tom, reference)
    tom.record("case awaiting approval")
    take(tom, "Approve decision")

    # The decision letter reaches the officeholder's page and holds the granted amount.
    portal.open_case(wim, reference)
    text = portal.letter_text(wim, "Decision")
    assert reference in text
    assert "€ 1.200,00" in text

    # Invoices, then settlement; sent without the invoices first, the form comes back with the summary.
    wim.page.get_by_role("link", name="Send your invoices").click()
    wim.page.get_by_label("Camera bij de voordeur", exact=True).fill("1.150,00")
    wim.page.get_by_role("button", name="Send invoices", exact=True).click()
    expect(wim.page.get_by_role("alert")).to_contain_text("Invoices")
    wim.record_refusal("invoices missing")
    portal.open_case(wim, reference)
    portal.act_on_case(
        wim,
        "Send your invoices",
        {"Camera bij de voordeur": "1.150,00", "Invoice date for Camera bij de voordeur": portal.in_days(0)},
        files={"Invoices": "factuur.pdf"},
        button="Send invoices",
        confirmation="Your invoices have been received.",
    )

    open_from_work_list(bea, reference)
    take(bea, "Settle", {"Final amount for Camera bij de voordeur": "1.150,00"})
    measures = bea.page.get_by_role("region", name="Measures", exact=True)
    expect(measures.get_by_role("row").filter(has_text="Camera bij de voordeur")).to_contain_text("€ 1.150,00")

    # A payment batch for the bank; once the bank accepts it, the case is paid.
    bea.page.get_by_role("link", name="Payment batches").click()
    expect(bea.page.get_by_label(reference, exact=True)).to_be_checked()
    bea.record("payment batch chosen")
    bea.page.get_by_role("button", name="Prepare the batch").click()
    expect(bea.page.get_by_role("status")).to_contain_text("The payment batch is ready.")
    bea.record("payment batch prepared")
    sepa = bea.download(bea.page.get_by_role("link", name="SEPA file for the bank (XML)")).decode()
    assert "1150.00" in sepa
    assert "NL91ABNA0417164300" in sepa
    bea.page.get_by_role("button", name="Confirm payment").click()
    expect(bea.page.get_by_role("status")).to_contain_text("marked paid")
    bea.record("payment confirmed")
    portal.open_case(wim, reference)
    expect(wim.page.locator("p.status")).to_have_text("Paid")
    # The money as it developed, each amount with its date.
    for stage, amount in (("Requested", "€ 1.800,00"), ("Granted", "€ 1.200,00"), ("Paid", "€ 1.150,00")):
        expect(wim.page.get_by_role("row").filter(has=wim.page.get_by_role("rowheader", name=stage))).to_contain_text(
            amount
        )
    wim.record("paid")
