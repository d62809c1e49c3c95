"""Forms of the case page: answering a request, giving views, withdrawing, objecting, settling."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.core import limits
from regeling.core.forms import DateInput, EuroField, LongTextField
from regeling.core.money import format_euros


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the browser's own multi-select, no JavaScript)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("help_text", _("PDF, JPEG or PNG, at most 10 MB per file. You may choose several files."))
        kwargs.setdefault("error_messages", {"required": _("Choose at least one file.")})
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            single(data, initial)  # raises "required" when the field is required
            return []
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class InformationAnswerForm(forms.Form):
    answer = LongTextField(
        max_length=limits.TEXT, label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    files = MultipleFileField(label=_("Documents"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("answer", "").strip() or cleaned.get("files")):
            raise forms.ValidationError(_("Write an answer or add a document."))
        return cleaned


class ViewsForm(forms.Form):
    views = LongTextField(
        max_length=limits.TEXT,
        label=_("Your views"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your views.")},
    )
    files = MultipleFileField(label=_("Documents (optional)"), required=False)


class WithdrawForm(forms.Form):
    reason = LongTextField(
        max_length=limits.REASON,
        label=_("Why do you withdraw your application? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ObjectionForm(forms.Form):
    reasons = LongTextField(
        max_length=limits.TEXT,
        label=_("Why do you object to the decision?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Give the grounds of your objection.")},
    )
    costs_requested = forms.BooleanField(
        label=_("I ask for reimbursement of the costs of professional legal help (Awb 7:15)"), required=False
    )
    files = MultipleFileField(label=_("Documents (optional)"), required=False)


class SettlementForm(forms.Form):
    """The invoiced amount and the invoice date per granted line, and the invoices themselves.

    The date is the day the costs were incurred: the costs count when made in office (docs/rules.md)."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.granted_cents]
        for line in self.lines:
            name = line.description or line.get_measure_display()
            self.fields[f"line_{line.pk}"] = EuroField(
                label=name,
                help_text=_("Granted: %(amount)s. The amount on the invoice, incl. VAT.")
                % {"amount": format_euros(line.granted_cents)},
                required=False,
            )
            self.fields[f"date_{line.pk}"] = forms.DateField(
                label=_("Invoice date for %(line)s") % {"line": name},
                help_text=_("The date on the invoice: the day the costs were made."),
                widget=DateInput,
                required=False,
                error_messages={"invalid": _("Enter the date as day-month-year, for example 15-03-2026.")},
            )
        self.fields["files"] = MultipleFileField(label=_("Invoices"))

    def clean(self):
        cleaned = super().clean()
        for line in self.lines:
            amount, on = cleaned.get(f"line_{line.pk}"), cleaned.get(f"date_{line.pk}")
            if amount and on is None and f"date_{line.pk}" not in self.errors:
                self.add_error(f"date_{line.pk}", _("Give the date of the invoice."))
            if on is not None and on > timezone.localdate():
                self.add_error(f"date_{line.pk}", _("An invoice date cannot lie in the future."))
        if not self.errors and not any(cleaned.get(f"line_{line.pk}") for line in self.lines):
            raise forms.ValidationError(_("Fill in the invoiced amount of at least one measure."))
        return cleaned

    def invoiced(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line in self.lines}

    def invoice_dates(self) -> dict[int, date]:
        return {
            line.pk: self.cleaned_data[f"date_{line.pk}"]
            for line in self.lines
            if self.cleaned_data.get(f"date_{line.pk}")
        }
