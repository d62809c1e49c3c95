"""Reading import files and checking rows, without the database."""

from datetime import date
from decimal import Decimal

import pytest

from regeling.earlier import parsing
from regeling.earlier.parsing import FileError, Reason
from tests.earlier.files import HEADER, dutch_csv, row, utf8_csv, xlsx

TODAY = date(2026, 11, 30)


def checked(**fields):
    (line, raw), *_ = parsing.read_file(dutch_csv([row(**fields)]))
    return parsing.check_row(line, raw, today=TODAY)


def test_dutch_excel_csv_is_read_when_semicolons_comma_decimals_and_windows_1252():
    data = dutch_csv([row(amount="€ 1.234,56", measures="kluis; brievenbus", email="jeroen.rutte@example.nl")])
    assert "€".encode("cp1252") in data  # really Windows-1252: the euro sign is one byte
    (line, raw), *_ = parsing.read_file(data)
    result = parsing.check_row(line, raw, today=TODAY)
    assert result.is_valid
    assert result.values["amount_cents"] == 123_456
    assert result.values["measures"] == ["fire_burglar_safe", "letterbox_security"]
    assert line == 2


def test_utf8_csv_with_commas_is_read_too():
    (_, raw), *_ = parsing.read_file(utf8_csv([row(amount="1.000,00")]))
    assert parsing.check_row(2, raw, today=TODAY).values["amount_cents"] == 100_000


def test_xlsx_is_read_with_number_and_date_cells():
    (_, raw), *_ = parsing.read_file(xlsx([row(on=date(2022, 3, 12), amount=1000.5, number=12)]))
    result = parsing.check_row(2, raw, today=TODAY)
    assert result.is_valid, result.reasons
    assert (result.values["date"], result.values["amount_cents"], result.values["house_number"]) == (
        "2022-03-12",
        100_050,
        "12",
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"postcode": "351 AB"}, Reason.BAD_POSTCODE),
        ({"amount": "duizend"}, Reason.BAD_AMOUNT),
        ({"amount": "1000.50"}, Reason.BAD_AMOUNT),  # not Dutch notation: refused, never read as 100.050
        ({"amount": "-5,00"}, Reason.BAD_AMOUNT),
        ({"on": "12-03-2020"}, Reason.DATE_OUTSIDE_A),
        ({"on": "02-01-2024"}, Reason.DATE_OUTSIDE_A),
        ({"on": "02-01-2023", "version": "B", "measures": "camera"}, Reason.DATE_OUTSIDE_B),
        ({"on": "31-02-2022"}, Reason.BAD_DATE),
        ({"on": "gisteren"}, Reason.BAD_DATE),
        ({"email": "geen adres"}, Reason.BAD_EMAIL),
        ({"number": "twaalf"}, Reason.BAD_HOUSE_NUMBER),
        ({"version": "C"}, Reason.BAD_VERSION),
        ({"measures": "zonnepanelen"}, Reason.BAD_MEASURE),
        ({"reference": ""}, Reason.NO_REFERENCE),
    ],
)
def test_row_is_refused_with_its_reason_when_a_value_is_wrong(fields, reason):
    assert reason in checked(**fields).reasons


def test_thousand_is_a_thousand_when_written_with_a_dot():
    assert parsing.parse_amount("1.000") == 100_000


def test_number_cell_is_taken_as_it_is():
    assert parsing.parse_amount(Decimal("1000.5")) == 100_050


@pytest.mark.parametrize("text", ["12-03-2022", "12/3/2022", "2022-03-12", "12 maart 2022", "12.03.2022"])
def test_date_is_read_when_written_the_dutch_way(text):
    assert parsing.parse_date(text) == date(2022, 3, 12)


def test_house_number_with_addition_in_one_cell_is_the_same_home():
    assert checked(number="12-a", addition="").values["addition"] == "A"
    assert checked(number="12", addition="a").values["addition"] == "A"


def test_file_is_refused_when_a_column_is_missing():
    with pytest.raises(FileError, match="bedrag"):
        parsing.read_file(dutch_csv([row()[:6] + row()[7:]], header=HEADER[:6] + HEADER[7:]))


def test_file_is_refused_when_it_is_empty():
    with pytest.raises(FileError):
        parsing.read_file(b"")


def test_file_is_refused_when_it_has_only_column_names():
    with pytest.raises(FileError):
        parsing.read_file(dutch_csv([]))


def test_file_is_refused_when_it_is_a_disguised_workbook():
    with pytest.raises(FileError):
        parsing.read_file(b"PK\x03\x04 not really a zip")


def test_file_is_refused_when_a_row_has_more_cells_than_columns():
    with pytest.raises(FileError):
        parsing.read_file(dutch_csv([row() + ["extra"]]))


def test_empty_rows_are_skipped_but_line_numbers_stay_those_of_the_sheet():
    rows = parsing.read_file(dutch_csv([row(reference="R1"), [""] * 9, row(reference="R2")]))
    assert [line for line, _ in rows] == [2, 4]
