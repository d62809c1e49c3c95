import base64
import hashlib
from xml.etree import ElementTree

from django.urls import reverse
from django.utils import timezone

from regeling.accounts.models import UserKind
from regeling.budgets.models import Budget
from tests.factories import BodyFactory, UserFactory

URL = reverse("budgets:budget")
CHART = reverse("budgets:budget_chart")


def set_budget(body, **cents):
    """Every body gets a roomy budget from its factory; a test sets the figures it needs."""
    figures = {"committed_cents": 0, "settled_cents": 0, "paid_cents": 0} | cents
    budget, _created = Budget.objects.update_or_create(body=body, year=timezone.localdate().year, defaults=figures)
    return budget


def test_assessor_sees_own_body_figures_and_remaining_when_budget_set(as_user, assessor, body):
    set_budget(body, budget_cents=1_000_000, committed_cents=200_000, settled_cents=50_000, paid_cents=100_000)
    response = as_user(assessor).get(URL)
    figures = response.context["figures"]
    assert figures.remaining_cents == 650_000
    page = response.content.decode()
    assert "€ 6.500,00" in page and "€ 10.000,00" in page


def test_page_shows_the_national_contribution_when_opened(as_user, assessor, settings):
    page = as_user(assessor).get(URL).content.decode()
    assert "€ 2.500.000,00" in page


def test_chart_is_svg_without_script_when_requested(as_user, assessor, body):
    set_budget(body, budget_cents=1_000_000)
    response = as_user(assessor).get(CHART)
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:200]
    assert "<script" not in svg


def test_chart_csp_names_its_style_by_hash_without_unsafe_inline_when_requested(as_user, assessor, body):
    set_budget(body, budget_cents=1_000_000)
    response = as_user(assessor).get(CHART)
    csp = response["Content-Security-Policy"]
    style_src = next(part for part in csp.split(";") if part.strip().startswith("style-src"))
    assert "unsafe-inline" not in csp and "'sha256-" in style_src
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    styles = [element.text for element in tree.iter() if element.tag.endswith("style") and element.text]
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in style_src
    assert not [element for element in tree.iter() if "style" in element.attrib]


def test_other_body_figures_stay_out_when_assessor_looks(as_user, assessor, body):
    other = BodyFactory(name="Gemeente Elders")
    set_budget(body, budget_cents=1_000_000)
    set_budget(other, budget_cents=9_999_900)
    response = as_user(assessor).get(URL)
    assert response.context["figures"].budget_cents == 1_000_000
    assert "99.999,00" not in response.content.decode()


def test_national_role_sees_only_sums_over_bodies_when_opening(as_user, body):
    other = BodyFactory(name="Gemeente Elders")
    set_budget(body, budget_cents=1_000_000, paid_cents=100_000)
    set_budget(other, budget_cents=2_000_000, committed_cents=300_000)
    national = UserFactory(kind=UserKind.NATIONAL)
    response = as_user(national).get(URL)
    figures = response.context["figures"]
    assert (figures.budget_cents, figures.committed_cents, figures.paid_cents, figures.bodies) == (
        3_000_000,
        300_000,
        100_000,
        2,
    )
    page = response.content.decode()
    assert body.name not in page and other.name not in page


def test_national_role_is_refused_the_work_list_when_trying(as_user):
    national = UserFactory(kind=UserKind.NATIONAL)
    assert as_user(national).get(reverse("review:work_list")).status_code == 403


def test_officeholder_is_refused_the_budget_when_trying(as_user, officeholder):
    assert as_user(officeholder).get(URL).status_code == 403


def test_unreadable_year_falls_back_to_this_year_when_given(as_user, assessor):
    assert as_user(assessor).get(URL, {"year": "twee"}).context["year"] == timezone.localdate().year


def test_national_role_lands_on_the_national_figures_when_signing_in(as_user):
    national = UserFactory(kind=UserKind.NATIONAL)
    response = as_user(national).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:national")
