"""Payment batches: choose settled cases, download the SEPA file and the finance CSV, confirm payment.

Only assessors of the body see its batches; another body's batch is a 404 and
the attempt is logged. Every file download is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regeling.accounts.access import deny, may_see_case, require_assessor
from regeling.applications.models import Application
from regeling.audit import log as audit

from . import services
from .forms import BatchForm
from .models import PaymentBatch


def _batch_or_404(request, public_id) -> PaymentBatch:
    require_assessor(request.user)
    batch = PaymentBatch.objects.filter(public_id=public_id, body_id=request.user.body_id).first()
    if batch is None:
        raise deny(request, "payment_batch.not_found", public_id=str(public_id))
    # A batch holds IBANs and amounts of every case in it: the one rule for a case applies to each.
    cases = Application.objects.filter(payment_items__batch=batch).distinct().prefetch_related("conflicts")
    if not all(may_see_case(case, request.user) for case in cases):
        audit.record_denied("payment_batch.read", obj=batch, request=request, why="conflict")
        raise PermissionDenied(_("This batch holds a case on which you declared a conflict of interest."))
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def batches(request):
    require_assessor(request.user)
    payable = services.payable_cases(request.user)
    extras = services.payable_after_objection(request.user)
    form = BatchForm(request.POST or None, payable=payable, extras=extras)
    if request.method == "POST" and form.is_valid():
        batch = services.prepare_batch(
            by=request.user,
            application_ids=[case.pk for case in form.cleaned_data["cases"]],
            objection_payment_ids=[extra.pk for extra in form.cleaned_data["extras"]],
            execution_date=form.cleaned_data["execution_date"],
        )
        messages.success(request, _("The payment batch is ready. Download the file for the bank."))
        return redirect("payments:batch", batch.public_id)
    return render(
        request,
        "payments/batches.html",
        {
            "form": form,
            "payable": payable,
            "extras": extras,
            "batches": PaymentBatch.objects.filter(body_id=request.user.body_id),
        },
        status=400 if form.is_bound else 200,  # a bound form here is an invalid one: bad input
    )


@login_required
@require_GET
def batch_detail(request, public_id):
    batch = _batch_or_404(request, public_id)
    items = batch.items.select_related("application", "objection_payment").only(
        "amount_cents",
        "end_to_end_id",
        "application__reference",
        "application__public_id",
        "objection_payment__kind",
    )
    return render(request, "payments/batch.html", {"batch": batch, "items": items})


@login_required
@require_GET
def download(request, public_id, kind):
    batch = _batch_or_404(request, public_id)
    audit.record(f"payment_batch.download_{kind}", obj=batch, request=request)
    if kind == "xml":
        content, content_type, extension = batch.sepa_xml, "application/xml", "xml"
    else:
        content, content_type, extension = batch.finance_csv, "text/csv; charset=utf-8", "csv"
    response = HttpResponse(content.encode(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.{extension}"'
    return response


@login_required
@require_POST
def confirm(request, public_id):
    batch = _batch_or_404(request, public_id)
    services.confirm_batch(batch.pk, by=request.user)
    messages.success(request, _("The batch is confirmed and its cases are marked paid."))
    return redirect("payments:batch", batch.public_id)
