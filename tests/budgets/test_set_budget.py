"""The coordinator sets the budget of their own body; never below what is used; audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from regeling.accounts.models import UserKind
from regeling.applications.services import TransitionRefused
from regeling.audit.models import AuditEvent
from regeling.budgets.models import Budget
from regeling.budgets.services import set_budget
from tests.applications.cases import granted
from tests.factories import AssessorFactory, OrganisationFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
URL = reverse("budgets:budgets")
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def coordinator(body):
    return AssessorFactory(organisation=body, kind=UserKind.COORDINATOR)


def test_coordinator_creates_next_years_budget(body, coordinator):
    budget = set_budget(body.pk, year=NEXT_YEAR, budget_cents=2_500_000, by=coordinator)
    assert (budget.organisation, budget.year, budget.budget_cents) == (body, NEXT_YEAR, 2_500_000)
    assert AuditEvent.objects.filter(action="budget.set", actor=coordinator).exists()


def test_budget_cannot_go_below_what_grants_already_use(body, coordinator, officeholder, assessor):
    granted(officeholder, assessor)
    year = timezone.localdate().year
    with pytest.raises(TransitionRefused, match="cannot be lower"):
        set_budget(body.pk, year=year, budget_cents=44_999, by=coordinator)
    assert set_budget(body.pk, year=year, budget_cents=45_000, by=coordinator).available_cents == 0


def test_assessor_who_is_not_coordinator_cannot_set_the_budget(body, assessor):
    with pytest.raises(PermissionDenied):
        set_budget(body.pk, year=NEXT_YEAR, budget_cents=1, by=assessor)


def test_coordinator_of_another_body_cannot_set_the_budget(body, other_body_coordinator):
    with pytest.raises(PermissionDenied):
        set_budget(body.pk, year=NEXT_YEAR, budget_cents=1, by=other_body_coordinator)


@pytest.fixture
def other_body_coordinator(db):
    return AssessorFactory(organisation=OrganisationFactory(name="Gemeente Elders"), kind=UserKind.COORDINATOR)


def test_page_saves_the_budget_and_shows_it(client, body, coordinator):
    sign_in(client, coordinator)
    response = client.post(URL, {"year": NEXT_YEAR, "amount": "25.000,00"})
    assert response.status_code == 302
    assert Budget.objects.get(organisation=body, year=NEXT_YEAR).budget_cents == 2_500_000
    assert "25.000,00" in client.get(URL).content.decode()


def test_page_shows_the_refusal_at_the_field_when_below_what_is_used(client, body, coordinator, officeholder, assessor):
    granted(officeholder, assessor)
    sign_in(client, coordinator)
    response = client.post(URL, {"year": timezone.localdate().year, "amount": "100,00"})
    assert response.status_code == 200
    assert 'id="id_amount_error"' in response.content.decode()
    assert Budget.objects.get(organisation=body, year=timezone.localdate().year).budget_cents == 100_000_000


def test_page_is_forbidden_for_an_assessor(client, assessor):
    sign_in(client, assessor)
    assert client.get(URL).status_code == 403
