"""Bulk actions on the work list: assign the ticked cases, or reissue their letters in the background
(the worker writes them; the letter batch page shows the progress).

The list's filters travel in the form's URL, so an invalid form shows the same list again
with the error summary on top and the ticked cases still ticked (400).
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from regeling.accounts.access import can_handle
from regeling.applications.letter_views import batch_started_message
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterStatus

from . import assignment, worklist
from .access import body_cases
from .forms import BulkForm
from .views import render_work_list


def valid_uuids(values: list[str]) -> list[uuid.UUID]:
    """The values that are UUIDs; anything else (a tampered form) is left out."""
    valid = []
    for value in values:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    return valid


def assigned_message(result: assignment.BulkAssignment) -> str:
    count = len(result.assigned)
    return ngettext("%(count)d case assigned to %(name)s.", "%(count)d cases assigned to %(name)s.", count) % {
        "count": count,
        "name": result.assessor.get_full_name(),
    }


def skipped_message(result: assignment.BulkAssignment) -> str:
    named = "; ".join(f"{reference} ({reason})" for reference, reason in result.skipped)
    return _("Not assigned: %(cases)s.") % {"cases": named}


@login_required
@require_POST
def bulk(request):
    filters = worklist.Filters.from_query(request.GET)
    chosen = body_cases(request.user).filter(public_id__in=valid_uuids(request.POST.getlist("bulk-cases")))
    # An id of another body's case (or no id at all) is left out, as if it was never sent.
    data = request.POST.copy()
    data.setlist("bulk-cases", [str(public_id) for public_id in chosen.values_list("public_id", flat=True)])
    form = BulkForm(data, user=request.user, cases=chosen)
    if not form.is_valid():
        return render_work_list(request, filters, bulk_form=form)
    ids = list(chosen.filter(public_id__in=form.cleaned_data["cases"]).values_list("pk", flat=True))
    if form.cleaned_data["action"] == BulkForm.REISSUE:
        handled = [case.pk for case in chosen.prefetch_related("conflicts") if can_handle(case, request.user)]
        if not Letter.objects.filter(application_id__in=handled, status=LetterStatus.RENDERED).exists():
            # Nothing to do: the list again, saying why (no dead end).
            form.add_error("cases", _("None of the ticked cases has a sent letter you may reissue."))
            return render_work_list(request, filters, bulk_form=form)
        batch = outbox.reissue_batch(handled, by=request.user)
        messages.success(request, batch_started_message(batch))
        return redirect("letters:batch", batch.public_id)
    back = reverse("review:work_list") + (f"?{urlencode(filters.as_query())}" if filters.as_query() else "")
    result = assignment.assign_cases(ids, by=request.user, assessor=form.cleaned_data["assessor"])
    if result.assigned:
        messages.success(request, assigned_message(result))
    if result.skipped:
        messages.warning(request, skipped_message(result))
    return redirect(back)
