"""The coordinator's import of earlier reimbursements: upload, dry run, confirm, progress, correct, withdraw.

Only the body's coordinator (for their own body) and the administrator (for any
body) come here; anyone else gets 403, and an id of another body a 404. Opening a
reimbursement shows personal data, so the read is audited.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from regeling.accounts.models import UserKind
from regeling.audit import log as audit

from . import parsing, queueing, services
from .forms import CorrectionForm, UploadForm, WithdrawForm, measure_label
from .models import EarlierReimbursement, ImportRun, ImportStatus
from .services import ImportRefused, Outcome

OUTCOME_LABELS = {
    Outcome.CREATE: gettext_lazy("will be created; officeholder matched to their account"),
    Outcome.CREATE_PENDING: gettext_lazy("will be created; kept pending until the officeholder is invited"),
    Outcome.REFUSE: gettext_lazy("refused"),
}


def _is_admin(user) -> bool:
    return user.kind == UserKind.ADMINISTRATOR


def require_importer(user) -> None:
    if not (user.is_coordinator or _is_admin(user)):
        raise PermissionDenied(_("This page is for the coordinator of an employer body."))


def _scoped(queryset, user):
    require_importer(user)
    return queryset if _is_admin(user) else queryset.filter(body_id=user.body_id)


def _refused(request, refusal):
    return render(request, "core/refused.html", {"message": str(refusal)}, status=409)


def _queue(run_id: int) -> None:
    queueing.queue_import(run_id)  # a broker outage does not fail the request: the beat sweep queues it later


@login_required
@require_GET
def overview(request):
    rows = _scoped(EarlierReimbursement.objects.select_related("body"), request.user).order_by("-reimbursed_on", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    runs = _scoped(ImportRun.objects.select_related("body"), request.user)[:10]
    return render(request, "earlier/overview.html", {"page": page, "runs": runs})


@login_required
def upload(request):
    require_importer(request.user)
    admin = _is_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, choose_body=admin)
    if request.method == "POST" and form.is_valid():
        body_id = form.cleaned_data["body"].pk if admin else request.user.body_id
        try:
            run = services.check_file(form.cleaned_data["file"].read(), body_id=body_id, by=request.user)
        except parsing.FileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("earlier:run", run.public_id)
    status = 400 if form.errors else 200
    return render(request, "earlier/upload.html", {"form": form}, status=status)


@login_required
@require_GET
def example(request):
    require_importer(request.user)
    example_file = settings.BASE_DIR / "docs" / "examples" / "eerdere-vergoedingen.csv"
    return FileResponse(
        example_file.open("rb"), as_attachment=True, filename=example_file.name, content_type="text/csv"
    )


def _run_or_404(request, public_id) -> ImportRun:
    return get_object_or_404(_scoped(ImportRun.objects.select_related("body"), request.user), public_id=public_id)


@login_required
@require_GET
def run_detail(request, public_id):
    run = _run_or_404(request, public_id)
    reasons = dict(parsing.Reason.choices)
    report = [
        {
            "line": item["line"],
            "outcome": item["outcome"],
            "label": OUTCOME_LABELS[item["outcome"]],
            "refused": item["outcome"] == Outcome.REFUSE,
            "reasons": [reasons.get(code, code) for code in item["reasons"]],
        }
        for item in run.report
    ]
    only_refused = request.GET.get("show") == "refused"
    shown = [item for item in report if item["refused"]] if only_refused else report
    return render(
        request,
        "earlier/run.html",
        {
            "run": run,
            "summary": services.summary(run),
            "report": Paginator(shown, 200).get_page(request.GET.get("page")),
            "only_refused": only_refused,
            "checked": run.status == ImportStatus.CHECKED,
            "progress": run.progress(),
            "progress_url": reverse("earlier:run_progress", args=[run.public_id]),
        },
    )


@login_required
@require_GET
def run_progress(request, public_id):
    """Counts only, for the poller (static/js/batch-progress.js)."""
    return JsonResponse(_run_or_404(request, public_id).progress())


@login_required
@require_POST
def confirm(request, public_id):
    run = _run_or_404(request, public_id)
    try:
        with transaction.atomic():
            services.confirm_import(run.pk, by=request.user)
            transaction.on_commit(partial(_queue, run.pk))
    except ImportRefused as refusal:
        return _refused(request, refusal)
    messages.success(request, _("The import has started. This page shows its progress."))
    return redirect("earlier:run", run.public_id)


@login_required
@require_POST
def cancel(request, public_id):
    run = _run_or_404(request, public_id)
    try:
        services.cancel_import(run.pk, by=request.user)
    except ImportRefused as refusal:
        return _refused(request, refusal)
    messages.success(request, _("The file was set aside; nothing was imported."))
    return redirect("earlier:overview")


def _row_or_404(request, public_id) -> EarlierReimbursement:
    queryset = _scoped(EarlierReimbursement.objects.select_related("body", "officeholder"), request.user)
    row = queryset.filter(public_id=public_id).first()
    if row is None:
        audit.record("earlier.not_found", request=request, result="denied", public_id=str(public_id))
        raise Http404
    return row


def _initial(row: EarlierReimbursement) -> dict:
    return {
        "postcode": row.postcode,
        "house_number": row.house_number,
        "addition": row.addition,
        "reimbursed_on": row.reimbursed_on,
        "measures": row.measures,
        "amount": f"{row.amount_cents // 100},{row.amount_cents % 100:02d}",
    }


def _detail(request, row, correction=None, withdrawal=None, status=200):
    audit.record("earlier.viewed", request=request, obj=row)
    return render(
        request,
        "earlier/detail.html",
        {
            "row": row,
            "measures": [measure_label(value) for value in row.measures.splitlines()],
            "corrections": row.corrections.select_related("by"),
            "correction_form": correction or CorrectionForm(initial=_initial(row), version=row.scheme_version),
            "withdraw_form": withdrawal or WithdrawForm(),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request, public_id):
    return _detail(request, _row_or_404(request, public_id))


@login_required
@require_POST
def correct(request, public_id):
    row = _row_or_404(request, public_id)
    form = CorrectionForm(request.POST, version=row.scheme_version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.correct(
                row.pk,
                by=request.user,
                reason=data["reason"],
                postcode=data["postcode"],
                house_number=data["house_number"],
                addition=data["addition"],
                reimbursed_on=data["reimbursed_on"],
                measures=data["measures"],
                amount_cents=data["amount"],
            )
        except ImportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The correction is saved."))
            return redirect("earlier:detail", row.public_id)
    return _detail(request, row, correction=form, status=400)


@login_required
@require_POST
def withdraw(request, public_id):
    row = _row_or_404(request, public_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(row.pk, by=request.user, reason=form.cleaned_data["withdraw_reason"])
        except ImportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The reimbursement is withdrawn; it no longer counts."))
            return redirect("earlier:detail", row.public_id)
    return _detail(request, row, withdrawal=form, status=400)
