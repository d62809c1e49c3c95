"""The accessibility check itself: it must catch what it is there to catch, or every journey passes blind."""

import pytest

from tests.e2e.browser import NARROW, blocking_violations, reflow_problems

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_violation_is_reported_when_a_field_has_no_label(page):
    page.set_content('<html lang="en"><title>Form</title><main><h1>Form</h1><input type="text"></main></html>')
    assert any(problem.startswith("label (critical)") for problem in blocking_violations(page))


def test_nothing_is_reported_when_the_field_has_a_label(page):
    page.set_content(
        '<html lang="en"><title>Form</title><main><h1>Form</h1>'
        '<label for="town">Town</label><input id="town" type="text"></main></html>'
    )
    assert blocking_violations(page) == []


def test_contrast_is_reported_when_axe_leaves_it_incomplete(page):
    # White text on a button with no background, over a white page: the invisible link button.
    page.set_content(
        '<html lang="en"><title>Case</title><main><h1>Case</h1><div style="position:relative">'
        '<button style="background:none;border:0;color:#fff">Re-issue</button>'
        '<span style="position:absolute;inset:0;z-index:-1"></span></div></main></html>'
    )
    assert any(problem.startswith("color-contrast") for problem in blocking_violations(page))


def test_nothing_is_reported_when_an_overlapped_text_has_enough_contrast(page):
    page.set_content(
        '<html lang="en"><title>Case</title><main><h1>Case</h1><div style="position:relative">'
        '<button style="background:none;border:0;color:#154273">Re-issue</button>'
        '<span style="position:absolute;inset:0;z-index:-1"></span></div></main></html>'
    )
    assert blocking_violations(page) == []


def test_reflow_is_reported_when_a_table_is_wider_than_320_px(page):
    page.set_viewport_size(NARROW)
    page.set_content(
        '<html lang="en"><title>Letter</title><main><table style="width:330px"><tr><td>€ 1.800,00</td></tr></table>'
        "</main></html>"
    )
    assert reflow_problems(page)[0].startswith("reflow: the page is")


def test_nothing_is_reported_when_a_wide_table_scrolls_in_its_own_region(page):
    page.set_viewport_size(NARROW)
    page.set_content(
        '<html lang="en"><title>Letter</title><main><div style="overflow-x:auto">'
        '<table style="width:330px"><tr><td>€ 1.800,00</td></tr></table></div></main></html>'
    )
    assert reflow_problems(page) == []
