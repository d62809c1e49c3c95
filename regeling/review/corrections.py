"""Back office: the body's pending proposals to correct an officeholder's vouched facts.

An assessor or coordinator of the body accepts (the fact changes) or rejects with a
reason (accounts/corrections.py). Both are audited; the officeholder sees the outcome
on their profile.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regeling.accounts.corrections import decide_correction
from regeling.accounts.models import CorrectionStatus, FactCorrection
from regeling.core import limits
from regeling.core.forms import LongTextField


class DecideCorrectionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("1", gettext_lazy("Accept: record the correction")), ("0", gettext_lazy("Reject"))],
        coerce=lambda value: value == "1",
    )
    reason = LongTextField(
        max_length=limits.REASON,
        label=gettext_lazy("Reason (required for a rejection)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


def _pending(user):
    if not user.is_assessor:
        raise PermissionDenied
    return (
        FactCorrection.objects.filter(officeholder__body_id=user.body_id, status=CorrectionStatus.PROPOSED)
        .exclude(officeholder=user)
        .select_related("officeholder")
    )


@login_required
def corrections(request):
    """GET lists the pending proposals; POST decides one of them."""
    pending = _pending(request.user)
    bound = None
    if request.method == "POST":
        correction = pending.filter(pk=request.POST.get("correction")).first()
        if correction is None:
            raise Http404
        form = DecideCorrectionForm(request.POST)
        if form.is_valid():
            try:
                decide_correction(
                    correction.pk,
                    by=request.user,
                    accept=form.cleaned_data["accept"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                messages.success(request, _("Done."))
                return redirect("review:corrections")
        bound = (correction.pk, form)
    rows = [(item, bound[1] if bound and bound[0] == item.pk else DecideCorrectionForm()) for item in pending]
    return render(request, "review/corrections.html", {"rows": rows}, status=400 if bound else 200)
