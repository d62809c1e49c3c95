"""Reading an import file of earlier reimbursements and checking each row. No database here.

tablib reads CSV and XLSX (openpyxl). CSV may come the way Excel writes it on a
Dutch machine: semicolons, decimal commas, Windows-1252; or as UTF-8 with commas.
Amounts are read in Dutch notation only ("1.000,00", "€ 1.000", "1000,5"), so
"1.000" is a thousand euros and never one; a number cell of a spreadsheet is
taken as it is. Every refusal is a reason code with a plain message (`Reason`).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.core import limits
from regeling.core.money import parse_euros
from regeling.core.residence import display_postcode, normalise_house_number
from regeling.schemes.versions import BASIC_PACKAGE, VERSION_A_START, VERSION_B_START, Measure, SchemeVersion

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An XLSX is a zip: refuse one that would unpack to far more than any real sheet (a zip bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
VERSION_A_END = date(2023, 12, 31)

# The columns, by the names a body's spreadsheet may use (compared without case, spaces or "_").
COLUMNS = {
    "email": ("e-mail", "email", "e-mailadres", "emailadres", "e-mail ambtsdrager"),
    "postcode": ("postcode",),
    "house_number": ("huisnummer", "house number", "nummer"),
    "addition": ("toevoeging", "huisnummertoevoeging", "addition"),
    "date": ("datum", "date", "datum vergoeding", "vergoed op"),
    "measures": ("maatregelen", "maatregel", "measures"),
    "amount": ("bedrag", "amount", "bedrag incl. btw", "bedrag incl btw"),
    "scheme_version": ("versie", "regeling", "scheme version", "versie regeling"),
    "reference": ("kenmerk", "referentie", "reference", "kenmerk bron"),
}
OPTIONAL = frozenset({"addition"})

# Words for the package items of version A (Stcrt. 2020, 49908), in Dutch and English.
MEASURE_WORDS = {
    Measure.LETTERBOX_SECURITY: ("brievenbus", "letterbox"),
    Measure.WINDOW_REINFORCEMENT: ("ruit", "ruiten", "raam", "glas", "window"),
    Measure.DOOR_VIEWER_OR_VIDEO_INTERCOM: ("deurspion", "intercom", "videofoon", "door viewer"),
    Measure.ALARM_BASE_INSTALLATION: ("alarm", "basisinstallatie", "alarminstallatie"),
    Measure.FIRE_BURGLAR_SAFE: ("kluis", "safe"),
}
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()
_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\s+(\d{4})$")
_MEASURE_SEPARATORS = re.compile(r"\s*(?:[,;/+|&]|\ben\b|\band\b)\s*")


class FileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the coordinator."""


class Reason(models.TextChoices):
    """Why a row is refused. Stored values never change; the labels are the messages."""

    BAD_EMAIL = "bad_email", _("no valid e-mail address of the officeholder")
    OTHER_ACCOUNT = "other_account", _("the e-mail address belongs to an account that is not an officeholder here")
    BAD_POSTCODE = "bad_postcode", _("wrong postcode (four digits and two letters, for example 3511 AB)")
    BAD_HOUSE_NUMBER = "bad_house_number", _("no valid house number")
    BAD_DATE = "bad_date", _("not a date (for example 12-03-2022)")
    DATE_OUTSIDE_A = "date_outside_a", _("date outside 2021-2023 for version A")
    DATE_OUTSIDE_B = "date_outside_b", _("date before 2024 for version B")
    DATE_IN_FUTURE = "date_in_future", _("date in the future")
    BAD_AMOUNT = "bad_amount", _("not an amount in euros (for example 1.000,00)")
    BAD_VERSION = "bad_version", _("scheme version must be A or B")
    BAD_MEASURE = "bad_measure", _("measure not in the basic package of version A")
    NO_MEASURE = "no_measure", _("no measures")
    NO_REFERENCE = "no_reference", _("no reference in the source administration")
    DUPLICATE_IN_FILE = "duplicate_in_file", _("the same reference appears earlier in this file")
    DUPLICATE = "duplicate", _("duplicate of an earlier import (same reference)")
    TOO_LONG = "too_long", _("a value is longer than the import allows (see docs/import.md)")


@dataclass(frozen=True)
class Row:
    """One row, checked. `values` are cleaned (amounts in cents, dates ISO); `reasons` empty when valid."""

    line: int
    values: dict = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.reasons


# -- the file ---------------------------------------------------------------------
def read_file(data: bytes) -> list[tuple[int, dict]]:
    """(spreadsheet line, {column: text}) for every non-empty row. Raises FileError."""
    if not data:
        raise FileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileError(_("The file is larger than 5 MB. Split it into smaller files."))
    dataset = _load_xlsx(data) if data[:4] == b"PK\x03\x04" else _load_csv(data)
    columns = _map_columns(dataset.headers or [])
    if len(dataset) > MAX_ROWS:
        raise FileError(_("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS})
    rows = []
    for index, raw in enumerate(dataset, start=2):  # line 1 holds the column names
        values = {name: _text(raw[position]) for name, position in columns.items()}
        if any(values.values()):
            rows.append((index, values))
    if not rows:
        raise FileError(_("The file has column names but no rows."))
    return rows


def file_format(data: bytes) -> str:
    return "xlsx" if data[:4] == b"PK\x03\x04" else "csv"


def _load_xlsx(data: bytes) -> tablib.Dataset:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileError(_("This spreadsheet unpacks to an unreasonable size and is refused."))
        return tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    except FileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged or disguised file
        raise FileError(_("This file cannot be read as an Excel workbook (.xlsx).")) from exc


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: what Excel writes as "CSV (puntkomma)"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _load_csv(data: bytes) -> tablib.Dataset:
    if b"\x00" in data[:4096]:
        raise FileError(_("This file is neither CSV nor .xlsx. Save it from Excel as CSV or as workbook."))
    text = _decode(data)
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    try:
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except (tablib.InvalidDimensions, csv.Error) as exc:
        raise FileError(
            _("A row has more cells than there are column names. Check the separators (; or ,) and quotes.")
        ) from exc


def _header(name) -> str:
    return " ".join(str(name or "").replace("_", " ").lower().split())


def _map_columns(headers) -> dict[str, int]:
    positions = {_header(name): index for index, name in enumerate(headers)}
    columns, missing = {}, []
    for name, aliases in COLUMNS.items():
        found = next((positions[alias] for alias in aliases if alias in positions), None)
        if found is not None:
            columns[name] = found
        elif name not in OPTIONAL:
            missing.append(aliases[0])
    if missing:
        raise FileError(
            _("Columns missing: %(columns)s. The first row must hold the column names (see the example file).")
            % {"columns": ", ".join(missing)}
        )
    return columns


def _text(value) -> str | Decimal | date:
    """Cells as text; a spreadsheet's number or date cell stays a number or a date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return Decimal(repr(value))
    return str(value).strip()


# -- one row ----------------------------------------------------------------------
def parse_amount(value) -> int:
    """Dutch notation to cents: '1.000,00', '€ 1.000', '1000,5'. A number cell as is. Raises ValueError."""
    if isinstance(value, Decimal):
        amount = value
    else:
        amount = Decimal(parse_euros(value)) / 100
    try:
        cents = amount * 100
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if cents != cents.to_integral_value() or cents <= 0 or cents > 100_000_000:
        raise ValueError(value)
    return int(cents)


def parse_date(value) -> date:
    """'12-03-2022', '12/3/2022', '2022-03-12', '12 maart 2022', or a date cell. Raises ValueError."""
    if isinstance(value, date):
        return value
    text = str(value).strip().lower()
    if match := _DATE_DMY.match(text):
        return date(int(match[3]), int(match[2]), int(match[1]))
    if match := _DATE_ISO.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if (match := _DATE_WORDS.match(text)) and match[2] in MONTHS:
        return date(int(match[3]), MONTHS.index(match[2]) + 1, int(match[1]))
    raise ValueError(value)


def parse_measures(text: str, version: str) -> list[str]:
    """Version A: package items (codes or words); version B: the advice's lines as written."""
    parts = [part for part in _MEASURE_SEPARATORS.split(str(text).strip()) if part]
    if version != SchemeVersion.BASIC_PACKAGE:
        return parts
    measures = []
    for part in parts:
        word = part.lower().replace("-", " ")
        found = next(
            (m for m in BASIC_PACKAGE if word == m.value or any(w in word for w in MEASURE_WORDS[m])),
            None,
        )
        if found is None:
            raise ValueError(part)
        measures.append(str(found))
    return list(dict.fromkeys(measures))


def date_reasons(on: date, version: str, today: date) -> list[str]:
    """Version A covers 2021-2023 (Stcrt. 2020, 49908), version B from 2024 (Stcrt. 2023, 28233)."""
    if on > today:
        return [Reason.DATE_IN_FUTURE]
    if version == SchemeVersion.BASIC_PACKAGE and not VERSION_A_START <= on <= VERSION_A_END:
        return [Reason.DATE_OUTSIDE_A]
    if version == SchemeVersion.TAILORED_ADVICE and on < VERSION_B_START:
        return [Reason.DATE_OUTSIDE_B]
    return []


# The longest value a cell may hold (regeling/core/limits.py), as stored.
CELL_LIMITS = {
    "email": limits.EMAIL,
    "postcode": limits.POSTCODE,
    "house_number": limits.HOUSE_NUMBER,
    "addition": limits.HOUSE_NUMBER,
    "measures": limits.REASON,
    "reference": limits.REFERENCE,
}


def check_row(line: int, raw: dict, *, today: date) -> Row:
    """Every check that needs no database. The row's values are cleaned where they could be read."""
    if any(len(_plain(raw.get(name)).strip()) > limit for name, limit in CELL_LIMITS.items()):
        return Row(line, {}, (Reason.TOO_LONG,))
    reasons, values = [], {}
    email = str(raw.get("email", "")).strip().lower()
    try:
        validate_email(email)
        values["email"] = email
    except ValidationError:
        reasons.append(Reason.BAD_EMAIL)
    try:
        values["postcode"] = display_postcode(str(raw.get("postcode", "")))
    except ValueError:
        reasons.append(Reason.BAD_POSTCODE)
    try:
        number, addition = normalise_house_number(_plain(raw.get("house_number")), _plain(raw.get("addition")))
        values["house_number"], values["addition"] = str(number), addition
    except ValueError:
        reasons.append(Reason.BAD_HOUSE_NUMBER)
    version = str(raw.get("scheme_version", "")).strip().upper()
    if version in SchemeVersion.values:
        values["scheme_version"] = version
    else:
        reasons.append(Reason.BAD_VERSION)
    try:
        on = parse_date(raw.get("date", ""))
        values["date"] = on.isoformat()
        reasons += date_reasons(on, version, today) if version in SchemeVersion.values else []
    except ValueError:
        reasons.append(Reason.BAD_DATE)
    try:
        values["amount_cents"] = parse_amount(raw.get("amount", ""))
    except ValueError:
        reasons.append(Reason.BAD_AMOUNT)
    try:
        measures = parse_measures(raw.get("measures", ""), version)
        if measures:
            values["measures"] = measures
        else:
            reasons.append(Reason.NO_MEASURE)
    except ValueError:
        reasons.append(Reason.BAD_MEASURE)
    reference = " ".join(str(raw.get("reference", "")).split())
    if reference:
        values["reference"] = reference
    else:
        reasons.append(Reason.NO_REFERENCE)
    return Row(line, values, tuple(reasons))


def _plain(value) -> str:
    """A number cell (12 or 12.0) as its digits; text as it is."""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    return str(value or "")
