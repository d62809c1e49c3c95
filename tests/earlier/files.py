"""Import files as a body's spreadsheet would hold them: CSV (Excel's Dutch dialect or UTF-8) and XLSX."""

import csv
import io

from openpyxl import Workbook

HEADER = ["e-mail", "postcode", "huisnummer", "toevoeging", "datum", "maatregelen", "bedrag", "versie", "kenmerk"]


def row(email="wim@example.nl", postcode="3511 AB", number="12", addition="A", on="12-03-2022",
        measures="kluis", amount="1.000,00", version="A", reference="FIN-1"):  # fmt: skip
    return [email, postcode, number, addition, on, measures, amount, version, reference]


def dutch_csv(rows, header=HEADER) -> bytes:
    """What Excel writes as "CSV (puntkomma)" on a Dutch machine: semicolons, Windows-1252, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")  # quotes a cell that holds a ";"
    writer.writerows([header, *rows])
    return buffer.getvalue().encode("cp1252")


def utf8_csv(rows, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(f'"{cell}"' for cell in cells) for cells in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
