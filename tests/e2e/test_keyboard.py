"""The application form, and a decision in the back office, can be completed with the keyboard alone:
Tab, Space, Enter and typing, no clicks."""

import pytest
from playwright.sync_api import expect

from tests.e2e import backoffice
from tests.e2e.browser import tab_to
from tests.e2e.portal import pdf_file
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_application_is_sent_when_officeholder_uses_only_the_keyboard(open_journey, officeholder):
    wim = open_journey("officeholder")
    wim.sign_in(officeholder)
    page = wim.page
    keyboard = page.keyboard

    def press(target, key: str = "Enter") -> None:
        tab_to(page, target)
        keyboard.press(key)

    def type_into(target, text: str) -> None:
        tab_to(page, target)
        keyboard.type(text)

    def next_step(number: int) -> None:
        press(page.get_by_role("button", name="Save and continue", exact=True))
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Step {number} of 6")
        wim.record(f"step {number} by keyboard")

    press(page.get_by_role("link", name="New application"))
    press(page.get_by_role("button", name="Start the application"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 1 of 6")
    next_step(2)

    type_into(page.get_by_label("Street and house number"), "Lindelaan 12")
    type_into(page.get_by_label("Postcode"), "3511 AB")
    type_into(page.get_by_label("Town"), "Utrecht")
    for question in ("Is this your main residence", "Does the home lie in the territory"):
        # Tab enters a radio group on its first option (Yes); Space chooses it.
        press(page.get_by_role("group", name=question, exact=False).get_by_label("Yes"), " ")
    next_step(3)

    type_into(page.get_by_label("Security advice reference"), "BVA-2026-0042")
    # A date field takes its parts typed in the browser's own order; day and month alike keep this test free of it.
    type_into(page.get_by_label("Security advice adopted on"), "01012026")
    expect(page.get_by_label("Security advice adopted on")).to_have_value("2026-01-01")
    first_row = page.get_by_role("group", name="Measure 1", exact=True)
    type_into(first_row.get_by_label("Measure from the advice"), "Camera bij de voordeur")
    type_into(first_row.get_by_label("Amount incl. VAT"), "450,00")
    next_step(4)

    # The file field opens the system's file dialog on Space; the test answers the dialog.
    with page.expect_file_chooser() as dialog:
        press(page.get_by_label("File"), " ")
    dialog.value.set_files(pdf_file("advies.pdf"))
    press(page.get_by_role("button", name="Upload"))
    expect(page.get_by_role("listitem").filter(has_text="advies.pdf")).to_be_visible()
    next_step(5)

    type_into(page.get_by_label("IBAN"), "NL91 ABNA 0417 1643 00")
    type_into(page.get_by_label("Name of the account holder"), "W. de Wethouder")
    next_step(6)

    press(page.get_by_label("I declare that I filled in this application truthfully and completely."), " ")
    press(page.get_by_role("button", name="Send application"))
    expect(page.get_by_role("heading", level=1)).to_have_text("We have received your application")
    wim.record("sent by keyboard")


def test_precheck_reaches_its_result_when_officeholder_uses_only_the_keyboard(open_journey, officeholder):
    wim = open_journey("officeholder")
    wim.sign_in(officeholder)
    page = wim.page

    def press(target, key: str = "Enter") -> None:
        tab_to(page, target)
        page.keyboard.press(key)

    def next_page(title: str) -> None:
        press(page.get_by_role("button", name="Continue"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)

    wim.open("applications:precheck")
    # A closed select chooses the option whose text is typed.
    tab_to(page, page.get_by_label("Your employer body is a"))
    page.keyboard.type("municipality")
    tab_to(page, page.get_by_label("Your office"))
    page.keyboard.type("alderman")
    next_page("Your term of office and the date")
    next_page("Your home")  # the dates come from the profile
    press(page.get_by_role("group", name="Does the home lie in the territory", exact=False).get_by_label("Yes"), " ")
    next_page("Police Quality Mark Secure Housing")
    next_page("Your measures")
    press(page.get_by_role("group", name="Do you have a security advice", exact=False).get_by_label("Yes"), " ")
    next_page("Result of the pre-check")
    expect(page.get_by_text("You may qualify.")).to_be_visible()
    wim.record_answer("pre-check result by keyboard")


def test_decision_is_taken_when_assessor_uses_only_the_keyboard(open_journey, officeholder, assessor):
    backoffice.enrol_second_factor(assessor)
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[45_000])
    bea = open_journey("assessor")
    bea.sign_in(assessor)
    page = bea.page
    bea.open("review:work_list")

    tab_to(page, page.get_by_role("link", name=application.reference, exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    decide = backoffice.action(bea, "Decide")

    # Without a motivation the case file comes back with the error summary, which has the focus;
    # its link takes the focus to the field.
    tab_to(page, decide.get_by_role("button", name="Decide", exact=True), most=300)
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    tab_to(page, page.locator(".error-summary").get_by_role("link").first)
    page.keyboard.press("Enter")
    expect(decide.get_by_label("Motivation", exact=True)).to_be_focused()
    page.keyboard.type("Alle maatregelen staan in het advies.")
    tab_to(page, decide.get_by_role("button", name="Decide", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator(".messages .success")).to_contain_text("Decision recorded.")
    bea.record("decided by keyboard")
