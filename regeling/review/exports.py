"""The work list as a download, CSV or XLSX: the same filters and the same columns the list
shows, with readable column names; never the address, IBAN or advice contents.

Every text cell goes through `core.spreadsheets.inert`, so a spreadsheet never runs it as a
formula (openpyxl, too, stores a text starting with "=" as a formula).
"""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from regeling.audit import log as audit
from regeling.core.spreadsheets import inert

from . import worklist

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"


def headers() -> list[str]:
    return [
        _("Reference"),
        _("Status"),
        _("Scheme version"),
        _("Applicant"),
        _("Received on"),
        _("Decision due"),
        _("Deadline"),
        _("Assigned to"),
    ]


def rows(cases):
    """One row per case: text, or a date (None when there is none)."""
    today = timezone.localdate()
    urgency = {"overdue": _("overdue"), "soon": worklist.due_soon_label()}
    for case in cases.iterator(chunk_size=2000):
        yield [
            case.reference,
            case.get_status_display(),
            case.get_scheme_version_display(),
            case.applicant.get_full_name(),
            case.received_on,
            case.decision_due_on,
            urgency.get(worklist.urgency(case, today), ""),
            case.assigned_to.get_full_name() if case.assigned_to else _("unassigned"),
        ]


def csv_cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return inert(value)


class _Echo:
    """csv.writer wants a file; this one hands each line back for streaming."""

    def write(self, value):
        return value


def _filtered(request):
    filters = worklist.Filters.from_query(request.GET)
    cases = worklist.filtered_cases(request.user, filters)  # refuses anyone but an assessor, before anything
    return filters, cases


def _filename(extension: str) -> str:
    return f'attachment; filename="werklijst-{timezone.localdate():%Y%m%d}.{extension}"'


@login_required
@require_GET
def work_list_csv(request):
    filters, cases = _filtered(request)
    audit.record("worklist.export", request=request, format="csv", **filters.as_query())
    # A semicolon, as the figures' CSV: what a spreadsheet set to Dutch reads into columns.
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # a byte-order mark, so a spreadsheet reads the file as UTF-8 (é, ë)
        yield writer.writerow([inert(header) for header in headers()])
        for row in rows(cases):
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename("csv")
    return response


def _sheet_cell(sheet, value):
    if isinstance(value, str):
        return inert(value)
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT  # the Dutch way of writing a date
    return cell


def workbook(cases) -> bytes:
    """The rows as one sheet: dates as dates, text made inert, the header row frozen."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Work list")[:31])
    sheet.freeze_panes = "A2"
    titles = headers()
    for position, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(title) + 4)
    sheet.append([inert(title) for title in titles])
    for row in rows(cases):
        sheet.append([_sheet_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@login_required
@require_GET
def work_list_xlsx(request):
    filters, cases = _filtered(request)
    audit.record("worklist.export", request=request, format="xlsx", **filters.as_query())
    content = workbook(cases)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = _filename("xlsx")
    return response
