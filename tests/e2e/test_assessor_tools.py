"""The assessor's tools (issue 16): standard motivations, the queues in the navigation, bulk
assignment with its error summary, a standard text inserted into the decision form without
JavaScript, the reminder e-mail setting and the background letter batch. Every state is
recorded in both languages at 1280 and 320 px, with axe and the reflow check."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.letters.models import Letter, LetterKind
from tests.e2e import backoffice
from tests.factories import ApplicationFactory, CoordinatorFactory, OfficeholderFactory
from worker.tasks import render_letter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = "Het beveiligingsadvies noemt deze maatregel niet; de regeling vergoedt alleen maatregelen uit het advies."


def test_coordinator_keeps_texts_assigns_in_bulk_inserts_a_text_and_reissues_letters(open_journey, assessor, body):
    coordinator = CoordinatorFactory(body=body)
    backoffice.enrol_second_factor(coordinator)
    cases = [
        ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, lines=[45_000])
        for _ in range(2)
    ]
    sent = Letter.objects.create(application=cases[1], kind=LetterKind.DECISION)
    render_letter(sent.pk)
    # A grant above the four-eyes amount, proposed by another assessor: it waits for the coordinator.
    proposed = ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, lines=[200_000])
    services.decide_application(proposed.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies volgt de regeling.")
    cor = open_journey("coordinator")
    cor.sign_in(coordinator)
    page = cor.page

    # Standard motivations, kept by the coordinator.
    page.get_by_role("link", name="Standard motivations").click()
    page.get_by_label("Reason", exact=True).select_option(label="the measure is not in the security advice")
    page.get_by_label("Title", exact=True).fill("Niet in advies")
    page.get_by_label("Motivation text", exact=True).fill(TEXT)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".messages .success")).to_contain_text("Standard motivation added")
    cor.record("standard motivations")

    # The queue in the navigation, and the work list it opens.
    page.get_by_role("link", name="Awaiting my approval (1)").click()
    expect(page.get_by_role("link", name=proposed.reference, exact=True)).to_be_visible()
    expect(page.get_by_text("1 case found.")).to_be_visible()
    cor.record("queue awaiting my approval")

    # The spreadsheet holds what the list shows, with readable column names.
    book = load_workbook(io.BytesIO(cor.download(page.get_by_role("link", name="Download as spreadsheet (XLSX)"))))
    assert [cell.value for cell in book.active[1]][:2] == ["Reference", "Status"]
    assert [row[0].value for row in book.active.iter_rows(min_row=2)] == [proposed.reference]

    # The work list with the queues; a bulk action without a choice is sent back with a summary.
    page.get_by_role("link", name="Work list", exact=True).click()
    cor.record("work list with queues and ticks")
    page.get_by_role("button", name="Assign the ticked cases").click()
    expect(page.locator(".error-summary")).to_be_focused()
    cor.record_refusal("bulk assignment without a choice")
    for case in cases:
        page.get_by_label(f"Select {case.reference}").check()
    page.get_by_label("Assign to", exact=True).select_option(label=assessor.get_full_name())
    page.get_by_role("button", name="Assign the ticked cases").click()
    expect(page.locator(".messages .success")).to_contain_text(f"2 cases assigned to {assessor.get_full_name()}.")
    cor.record("bulk assigned")

    # A standard text inserted into the decision form, without JavaScript's help: a submit button.
    page.get_by_role("link", name=cases[0].reference, exact=True).click()
    decide = backoffice.action(cor, "Decide")
    decide.get_by_label("Standard motivation", exact=True).select_option(
        label="the measure is not in the security advice: Niet in advies"
    )
    decide.get_by_role("button", name="Use this text").click()
    expect(backoffice.action(cor, "Decide").get_by_label("Motivation", exact=True)).to_have_value(TEXT)
    cor.record_answer("standard text inserted")

    # The reminder e-mail, on unless turned off.
    page.get_by_role("link", name="Reminder e-mail").click()
    expect(page.get_by_label("Send me the daily reminder e-mail")).to_be_checked()
    cor.record("reminder e-mail setting")

    # Letters reissued in the background: the batch page counts what the worker has not written yet.
    page.get_by_role("link", name="Work list", exact=True).click()
    page.get_by_label(f"Select {cases[1].reference}").check()
    page.get_by_role("button", name="Reissue the letters of the ticked cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter batch")
    expect(page.locator("[data-count=total]")).to_have_text("1")
    expect(page.get_by_role("link", name="Refresh this page")).to_be_visible()
    cor.record("letter batch started")
