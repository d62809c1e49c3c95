"""The scheme's numbers in the browser: a coordinator imports earlier reimbursements (a file with faults,
then the corrected one) with the real worker; the ministry's analyst opens the national figures and
downloads them. Every step is checked with axe in both languages."""

import json

import pytest
from playwright.sync_api import expect

from regeling.accounts.models import BodyKind, Office, UserKind
from regeling.earlier.models import EarlierReimbursement
from tests.e2e import backoffice
from tests.earlier.files import dutch_csv, row
from tests.factories import AssessorFactory, BodyFactory, OfficeholderFactory, UserFactory
from tests.figures.helpers import decided

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def csv_upload(name: str, rows) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": dutch_csv(rows)}


def test_coordinator_imports_earlier_reimbursements_after_fixing_a_faulty_file(
    open_journey, letter_worker, body, officeholder
):
    coordinator = AssessorFactory(body=body, kind=UserKind.COORDINATOR, first_name="Cora")
    backoffice.enrol_second_factor(coordinator)
    good = [
        row(email=officeholder.email, reference="FIN-2022-0142", on="12-03-2022", amount="1.000,00"),
        row(email="nog.niet.uitgenodigd@example.nl", reference="FIN-2021-0088", on="05-09-2021", amount="350,50"),
    ]
    faulty = [
        good[0],
        row(email="a@example.nl", postcode="35 AB", reference="FIN-1"),
        row(email="b@example.nl", amount="duizend", reference="FIN-2"),
        row(email="c@example.nl", on="12-03-2020", reference="FIN-3"),
    ]

    cora = open_journey("coordinator")
    cora.sign_in(coordinator)
    cora.page.get_by_role("link", name="Earlier reimbursements").click()
    cora.record("earlier reimbursements")
    cora.page.get_by_role("link", name="Import a file").click()
    cora.page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(csv_upload("vergoedingen.csv", faulty))
    cora.record("file chosen")
    cora.page.get_by_role("button", name="Check the file").click()
    expect(cora.page.get_by_role("heading", level=1)).to_have_text("Check of the import file")
    table = cora.page.get_by_role("table")
    expect(table).to_contain_text("Wrong postcode")
    expect(table).to_contain_text("Not an amount in euros")
    expect(table).to_contain_text("Date outside 2021-2023 for version A")
    cora.record("dry run with faults")
    assert EarlierReimbursement.objects.count() == 0

    # Fixed in the spreadsheet and uploaded again; nothing was imported from the faulty one.
    cora.page.get_by_role("link", name="Upload a corrected file").click()
    cora.page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(csv_upload("vergoedingen-verbeterd.csv", good))
    cora.page.get_by_role("button", name="Check the file").click()
    expect(cora.page.get_by_role("table")).not_to_contain_text("Refused")
    cora.record("dry run clean")
    cora.page.get_by_role("button", name="Import 2 rows").click()
    expect(cora.page.get_by_role("heading", level=1)).to_have_text("Import")
    cora.wait_for(
        cora.page.get_by_text("Status: imported"),
        refresh=lambda: cora.page.get_by_role("link", name="Refresh this page").click(),
    )
    cora.record("import done")
    assert EarlierReimbursement.objects.count() == 2

    cora.page.get_by_role("link", name="Back to earlier reimbursements").click()
    cora.page.get_by_role("link", name="Reimbursement 1").click()
    expect(cora.page.get_by_role("heading", level=1)).to_have_text("Earlier reimbursement")
    cora.record("reimbursement opened")

    # The body's own figures, in full, with its budget position.
    cora.page.get_by_role("link", name="Figures", exact=True).click()
    expect(cora.page.get_by_role("heading", name="Budget position")).to_be_visible()
    cora.record("own figures")


def test_analyst_opens_the_national_figures_and_downloads_them(open_journey, body):
    for n in range(3):
        municipality = BodyFactory(name=f"Gemeente Journey{n}")
        for m in range(6):
            decided(OfficeholderFactory(body=municipality, office=Office.ALDERMAN), days=20 + m)
    province = BodyFactory(name="Provincie Journey", kind=BodyKind.PROVINCE)
    decided(OfficeholderFactory(body=province, office=Office.PROVINCIAL_EXECUTIVE), days=30)
    analyst = UserFactory(kind=UserKind.NATIONAL, email="analist@minbzk.example.nl")
    backoffice.enrol_second_factor(analyst)

    ana = open_journey("analyst")
    ana.sign_in(analyst)
    expect(ana.page.get_by_role("heading", level=1)).to_contain_text("National figures")
    expect(ana.page.get_by_role("note")).to_contain_text("suppressed")
    expect(ana.page.locator("main")).not_to_contain_text("Journey")
    ana.record("national figures")
    ana.page.get_by_label("Year of receipt").select_option("2022")
    ana.page.get_by_role("button", name="Show").click()
    ana.record("national figures 2022")

    published = json.loads(ana.download(ana.page.get_by_role("link", name="JSON")))
    assert any(cell["suppressed"] for table in published["tables"] for r in table["rows"] for cell in r["cells"])
    csv = ana.download(ana.page.get_by_role("link", name="CSV")).decode("utf-8-sig")
    assert "Journey" not in csv and ";" in csv.splitlines()[0]
    assert ana.download(ana.page.get_by_role("link", name="Excel (.xlsx)"))[:2] == b"PK"
