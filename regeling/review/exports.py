"""CSV export of the work list: the same filters, never the address, IBAN or advice contents.
Every cell goes through `inert` so a spreadsheet never runs it as a formula.
"""

import csv

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regeling.audit import log as audit
from regeling.core.spreadsheets import inert

from . import worklist


class _Echo:
    """csv.writer wants a file; this one hands each line back for streaming."""

    def write(self, value):
        return value


def csv_rows(cases):
    yield [
        _("Reference"),
        _("Status"),
        _("Scheme version"),
        _("Applicant"),
        _("Received on"),
        _("Decision due"),
        _("Assigned to"),
    ]
    for case in cases.iterator(chunk_size=2000):
        yield [
            case.reference,
            case.get_status_display(),
            case.scheme_version,
            case.applicant.get_full_name(),
            case.received_on.isoformat() if case.received_on else "",
            case.decision_due_on.isoformat() if case.decision_due_on else "",
            case.assigned_to.get_full_name() if case.assigned_to else "",
        ]


@login_required
@require_GET
def work_list_csv(request):
    filters = worklist.Filters.from_query(request.GET)
    cases = worklist.filtered_cases(request.user, filters)  # refuses anyone but an assessor, before streaming
    audit.record("worklist.export", request=request, **filters.as_query())
    writer = csv.writer(_Echo())
    lines = (writer.writerow([inert(cell) for cell in row]) for row in csv_rows(cases))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="werklijst-{timezone.localdate():%Y%m%d}.csv"'
    return response
