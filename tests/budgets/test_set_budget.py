"""The coordinator sets the budget of their own body; audited; an overrun is shown, never refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from regeling.accounts.models import UserKind
from regeling.audit.models import AuditEvent
from regeling.budgets.models import Budget
from regeling.budgets.services import set_budget
from tests.applications.cases import granted
from tests.factories import AssessorFactory, BodyFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
URL = reverse("budgets:budgets")
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def coordinator(body):
    return AssessorFactory(body=body, kind=UserKind.COORDINATOR)


def test_coordinator_creates_next_years_budget(body, coordinator):
    budget = set_budget(body.pk, year=NEXT_YEAR, budget_cents=2_500_000, by=coordinator)
    assert (budget.body, budget.year, budget.budget_cents) == (body, NEXT_YEAR, 2_500_000)
    assert AuditEvent.objects.filter(action="budget.set", actor=coordinator).exists()


def test_budget_below_what_grants_use_is_saved_and_shows_the_overrun(body, coordinator, officeholder, assessor):
    granted(officeholder, assessor)
    budget = set_budget(body.pk, year=timezone.localdate().year, budget_cents=40_000, by=coordinator)
    assert (budget.budget_cents, budget.overrun_cents, str(budget.overrun_percent)) == (40_000, 5_000, "12.5")


def test_coordinator_sets_the_amount_of_a_year_the_ledger_opened_without_one(body, coordinator, officeholder, assessor):
    Budget.objects.filter(body=body).update(budget_cents=None)
    granted(officeholder, assessor)
    budget = set_budget(body.pk, year=timezone.localdate().year, budget_cents=90_000, by=coordinator)
    assert (budget.budget_cents, budget.committed_cents, budget.available_cents) == (90_000, 45_000, 45_000)


def test_page_shows_overrun_in_money_and_percent_per_year(client, body, coordinator, officeholder, assessor):
    granted(officeholder, assessor)
    Budget.objects.filter(body=body).update(budget_cents=40_000)
    sign_in(client, coordinator)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "€ 50,00 (12,5%)" in page
    assert 'id="budget-attention"' in page


def test_page_asks_to_set_a_budget_when_a_year_has_grants_but_none_set(
    client, body, coordinator, officeholder, assessor
):
    Budget.objects.filter(body=body).update(budget_cents=None)
    granted(officeholder, assessor)
    sign_in(client, coordinator)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"No budget has been set for {timezone.localdate().year}" in page


def test_assessor_who_is_not_coordinator_cannot_set_the_budget(body, assessor):
    with pytest.raises(PermissionDenied):
        set_budget(body.pk, year=NEXT_YEAR, budget_cents=1, by=assessor)


def test_coordinator_of_another_body_cannot_set_the_budget(body, other_body_coordinator):
    with pytest.raises(PermissionDenied):
        set_budget(body.pk, year=NEXT_YEAR, budget_cents=1, by=other_body_coordinator)


@pytest.fixture
def other_body_coordinator(db):
    return AssessorFactory(body=BodyFactory(name="Gemeente Elders"), kind=UserKind.COORDINATOR)


def test_page_saves_the_budget_and_shows_it(client, body, coordinator):
    sign_in(client, coordinator)
    response = client.post(URL, {"year": NEXT_YEAR, "amount": "25.000,00"})
    assert response.status_code == 302
    assert Budget.objects.get(body=body, year=NEXT_YEAR).budget_cents == 2_500_000
    assert "25.000,00" in client.get(URL).content.decode()


def test_page_saves_a_budget_below_what_is_used_and_shows_the_overrun(
    client, body, coordinator, officeholder, assessor
):
    granted(officeholder, assessor)
    sign_in(client, coordinator)
    response = client.post(URL, {"year": timezone.localdate().year, "amount": "100,00"}, follow=True)
    assert Budget.objects.get(body=body, year=timezone.localdate().year).budget_cents == 10_000
    assert 'id="budget-attention"' in response.content.decode()


def test_page_is_forbidden_for_an_assessor(client, assessor):
    sign_in(client, assessor)
    assert client.get(URL).status_code == 403
