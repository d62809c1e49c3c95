"""Letters on the web (URL namespace `letters`): downloading one, reading its HTML twin,
retrying or reissuing one, and batches. They live with the cases because what a letter
shows is frozen from its case (letterdata.py); the letter rows and the outbox are in
regeling/letters/, below this app.

Only the addressee and assessors of the case's body see a letter; anything else
is a 404, the same as an id that does not exist. Views call the services in
regeling/letters/outbox.py, which audit every change.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from regeling.accounts.access import can_handle, deny, may_see_case
from regeling.accounts.assurance import requires_level
from regeling.audit import log as audit
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterBatch, LetterStatus

from .letterdata import letter_data_of, letter_query
from .letterhtml import letter_html
from .models import Application


@login_required
@requires_level("DIGID_MIN_LEVEL_LETTERS")
def download_letter(request, public_id):
    letter = (
        Letter.objects.select_related("application").filter(public_id=public_id, status=LetterStatus.RENDERED).first()
    )
    if letter is None or not may_see_case(letter.application, request.user):
        raise deny(request, "letter.not_found", public_id=str(public_id))
    audit.record("letter.download", obj=letter, request=request)
    # The file name is the letter's number: nothing personal.
    return FileResponse(
        letter.pdf.open("rb"), as_attachment=True, filename=f"{letter.reference}.pdf", content_type="application/pdf"
    )


@login_required
@requires_level("DIGID_MIN_LEVEL_LETTERS")
@require_GET
def read_letter(request, public_id):
    """The HTML twin of a sent letter: the same text as its PDF, accessible and printable,
    with the PDF to download beside it. The same people as the PDF may read it."""
    letter = letter_query().filter(public_id=public_id, status=LetterStatus.RENDERED).first()
    if letter is None or not may_see_case(letter.application, request.user):
        raise deny(request, "letter.not_found", public_id=str(public_id))
    audit.record("letter.read", obj=letter, request=request)
    data = letter_data_of(letter)  # the snapshot the PDF was rendered from
    return render(request, "letters/read.html", {"letter": letter, "data": data, "body": letter_html(data)})


def handled_letter_or_404(request, public_id) -> Letter:
    letter = Letter.objects.select_related("application").filter(public_id=public_id).first()
    if letter is None or not can_handle(letter.application, request.user):
        raise deny(request, "letter.not_found", public_id=str(public_id))
    return letter


def back_to_case(request, letter: Letter):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("review:case", letter.application.public_id)


@login_required
@require_POST
def retry_letter(request, public_id):
    """The assessor's retry button on a failed letter."""
    letter = handled_letter_or_404(request, public_id)
    outbox.retry_letter(letter.pk, by=request.user)
    messages.success(request, _("The letter is being prepared again."))
    return back_to_case(request, letter)


@login_required
@require_POST
def reissue_letter(request, public_id):
    """A corrected copy: a new letter that names this one. The original stays as sent."""
    letter = handled_letter_or_404(request, public_id)
    outbox.reissue_letter(letter.pk, by=request.user)
    messages.success(request, _("A new letter replacing this one is being prepared."))
    return back_to_case(request, letter)


def body_assessor_or_404(request) -> None:
    if not request.user.is_assessor:
        raise Http404


@login_required
def new_batch(request):
    """The body's cases with a sent letter, with checkboxes: reissue the latest letter of each one ticked."""
    body_assessor_or_404(request)
    latest = _latest_sent_letters(request.user.body_id)
    error = ""
    if request.method == "POST":
        chosen = set(_valid_uuids(request.POST.getlist("cases")))
        ids = [
            letter.application_id
            for letter in latest
            if str(letter.application.public_id) in chosen and can_handle(letter.application, request.user)
        ]
        if ids:
            batch = outbox.reissue_batch(ids, by=request.user)
            messages.success(request, batch_started_message(batch))
            return redirect("letters:batch", batch.public_id)
        error = _("Choose at least one case.")
    rows = [(letter.application, letter) for letter in latest]
    return render(request, "letters/batch_new.html", {"rows": rows, "error": error}, status=400 if error else 200)


def batch_started_message(batch) -> str:
    count = len(batch.cases)
    return ngettext(
        "The letter of %(count)d case is being reissued. This page shows how far it is.",
        "The letters of %(count)d cases are being reissued. This page shows how far it is.",
        count,
    ) % {"count": count}


def _latest_sent_letters(body_id: int) -> list[Letter]:
    """The latest sent letter of each case of the body, in the order of the case references."""
    latest = {}
    sent = (
        Letter.objects.filter(application__body_id=body_id, status=LetterStatus.RENDERED)
        .select_related("application")
        .prefetch_related("application__conflicts")
        .order_by("created_at", "pk")
    )
    for letter in sent:
        latest[letter.application_id] = letter
    return sorted(latest.values(), key=lambda letter: letter.application.reference)


def _valid_uuids(values: list[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


def body_batch_or_404(request, public_id) -> LetterBatch:
    body_assessor_or_404(request)
    batch = get_object_or_404(LetterBatch, public_id=public_id, body_id=request.user.body_id)
    # The one rule for a case applies to every case in the batch (a declared conflict refuses it).
    held = Application.objects.filter(Q(pk__in=batch.cases) | Q(letters__batch=batch)).distinct()
    if not all(may_see_case(application, request.user) for application in held.prefetch_related("conflicts")):
        audit.record_denied("letter_batch.read", obj=batch, request=request, why="conflict")
        raise PermissionDenied(_("This batch holds a case on which you declared a conflict of interest."))
    return batch


@login_required
@require_GET
def batch_detail(request, public_id):
    batch = body_batch_or_404(request, public_id)
    letters = batch.letters.select_related("application").order_by("pk")
    return render(
        request,
        "letters/batch_detail.html",
        {
            "batch": batch,
            "progress": batch_counts(batch),
            "letters": letters,
            "progress_url": reverse("letters:batch_progress", args=[batch.public_id]),
        },
    )


@login_required
@require_GET
def batch_progress(request, public_id):
    """Counts only, for the poller: done, failed, pending, total."""
    batch = body_batch_or_404(request, public_id)
    return JsonResponse(batch_counts(batch))


def batch_counts(batch) -> dict[str, int]:
    """One set of counts for the page and its poller, so the two never disagree."""
    counts = batch.progress()
    done, failed = counts[LetterStatus.RENDERED], counts[LetterStatus.FAILED]
    # Cases the worker has not written a letter for yet count as being prepared, so the page
    # never says "done" while the batch is still being written.
    unwritten = len(batch.cases) - batch.cases_done
    total = counts["total"] + unwritten
    return {
        "done": done,
        "failed": failed,
        "pending": counts[LetterStatus.PENDING] + unwritten,
        "total": total,
        "percent": round(100 * (done + failed) / total) if total else 100,
    }


@login_required
@require_GET
def letter_status(request, public_id):
    """The status of one letter, for the page that waits for it (static/js/letter-status.js).
    Only the status: no content, so nothing is audited as a read."""
    letter = Letter.objects.select_related("application").filter(public_id=public_id).first()
    if letter is None or not may_see_case(letter.application, request.user):
        raise deny(request, "letter.not_found", public_id=str(public_id))
    return JsonResponse({"status": letter.status, "label": str(letter.get_status_display())})
