"""The second journey: an intention letter invites views (Awb 4:7, 4:8), the officeholder responds, the
application is refused, the officeholder objects within the term; assessors who took no part in the refusal
hear the objector, decide it founded in part and approve it (Awb 7:2, 7:11, 10:3(3)); the letter on objection
reaches the portal. Axe checks every step in Dutch and English."""

import pytest
from playwright.sync_api import expect

from tests.e2e import backoffice, portal
from tests.e2e.backoffice import open_from_work_list, take
from tests.factories import ApplicationFactory, AssessorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_objection_to_a_refusal_is_heard_founded_in_part_and_approved_when_independent_assessors_handle_it(
    open_journey, letter_worker, officeholder, assessor, second_assessor
):
    handler = AssessorFactory(body=assessor.body, first_name="Hanna")
    approver = AssessorFactory(body=assessor.body, first_name="Rik")
    backoffice.enrol_second_factor(assessor, second_assessor, handler, approver)
    application = ApplicationFactory(applicant=officeholder, submitted=True, lines=[45_000])
    reference = application.reference

    bea = open_journey("assessor")
    bea.sign_in(assessor)
    open_from_work_list(bea, reference)
    bea.record("case file")
    take(bea, "Start completeness check")
    take(bea, "Complete: start assessment")
    take(
        bea,
        "Request views",
        {
            "Intended amount for Maatregel 1": "0,00",
            "Grounds of the intended decision": "De maatregel staat niet in het beveiligingsadvies.",
            "Deadline for the views": portal.in_days(14),
        },
        selects={"Intended decision": "refused", "Reason for Maatregel 1": "the measure is not in the security advice"},
    )

    # The intention letter (Awb 4:7, 4:8) states the intended decision, its grounds and how to respond.
    wim = open_journey("officeholder")
    wim.sign_in(officeholder)
    portal.open_case(wim, reference)
    wim.record("views requested")
    intention = " ".join(portal.letter_text(wim, "Intention to refuse: your views").split())
    assert "Voornemen tot (gedeeltelijke) weigering" in intention
    assert "De maatregel staat niet in het beveiligingsadvies." in intention
    assert "Geef uw zienswijze" in intention and "schort de beslistermijn niet op" in intention
    expect(wim.page.get_by_role("heading", name="What we intend to decide")).to_be_visible()
    portal.act_on_case(
        wim,
        "Give your views",
        {"Your views": "De maatregel staat wel in mijn advies."},
        files={"Documents (optional)": "advies.pdf"},
        confirmation="We have received your views.",
    )

    # The work list signals the response; the case file holds it.
    bea.open("review:work_list")
    expect(bea.page.get_by_role("row").filter(has_text=reference)).to_contain_text("views received")
    bea.record("work list: views received")
    open_from_work_list(bea, reference)
    expect(bea.page.get_by_text("De maatregel staat wel in mijn advies.")).to_be_visible()
    take(
        bea,
        "Decide",
        {"Granted for Maatregel 1": "0,00", "Motivation": "De maatregel staat niet in het beveiligingsadvies."},
        selects={"Decision": "refused", "Reason for Maatregel 1": "the measure is not in the security advice"},
    )

    tom = open_journey("second-assessor")
    tom.sign_in(second_assessor)
    open_from_work_list(tom, reference)
    take(tom, "Approve decision")

    portal.open_case(wim, reference)
    refusal = portal.letter_text(wim, "Decision")
    assert reference in refusal
    assert "bezwaar" in refusal.lower()  # the objection clause (Awb 3:45)

    # Within the six-week term (Awb 6:7): the page names its last day.
    expect(wim.page.get_by_role("listitem").filter(has_text="Object to the decision")).to_contain_text("before")
    portal.act_on_case(
        wim,
        "Object to the decision",
        {"Why do you object to the decision?": "Het advies noemt deze maatregel op bladzijde 3."},
        files={"Documents (optional)": "advies-blz-3.pdf"},
        button="Send objection",
        confirmation="Your objection has been received.",
    )
    # The case page acknowledges it with the day the decision on objection is due (Awb 6:14, 7:10).
    expect(wim.page.locator(".objection .message")).to_contain_text("We decide on your objection by")

    # The assessor who proposed the refusal may not handle the objection (Awb 10:3(3)): not offered, with why.
    open_from_work_list(bea, reference)
    expect(bea.page.get_by_text("Het advies noemt deze maatregel op bladzijde 3.")).to_be_visible()
    expect(bea.page.get_by_role("region", name="Invite to a hearing (Awb 7:2)")).to_contain_text("10:3")

    hanna = open_journey("objection-handler")
    hanna.sign_in(handler)
    open_from_work_list(hanna, reference)
    hanna.record("objection on the case file")
    take(
        hanna,
        "Invite to a hearing (Awb 7:2)",
        {
            "Date and time of the hearing": f"{portal.in_days(10)}T10:00",
            "Place, or how the video call works": "Stadhuis, kamer 2",
        },
    )
    portal.open_case(wim, reference)
    invitation = portal.letter_text(wim, "Invitation to the hearing")
    assert "Stadhuis, kamer 2" in invitation and "7:4" in invitation

    hanna.page.reload()
    take(
        hanna,
        "Record the hearing report",
        {"Report of the hearing (Awb 7:7)": "De bezwaarmaker liet bladzijde 3 van het advies zien."},
    )
    take(
        hanna,
        "Decide on the objection",
        {
            "Motivation": "Het advies noemt een eenvoudige variant van de maatregel.",
            "Ground 1, summarised": "Het advies noemt deze maatregel op bladzijde 3.",
            "Answer to ground 1": "Dat klopt voor een eenvoudige variant; die vergoeden wij.",
            "Amount after objection for Maatregel 1": "200,00",
            "Why this amount for Maatregel 1 (when it changes)": "Bladzijde 3 noemt de eenvoudige variant.",
        },
        selects={"Outcome (Awb 7:11)": "founded in part (gedeeltelijk gegrond): revoked and replaced in part"},
    )

    # The second approver of the refusal may not approve the decision on objection either.
    open_from_work_list(tom, reference)
    approve = tom.page.get_by_role("region", name="Approve the decision on objection")
    expect(approve).to_contain_text("10:3")
    expect(approve.get_by_role("button")).to_be_disabled()

    rik = open_journey("objection-approver")
    rik.sign_in(approver)
    open_from_work_list(rik, reference)
    take(rik, "Approve the decision on objection")

    portal.open_case(wim, reference)
    on_objection = portal.letter_text(wim, "Decision on objection")
    wim.record("decision on objection on the case page")
    text = " ".join(on_objection.split())
    assert reference in text
    assert "Wij verklaren uw bezwaar gedeeltelijk gegrond." in text
    assert "hebben wij u gehoord" in text
    assert "van € 0,00 naar € 200,00" in text
    assert "Beroep instellen" in text

    # The reimbursement shows the amount the objection granted, with its date.
    granted = wim.page.get_by_role("row").filter(has=wim.page.get_by_role("rowheader", name="Granted"))
    expect(granted).to_contain_text("€ 200,00")
    expect(granted).to_contain_text("changed after your objection")

    # A corrected copy names the letter it replaces, on the case page and in the letter itself.
    bea.open("review:work_list")
    bea.page.get_by_role("link", name=reference, exact=True).click()
    bea.page.get_by_role("button", name="Reissue (decision on objection)").click()
    portal.open_case(wim, reference)
    replaces = wim.page.get_by_text('Replaces the letter "decision on objection" of')
    wim.wait_for(replaces)
    wim.record("reissued letter on the case page")
    wim.page.get_by_role("link", name="Decision on objection (").last.click()
    expect(wim.page.locator(".letter-text")).to_contain_text("Deze brief vervangt onze brief van")
    expect(wim.page.locator(".letter-text")).to_contain_text("(Beslissing op uw bezwaar)")
    wim.record("reissued letter as HTML")
