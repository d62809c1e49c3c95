"""A body's own figures: in full (no suppression), only its own cases, with the budget position."""

import pytest
from django.urls import reverse

from regeling.budgets.models import Budget
from regeling.figures.tables import TOTAL, body_tables
from tests.factories import AssessorFactory

pytestmark = pytest.mark.django_db


def test_body_sees_its_small_cells_unsuppressed(nation):
    _municipalities, province = nation
    tables = body_tables(province.pk)
    total = tables[0].cell(2022, next(column for column in tables[0].columns if column.key == TOTAL))
    assert not total.suppressed and total.values["received"] == 2


def test_body_figures_count_only_its_own_cases(nation):
    municipalities, _province = nation
    tables = body_tables(municipalities[0].pk)
    total = tables[0].cell(TOTAL, next(column for column in tables[0].columns if column.key == TOTAL))
    assert total.values["received"] == 6


def test_body_page_shows_the_budget_against_the_share_of_the_national_contribution(as_user, nation, settings):
    _municipalities, province = nation
    settings.NATIONAL_CONTRIBUTION_CENTS, settings.NATIONAL_CONTRIBUTION_BODIES = 250_000_000, 354
    Budget.objects.update_or_create(body=province, year=2022, defaults={"budget_cents": 1_000_000})
    page = as_user(AssessorFactory(body=province)).get(reverse("figures:body")).content.decode()
    assert "Budget position" in page and "€ 7.062,14" in page  # EUR 2.5M spread over 354 bodies
    assert "Small-cell protection" not in page


def test_body_download_holds_its_figures_in_full(as_user, nation):
    _municipalities, province = nation
    published = as_user(AssessorFactory(body=province)).get(reverse("figures:body_json")).json()
    assert not any(
        cell["suppressed"] for table in published["tables"] for row in table["rows"] for cell in row["cells"]
    )


def test_officeholder_gets_403_on_body_figures(as_user, officeholder):
    assert as_user(officeholder).get(reverse("figures:body")).status_code == 403
