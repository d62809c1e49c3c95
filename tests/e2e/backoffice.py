"""What an assessor does in the back office: find a case on the work list and take its actions."""

from playwright.sync_api import Locator, expect

from regeling.accounts.twofactor import create_totp_device
from tests.e2e.browser import Journey


def enrol_second_factor(*staff) -> None:
    """Give staff the authenticator app they would have set up, so sign-in asks for its code."""
    for user in staff:
        create_totp_device(user)


def open_from_work_list(journey: Journey, reference: str) -> None:
    journey.open("review:work_list")
    journey.record("work list")
    journey.page.get_by_role("link", name=reference, exact=True).click()
    expect(journey.page.get_by_role("heading", level=1)).to_contain_text(reference)


def action(journey: Journey, label: str) -> Locator:
    """The case file's section for one action, found by its heading."""
    return journey.page.get_by_role("region", name=label, exact=True)


def fill(journey: Journey, label: str, fields: dict | None, selects: dict | None):
    """Fill an action's form by its labels and record the step; return the action's section."""
    section = action(journey, label)
    for field_label, value in (fields or {}).items():
        section.get_by_label(field_label, exact=True).fill(value)
    for field_label, option in (selects or {}).items():
        section.get_by_label(field_label, exact=True).select_option(label=option)
    if fields or selects:
        section.scroll_into_view_if_needed()
        journey.record(f"{label.lower()} filled")
    return section


def preview_letter(journey: Journey, label: str, fields: dict, *, selects: dict) -> None:
    """Fill the decision form and look at the letter it would issue (issues nothing)."""
    fill(journey, label, fields, selects).get_by_role("button", name="Preview the letter").click()
    expect(journey.page.locator(".letter-preview h4")).to_be_visible()
    journey.record(f"{label.lower()} letter preview")


def take(journey: Journey, label: str, fields: dict | None = None, *, selects: dict | None = None) -> None:
    """Fill an action's form by its labels, record the step and press the action's button."""
    section = fill(journey, label, fields, selects)
    section.get_by_role("button", name=label, exact=True).click()
    expect(journey.page.locator(".messages .success")).to_be_visible()
    journey.record(f"{label.lower()} done")
