"""What a test does in the browser: visit pages, sign in, record each step.

Every step a journey records is screenshotted and checked with axe-core in
both languages of the site, so no page a person sees escapes the check.
The journeys drive the site in English (the msgids), which keeps the locators
stable when the translator fills the Dutch catalogue; the Dutch rendering of
every step is checked and screenshotted in a second tab.
"""

import io
import re
import time
from base64 import b32decode
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, Page, Request, expect
from pypdf import PdfReader

from regeling.accounts.enrolment import issue_enrolment_code

PASSWORD = "correct-horse-battery-staple"  # tests/factories.py UserFactory
LANGUAGE_COOKIE = "django_language"
LANGUAGES = ("en", "nl")
BLOCKING_IMPACTS = ("serious", "critical")
# Every step is seen at a desktop width and at 320 px (WCAG 1.4.10: the same as 1280 px at 400 % zoom).
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

_axe = Axe()

# Where each step's screenshots and the worker's log go (printed at the end of the run).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


class AccessibilityViolations(AssertionError):
    """axe-core found serious or critical problems on a page."""


# WCAG 1.4.3 contrast of one element's text against what lies behind it, computed the way
# axe-core does (relative luminance, alpha layers composited onto the white canvas). Used for
# the nodes axe marks "incomplete": a white link-styled button on a white page once passed as
# "cannot tell". A background image cannot be read this way, so it counts as a failure.
_CONTRAST = r"""element => {
  const parse = text => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a]);
  };
  const luminance = c => {
    const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    const [r, g, b] = c.slice(0, 3).map(linear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.backgroundImage !== "none") return {unknown: "background image on " + node.tagName.toLowerCase()};
    const colour = parse(style.backgroundColor);
    if (colour && colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const style = getComputedStyle(element);
  const foreground = over(parse(style.color), background);
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  return {ratio: (light + 0.05) / (dark + 0.05), required: size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5};
}"""


def blocking_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, plus every colour-contrast
    result axe left incomplete that fails when computed here; one readable line each."""
    results = _axe.run(page)
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    for result in results.response["incomplete"]:
        if result["id"] != "color-contrast":
            continue
        for node in result["nodes"]:
            problem = uncertain_contrast_problem(page, node)
            if problem:
                problems.append(f"color-contrast (incomplete): {problem} at {node['target']}")
    return problems


def reflow_problems(page: Page) -> list[str]:
    """WCAG 1.4.10: at 320 px nothing but a table's own scrolling region may be wider than the window."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow <= 1:
        return []
    wide = page.evaluate(
        """() => [...document.querySelectorAll("main *, header *, footer *")]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                         && (!e.closest(".table-scroll") || getComputedStyle(e).position === "absolute"))
            .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))"""
    )
    return [f"reflow: the page is {overflow}px wider than 320px (WCAG 1.4.10), e.g. {', '.join(wide)}"]


def uncertain_contrast_problem(page: Page, node: dict) -> str:
    """Why a node axe could not judge fails WCAG 1.4.3, or '' when it passes once computed."""
    target = node["target"][-1] if isinstance(node["target"][-1], str) else None
    if target is None:  # inside a frame or shadow root: nothing on this site does that
        return "cannot be checked"
    element = page.locator(target).first
    if not element.count():
        return ""
    found = element.evaluate(_CONTRAST)
    if "unknown" in found:
        return f"contrast cannot be computed ({found['unknown']})"
    if found["ratio"] < found["required"]:
        return f"contrast {found['ratio']:.2f}:1, needs {found['required']}:1"
    return ""


@dataclass
class Journey:
    """One person's browser tab plus the record of what they saw."""

    page: Page
    base_url: str
    folder: Path
    person: str
    steps: list[str] = field(default_factory=list)  # shared by everyone in one test, so the files sort in order
    language: str = "en"
    last_navigation: Request | None = None  # the request that loaded the page now shown

    def __post_init__(self) -> None:
        self.page.on("request", self._remember_navigation)

    def _remember_navigation(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.last_navigation = request

    @property
    def context(self) -> BrowserContext:
        return self.page.context

    def url(self, name: str, *args) -> str:
        return self.base_url + reverse(name, args=args)

    def open(self, name: str, *args) -> Page:
        self.page.goto(self.url(name, *args))
        return self.page

    def use_language(self, language: str) -> None:
        self.language = language
        self.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": self.base_url}])

    def record_answer(self, name: str) -> None:
        """Record a page that answers a form which stores nothing (the pre-check's pages)."""
        self.record_refusal(name, stores_nothing=True)

    def record_refusal(self, name: str, *, stores_nothing: bool = False) -> None:
        """Record a form sent back with errors (a 4xx answer to a POST: nothing was saved) like any
        step. The other language's tab sends the same form again (the same session and CSRF token),
        which is safe because the server refused it. A POST that succeeded is re-sent only for a
        page that stores nothing (`stores_nothing`: the pre-check)."""
        request = self.last_navigation
        assert request is not None and request.method == "POST", f"{name}: the page was not the answer to a form"
        response = request.response()
        refused = response is not None and 400 <= response.status < 500
        assert refused or stores_nothing, f"{name}: the form was not refused, so it cannot be sent again"
        body, headers = request.post_data_buffer, {"content-type": request.headers.get("content-type", "")}
        # Chromium does not hand the body of a form with a chosen file to the page's listeners.
        assert body, f"{name}: the form's body cannot be sent again (a form with a file chosen)"

        def send_again(second: Page) -> None:
            second.route(request.url, lambda route: route.continue_(method="POST", post_data=body, headers=headers))
            second.goto(request.url)
            second.unroute(request.url)

        self.record(name, open_other=send_again)

    def record(self, name: str, *, open_other=None) -> None:
        """Screenshot the page and check it with axe, here and in the other language.

        The other language is loaded in a second tab with GET, so a step never
        re-sends a form; the journey's tab is left as it was. (A refused form is
        recorded with `record_refusal`.)
        """
        number = len(self.steps) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.person} {name}".lower()).strip("-")
        self.steps.append(f"{self.person}: {name}")
        self.page.wait_for_load_state("load")
        name_of = f"{number:02d}-{slug}.{{}}.{{}}.png".format
        problems = self._check(self.page, name_of(self.language, 1280))
        viewport = self.page.viewport_size
        self.page.set_viewport_size(NARROW)
        self.page.screenshot(path=self.folder / name_of(self.language, 320), full_page=True)
        problems += self._reflow(self.page, number, name, name_of(self.language, 320))
        self.page.set_viewport_size(viewport)
        other = next(language for language in LANGUAGES if language != self.language)
        self.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": other, "url": self.base_url}])
        second = self.context.new_page()
        try:
            # The other language is checked at 320 px, so axe and the reflow check see the narrow layout too.
            second.set_viewport_size(NARROW)
            (open_other or (lambda tab: tab.goto(self.page.url)))(second)
            expect(second.locator("html")).to_have_attribute("lang", other)
            problems += self._check(second, name_of(other, 320))
            problems += self._reflow(second, number, name, name_of(other, 320))
            second.set_viewport_size(WIDE)
            second.screenshot(path=self.folder / name_of(other, 1280), full_page=True)
        finally:
            second.close()
            self.use_language(self.language)
        if problems:
            raise AccessibilityViolations(f"step {number} '{name}' ({self.page.url}):\n" + "\n".join(problems))

    def _reflow(self, page: Page, number: int, name: str, filename: str) -> list[str]:
        """WCAG 1.4.10 fails the step like an axe violation; reflow.txt keeps the lines beside the screenshots."""
        problems = reflow_problems(page)
        if problems:
            with open(self.folder / "reflow.txt", "a", encoding="utf-8") as report:
                report.writelines(f"step {number} '{name}' [{filename}]: {problem}\n" for problem in problems)
        return [f"[{filename}] {problem}" for problem in problems]

    def _check(self, page: Page, filename: str) -> list[str]:
        page.screenshot(path=self.folder / filename, full_page=True)
        return [f"[{filename}] {problem}" for problem in blocking_violations(page)]

    def sign_in(self, user, password: str = PASSWORD, *, enrolment_code: str | None = None) -> None:
        """Sign in through the real login form, with the second factor when the user has one."""
        self.open("accounts:login")
        self.page.get_by_label("E-mail address").fill(user.email)
        self.page.get_by_label("Password").fill(password)
        self.record("sign in")
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state("load")
        if self.page.url.startswith(self.url("accounts:two_factor_setup")):
            self.set_up_second_factor(user, enrolment_code)
        elif self.page.url.startswith(self.url("accounts:two_factor_verify")):
            self.page.get_by_label("Code", exact=True).fill(current_totp(user))
            self.record("second factor")
            self.page.get_by_role("button", name="Continue").click()
        expect(self.page.get_by_role("button", name="Sign out")).to_be_visible()

    def set_up_second_factor(self, user, enrolment_code: str | None = None) -> None:
        """The first sign-in: the enrolment code (unless the invitation link was used in this browser),
        then the authenticator app, whose code is computed from the secret the page shows."""
        page = self.page
        if page.get_by_label("Enrolment code", exact=True).count():
            # What the body's coordinator hands over by phone (else issued through the real service).
            code = enrolment_code or issue_enrolment_code(user, reason="e2e")
            page.get_by_label("Enrolment code", exact=True).fill(code)
            self.record("enrolment code")
            page.get_by_role("button", name="Continue").click()
        secret = page.locator("code.secret").inner_text()
        self.record("set up second factor")
        page.get_by_label("Code", exact=True).fill(f"{totp(b32decode(secret)):06d}")
        page.get_by_role("button", name="Turn on two-step verification").click()
        # Shown once: not recorded, because the second-language check would open the page again.
        expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        page.get_by_role("link", name="I have saved my codes").click()
        page.wait_for_load_state("load")

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_load_state("load")

    def download(self, link) -> bytes:
        """Click a download link like a person would; keep the file next to the screenshots."""
        with self.page.expect_download() as arrival:
            link.click()
        download = arrival.value
        path = self.folder / download.suggested_filename
        download.save_as(path)
        return path.read_bytes()

    def download_pdf_text(self, link) -> str:
        """Download a letter and return the text of the PDF."""
        pdf = self.download(link)
        assert pdf.startswith(b"%PDF")
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    def wait_for(self, locator, *, timeout: float = 30, refresh=None) -> None:
        """Wait for something the worker produces, refreshing the page the way the page itself offers."""
        deadline = time.monotonic() + timeout
        while not locator.count():
            if time.monotonic() > deadline:
                raise AssertionError(f"{locator} did not appear within {timeout}s on {self.page.url}")
            time.sleep(0.5)
            (refresh or self.page.reload)()
            self.page.wait_for_load_state("load")


def tab_to(page: Page, target, *, most: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would, and check they can see where they are."""
    handle = target.element_handle()
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("element => element === document.activeElement", handle):
            break
    else:
        raise AssertionError(f"{target} cannot be reached with Tab on {page.url}")
    outline = page.evaluate("element => getComputedStyle(element).outlineStyle", handle)
    assert outline != "none", f"{target} has no visible focus on {page.url}"


def current_totp(user) -> str:
    """The code the user's authenticator app shows now, never one already used (django-otp refuses replays)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None, f"{user} has no confirmed TOTP device"
    step_now = int((time.time() - device.t0) // device.step)
    if device.last_t is not None and device.last_t >= step_now:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.2)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
