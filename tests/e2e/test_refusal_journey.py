"""The second journey: views are heard, the application is refused, the officeholder objects within the term."""

import pytest
from playwright.sync_api import expect

from tests.e2e import backoffice, portal
from tests.e2e.backoffice import open_from_work_list, take
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_objection_is_decided_when_officeholder_objects_to_refusal_within_term(
    open_journey, letter_worker, officeholder, assessor, second_assessor
):
    backoffice.enrol_second_factor(assessor, second_assessor)
    application = ApplicationFactory(applicant=officeholder, submitted=True, lines=[45_000])
    reference = application.reference

    bea = open_journey("assessor")
    bea.sign_in(assessor)
    open_from_work_list(bea, reference)
    bea.record("case file")
    take(bea, "Start completeness check")
    take(bea, "Complete: start assessment")
    take(bea, "Request views", {"Deadline for the views": portal.in_days(14)})

    wim = open_journey("officeholder")
    wim.sign_in(officeholder)
    portal.open_case(wim, reference)
    wim.record("views requested")
    portal.act_on_case(
        wim,
        "Give your views",
        {"Your views": "De maatregel staat wel in mijn advies."},
        confirmation="We have received your views.",
    )

    bea.page.reload()
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

    open_from_work_list(bea, reference)
    expect(bea.page.get_by_text("Het advies noemt deze maatregel op bladzijde 3.")).to_be_visible()
    take(
        bea,
        "Decide on objection",
        {"Motivation": "Het advies noemt de maatregel niet; de weigering blijft."},
        selects={
            "Outcome of the objection": "objection unfounded, decision upheld",
            "Reason for Maatregel 1": "the measure is not in the security advice",
        },
    )

    portal.open_case(wim, reference)
    on_objection = portal.letter_text(wim, "Decision on objection")
    assert reference in on_objection
