"""What an officeholder does in the portal, one function per task, by labels and roles only."""

import io
import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from tests.e2e.browser import PASSWORD, Journey


def pdf_file(name: str) -> dict:
    """A small, harmless PDF as a browser would upload it."""
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return {"name": name, "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def accept_invitation(journey: Journey, email: str, password: str = PASSWORD) -> None:
    """Follow the link in the invitation e-mail (sent to the live server's own outbox) and choose a password."""
    message = next(message for message in reversed(mail.outbox) if email in message.to)
    path = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    journey.page.goto(journey.base_url + path)
    journey.page.get_by_label("New password", exact=True).fill(password)
    journey.page.get_by_label("New password confirmation").fill(password)
    journey.record("invitation accepted")
    journey.page.get_by_role("button", name="Set password").click()
    expect(journey.page.get_by_role("status")).to_contain_text("You can now sign in")


def do_precheck(journey: Journey) -> None:
    """One topic per page: office and body, the dates (with one refused page), the home, the
    certificate, the measures of version B; then the result."""
    page = journey.page
    journey.open("applications:precheck")
    page.get_by_label("Your employer body is a").select_option(label="municipality")
    page.get_by_label("Your office").select_option(label="alderman")
    journey.record("pre-check office and body")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your term of office and the date")
    page.get_by_label("Date of the application").fill("")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Date of the application")
    journey.record_refusal("pre-check date missing")
    page.get_by_label("Date of the application").fill(timezone.localdate().isoformat())
    page.get_by_label("Date your appointment became certain").fill("2022-04-01")
    journey.record_answer("pre-check dates")
    page.get_by_role("button", name="Continue").click()
    answer_yes(page, "Does the home lie in the territory")
    journey.record_answer("pre-check home")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Police Quality Mark Secure Housing")
    page.get_by_role("button", name="Continue").click()
    answer_yes(page, "Do you have a security advice")
    page.get_by_label("Total of the advised measures (scheme B)").fill("1.800,00")
    journey.record_answer("pre-check measures")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Result of the pre-check")
    journey.record_answer("pre-check result")


def precheck_not_eligible(journey: Journey) -> None:
    """A council member is told on the first answer why not, and what else there is."""
    page = journey.page
    journey.open("applications:precheck")
    page.get_by_label("Your employer body is a").select_option(label="municipality")
    page.get_by_label("Your office").select_option(label="municipal council member")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="What you can do instead")).to_be_visible()
    expect(page.get_by_text("KVK trade register")).to_be_visible()
    journey.record_answer("pre-check not eligible")


def answer_yes(page, question: str) -> None:
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label("Yes").check()


def start_application(journey: Journey) -> str:
    """Start a draft from the portal's front page; returns the new application's reference."""
    page = journey.page
    journey.open("applications:list")
    page.get_by_role("link", name="New application").click()
    journey.record("what you need")
    page.get_by_role("button", name="Start the application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 1 of 6")
    journey.record("step 1 personal details")
    reference = page.locator("p.help").filter(has_text="Application ").first.inner_text()
    page.get_by_role("button", name="Save and continue", exact=True).click()
    return reference.removeprefix("Application ").strip()


def fill_residence(journey: Journey) -> None:
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 2 of 6")
    page.get_by_label("Street and house number").fill("Lindelaan 12")
    page.get_by_label("Postcode").fill("3511 ab")
    page.get_by_label("Town").fill("Utrecht")
    answer_yes(page, "Is this your main residence")
    answer_yes(page, "Does the home lie in the territory")
    journey.record("step 2 residence")
    page.get_by_role("button", name="Save and continue", exact=True).click()


def fill_advice_measures(journey: Journey, measures: list[tuple[str, str]]) -> None:
    """Step 3 (scheme B): the advice and one row per measure; then save and continue later."""
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 3 of 6")
    page.get_by_label("Security advice reference").fill("BVA-2026-0042")
    page.get_by_label("Security advice adopted on").fill(in_days(-30))
    for number, (description, amount) in enumerate(measures, start=1):
        row = page.get_by_role("group", name=f"Measure {number}", exact=True)
        row.get_by_label("Measure from the advice").fill(description)
        row.get_by_label("Amount incl. VAT").fill(amount)
    journey.record("step 3 measures")


def upload_document(journey: Journey, kind: str, filename: str) -> None:
    page = journey.page
    page.get_by_label("What is this document?").select_option(label=kind)
    page.get_by_label("File").set_input_files(pdf_file(filename))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("listitem").filter(has_text=filename)).to_be_visible()


def fill_bank(journey: Journey) -> None:
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 5 of 6")
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 00")
    page.get_by_label("Name of the account holder").fill("W. de Wethouder")
    journey.record("step 5 bank account")
    page.get_by_role("button", name="Save and continue", exact=True).click()


def declare_and_send(journey: Journey) -> None:
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 6 of 6")
    page.get_by_label("I declare that I filled in this application truthfully and completely.").check()
    journey.record("step 6 check and declare")
    page.get_by_role("button", name="Send application").click()
    journey.record("application sent")


def open_case(journey: Journey, reference: str) -> None:
    journey.open("applications:list")
    journey.page.get_by_role("link", name=f"View {reference}").click()
    expect(journey.page.get_by_role("heading", level=1)).to_contain_text(reference)


def act_on_case(
    journey: Journey, link: str, fields: dict, *, files: dict | None = None, button: str = "Send", confirmation: str
) -> None:
    """Take one of the case page's actions: follow its link, fill its form, send it, see the confirmation."""
    page = journey.page
    page.get_by_role("link", name=link).click()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, filename in (files or {}).items():
        page.get_by_label(label, exact=True).set_input_files(pdf_file(filename))
    journey.record(f"{link} filled")
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(confirmation)
    journey.record(f"{link} sent")


def letter_text(journey: Journey, kind: str) -> str:
    """Wait on the case page for a letter of this kind, read it as HTML (checked with axe), then
    download its PDF from beside it and return the PDF's text."""
    link = journey.page.get_by_role("link", name=re.compile(rf"^{kind} \(", re.I))
    journey.wait_for(link)
    journey.record(f"{kind} letter on the case page")
    link.last.click()
    expect(journey.page.locator(".letter-text h1")).to_be_visible()
    journey.record(f"{kind} letter as HTML")
    text = journey.download_pdf_text(journey.page.get_by_role("link", name="Download this letter as PDF"))
    journey.page.go_back()
    return text
