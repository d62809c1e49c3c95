import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from regeling.audit.models import AuditEvent
from regeling.core.spreadsheets import inert
from tests.factories import ApplicationFactory, OfficeholderFactory

URL = reverse("review:export")


def exported_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))


def test_export_leaves_out_address_iban_and_advice_when_downloaded(as_user, assessor, body):
    ApplicationFactory(applicant__body=body, submitted=True, advice_contents="Camera bij de voordeur")
    response = as_user(assessor).get(URL)
    text = "\n".join(",".join(row) for row in exported_rows(response))
    assert response["Content-Disposition"].startswith("attachment")
    assert "Lindelaan" not in text and "3511" not in text
    assert "NL91" not in text
    assert "Camera" not in text


def test_formula_cells_are_made_inert_when_a_name_starts_with_one(as_user, assessor, body):
    applicant = OfficeholderFactory(body=body, first_name='=HYPERLINK("http://x")', last_name="")
    ApplicationFactory(applicant=applicant, submitted=True)
    rows = exported_rows(as_user(assessor).get(URL))
    assert rows[1][3].startswith("'=")


def test_inert_prefixes_every_formula_start_when_given():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert inert(f"{start}1+1") == f"'{start}1+1"
    assert inert("Jansen") == "Jansen"


def test_export_holds_only_own_body_when_other_bodies_have_cases(as_user, assessor, body, other_body):
    own = ApplicationFactory(applicant__body=body, submitted=True)
    ApplicationFactory(applicant__body=other_body, submitted=True)
    rows = exported_rows(as_user(assessor).get(URL))
    assert [row[0] for row in rows[1:]] == [own.reference]


def test_export_follows_the_filters_when_given(as_user, assessor, body):
    ApplicationFactory(applicant__body=body, submitted=True)
    assessing = ApplicationFactory(applicant__body=body, in_assessment=True)
    rows = exported_rows(as_user(assessor).get(URL, {"state": "assessment"}))
    assert [row[0] for row in rows[1:]] == [assessing.reference]


def test_export_is_audited_when_downloaded(as_user, assessor, body):
    as_user(assessor).get(URL)
    assert AuditEvent.objects.filter(action="worklist.export", actor=assessor).exists()


XLSX_URL = reverse("review:export_xlsx")


def sheet_rows(response):
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_csv_headers_are_readable_dutch_when_downloaded_in_dutch(as_user, assessor, body):
    rows = exported_rows(as_user(assessor).get(URL, HTTP_ACCEPT_LANGUAGE="nl"))
    assert rows[0][0].lstrip("\ufeff") == "Kenmerk"
    assert "Uiterste beslisdatum" in rows[0]


def test_spreadsheet_headers_are_readable_dutch_when_downloaded_in_dutch(as_user, assessor, body):
    rows = sheet_rows(as_user(assessor).get(XLSX_URL, HTTP_ACCEPT_LANGUAGE="nl"))
    assert rows[0][:2] == ["Kenmerk", "Status"]


def test_spreadsheet_follows_the_filters_when_given(as_user, assessor, body):
    ApplicationFactory(applicant__body=body, submitted=True)
    assessing = ApplicationFactory(applicant__body=body, in_assessment=True)
    rows = sheet_rows(as_user(assessor).get(XLSX_URL, {"state": "assessment"}))
    assert [row[0] for row in rows[1:]] == [assessing.reference]


def test_spreadsheet_leaves_out_address_iban_and_advice_when_downloaded(as_user, assessor, body):
    ApplicationFactory(applicant__body=body, submitted=True, advice_contents="Camera bij de voordeur")
    rows = sheet_rows(as_user(assessor).get(XLSX_URL))
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "Lindelaan" not in text and "3511" not in text and "NL91" not in text and "Camera" not in text


def test_spreadsheet_formula_cells_stay_text_when_a_name_starts_with_one(as_user, assessor, body):
    applicant = OfficeholderFactory(body=body, first_name='=HYPERLINK("http://x")', last_name="")
    ApplicationFactory(applicant=applicant, submitted=True)
    book = load_workbook(io.BytesIO(as_user(assessor).get(XLSX_URL).content))
    cell = book.active["D2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_spreadsheet_dates_are_dates_when_a_case_has_them(as_user, assessor, body):
    case = ApplicationFactory(applicant__body=body, submitted=True)
    rows = sheet_rows(as_user(assessor).get(XLSX_URL))
    assert rows[1][4].date() == case.received_on


def test_spreadsheet_export_is_audited_with_its_format_when_downloaded(as_user, assessor, body):
    as_user(assessor).get(XLSX_URL)
    assert AuditEvent.objects.filter(action="worklist.export", actor=assessor, detail__format="xlsx").exists()


def test_spreadsheet_is_refused_when_an_officeholder_asks(as_user, officeholder):
    assert as_user(officeholder).get(XLSX_URL).status_code == 403
