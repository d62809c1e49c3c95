"""The officeholder's own pages (issue 16): the pre-check page by page, its error and its "not eligible"
result, a refused step with its error summary, deleting a draft, and My data in plain words. Every
state is recorded in both languages at 1280 and 320 px, with axe and the reflow check."""

import pytest
from playwright.sync_api import expect

from regeling.applications.models import Application
from tests.e2e import portal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officeholder_checks_the_scheme_is_refused_a_step_deletes_a_draft_and_reads_their_data(
    open_journey, officeholder
):
    wim = open_journey("officeholder")
    wim.sign_in(officeholder)
    page = wim.page

    portal.precheck_not_eligible(wim)
    expect(page.get_by_role("link", name="Apply anyway")).to_be_visible()
    expect(page.get_by_role("link", name="Start an application")).to_have_count(0)
    portal.do_precheck(wim)

    # A step sent back with its errors: the summary names each field and links to it.
    reference = portal.start_application(wim)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 2 of 6")
    page.get_by_role("button", name="Save and continue", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Postcode")
    wim.record_refusal("step 2 errors")
    page.get_by_role("button", name="Save and continue later").click()

    # The draft is deleted after a confirmation that says what goes.
    page.get_by_role("link", name=f"Delete {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    wim.record("delete draft: confirm")
    page.get_by_role("button", name="Yes, delete this draft").click()
    expect(page.get_by_role("status")).to_contain_text(f"Draft {reference} has been deleted")
    wim.record("draft deleted")
    assert not Application.objects.filter(reference=reference).exists()

    # What the system holds, readable, with the download beside it.
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_role("button", name="Download all my data")).to_be_visible()
    wim.record("my data")
