"""National figures: aggregates only, small cells suppressed so that no one can compute them back."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from regeling.audit.models import AuditEvent
from regeling.figures import exports
from regeling.figures.suppression import PRIMARY, SECONDARY
from regeling.figures.tables import TOTAL, build_tables, national_tables, read_facts
from regeling.objections.states import ObjectionOutcome
from tests.factories import AssessorFactory, ObjectionFactory
from tests.figures.attacker import recover

pytestmark = pytest.mark.django_db


def cell(tables, slug, year, key):
    table = next(table for table in tables if table.slug == slug)
    return table.cell(year, next(column for column in table.columns if column.key == key))


def test_small_province_cell_is_suppressed_and_its_complement_too(nation):
    tables = national_tables()
    assert cell(tables, "office", 2022, ("office", "province", "provincial_executive")).suppressed == PRIMARY
    assert cell(tables, "office", 2022, ("kind", "province")).suppressed
    assert cell(tables, "office", 2022, ("kind", "municipality")).suppressed == SECONDARY
    assert not cell(tables, "office", 2022, TOTAL).suppressed


def test_suppressed_cell_cannot_be_recovered_from_the_published_totals(as_user, analyst, nation):
    published = as_user(analyst).get(reverse("figures:national_json")).json()
    assert any(c["suppressed"] for t in published["tables"] for r in t["rows"] for c in r["cells"])
    assert recover(published) == {}


def test_the_attacker_would_recover_the_cell_without_secondary_suppression(nation):
    """The attack is real: with primary suppression only, the province's figure comes back."""
    tables = build_tables(*read_facts())
    for table in tables:
        for item in table.cells.values():
            if item.officeholders and item.officeholders < 5:
                item.suppressed = PRIMARY
    published = json.loads(json.dumps(exports.as_json(tables, scope="test", protected=True)))
    assert recover(published)[("applications", 2022, "['office', 'province', 'provincial_executive']")] == 2


@override_settings(FIGURES_MIN_OFFICEHOLDERS=2, FIGURES_MIN_BODIES=1)
def test_threshold_is_a_setting(nation):
    assert not cell(national_tables(), "office", 2022, ("office", "province", "provincial_executive")).suppressed


def test_national_page_shows_no_names_bodies_or_addresses(as_user, analyst, nation):
    page = as_user(analyst).get(reverse("figures:national")).content.decode()
    assert "Cijferstad" not in page and "Kleinland" not in page and "Wethouder" not in page
    assert "Lindelaan" not in page and "3511" not in page
    assert "Small-cell protection" in page


def test_downloads_hold_no_names_or_bodies(as_user, analyst, nation):
    client = as_user(analyst)
    for file_format in ("csv", "json"):
        content = client.get(reverse(f"figures:national_{file_format}")).content.decode("utf-8-sig")
        assert "Cijferstad" not in content and "Kleinland" not in content and "Gedeputeerde" not in content


def test_csv_is_excel_dutch_and_xlsx_is_a_workbook(as_user, analyst, nation):
    client = as_user(analyst)
    csv = client.get(reverse("figures:national_csv"))
    xlsx = client.get(reverse("figures:national_xlsx"))
    assert csv["Content-Type"].startswith("text/csv") and b";" in csv.content.splitlines()[0]
    assert xlsx.content[:2] == b"PK"


def test_every_view_is_audited(as_user, analyst, nation):
    client = as_user(analyst)
    client.get(reverse("figures:national"))
    client.get(reverse("figures:national_xlsx"))
    client.get(reverse("figures:national_chart_applications"))
    actions = list(AuditEvent.objects.filter(actor=analyst).values_list("action", flat=True))
    assert {"figures.viewed", "figures.downloaded", "figures.chart_viewed"} <= set(actions)


def test_chart_is_svg_without_script(as_user, analyst, nation):
    response = as_user(analyst).get(reverse("figures:national_chart_amounts"))
    assert response["Content-Type"] == "image/svg+xml" and b"<script" not in response.content


def test_processing_times_count_the_share_in_time_median_and_90th_percentile(nation):
    total = cell(national_tables(), "office", 2022, TOTAL).values
    # Eighteen decisions after 20..55 days, two after 40; the legal term is eight weeks (56 days).
    assert total["in_time_percent"] == 100
    assert total["median_days"] == 40
    assert total["p90_days"] == 55


def test_assessor_gets_403_on_national_figures(as_user, nation):
    body = nation[0][0]
    assert as_user(AssessorFactory(body=body)).get(reverse("figures:national")).status_code == 403


def test_analyst_gets_403_on_a_body_page(as_user, analyst):
    assert as_user(analyst).get(reverse("figures:body")).status_code == 403


def objections_by_outcome(year) -> dict:
    table = next(table for table in build_tables(*read_facts()) if table.slug == "objection")
    return {column.key[1]: table.cell(year, column).values["objections"] for column in table.columns[:-1]}


def test_objections_are_counted_by_the_outcome_their_own_procedure_decided():
    """The figures read the decision on objection (Awb 7:11), founded in part included."""
    unfounded = ObjectionFactory(decided=True).application
    ObjectionFactory(awaiting_approval=True)  # proposed, not yet decided
    founded = ObjectionFactory()
    ObjectionFactory._decide_founded(founded)

    counts = objections_by_outcome(unfounded.received_on.year)

    assert counts[ObjectionOutcome.UNFOUNDED] == 1
    assert counts[ObjectionOutcome.FOUNDED] == 1
    assert counts[ObjectionOutcome.FOUNDED_IN_PART] == 0
    assert counts[""] == 1  # awaiting its second approver
