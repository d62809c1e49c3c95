"""The coordinator sets the budget of their own body for a year."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regeling.core.exceptions import TransitionRefused
from regeling.core.forms import EuroField

from .models import Budget, needing_attention
from .services import FIRST_YEAR, can_set_budget, set_budget


class BudgetForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    amount = EuroField(
        label=gettext_lazy("Budget in euros"),
        max_cents=100_000_000_000,  # € 1 billion: a whole body's budget, not one line
        help_text=gettext_lazy("For example 25.000,00."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, year) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]
        self.fields["year"].initial = this_year


@login_required
def budgets(request):
    user = request.user
    if not can_set_budget(user, user.body_id):
        raise PermissionDenied
    form = BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_budget(user.body_id, year=form.cleaned_data["year"], budget_cents=form.cleaned_data["amount"], by=user)
        except TransitionRefused as refusal:
            form.add_error("amount", str(refusal))
        else:
            messages.success(request, _("The budget is saved."))
            return redirect("budgets:budgets")
    rows = Budget.objects.filter(body_id=user.body_id).order_by("-year")
    return render(
        request,
        "budgets/budgets.html",
        {"form": form, "rows": rows, "attention": needing_attention(user.body_id)},
    )
