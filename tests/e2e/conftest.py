"""The end-to-end rig: Debian's Chromium, a live server, and a real Celery worker.

The live server and the worker use the run's own database and broker
(PostgreSQL and Redis in CI). Screenshots of every step go to
test-artifacts/e2e/<test>/; the run prints that folder at the end.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.browser import ARTIFACTS, Journey
from tests.worker.helpers import start_worker, stop_worker

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
# Generous for a shared two-core machine; a real failure still shows within seconds of it.
TIMEOUT_MS = 15_000
OUTCOMES = pytest.StashKey[dict]()
RECORDED = pytest.StashKey[bool]()  # this run wrote screenshots


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(OUTCOMES, {})[report.when] = report
    return report


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(RECORDED, False):
        terminalreporter.write_sep("-", "end-to-end screenshots")
        terminalreporter.write_line(f"what each user saw, step by step: {ARTIFACTS}")


# Package scope: Playwright and its event loop end with the e2e tests, so the rest of the
# suite runs with Django's async-safety check intact.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}. Install Debian's package: apt-get install chromium "
            "(`make test` and .ci/run do this where apt-get is available).",
            pytrace=False,
        )
    # Playwright's sync API keeps an event loop in this thread; without this, Django's
    # async-safety check would refuse the test's own ORM calls beside it.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def letter_worker(django_db_setup):
    """One real worker for the whole e2e run, pointed at the test database; its log sits beside the screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    process = start_worker(ARTIFACTS / "worker.log")
    yield process
    stop_worker(process)


@pytest.fixture
def open_journey(request, browser, live_server):
    """Open a fresh browser (own cookies) for one person; screenshots go to this test's folder."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    request.config.stash[RECORDED] = True
    journeys, contexts, steps = [], [], []

    def open_for(person: str) -> Journey:
        context = browser.new_context(locale="en-GB", accept_downloads=True, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        journey = Journey(page=context.new_page(), base_url=live_server.url, folder=folder, person=person, steps=steps)
        journey.use_language("en")
        journeys.append(journey)
        return journey

    yield open_for
    call = request.node.stash.get(OUTCOMES, {}).get("call")
    for journey, context in zip(journeys, contexts, strict=True):
        if call is not None and call.failed:
            journey.page.screenshot(path=folder / f"failed-{journey.person}.png", full_page=True)
        context.close()
