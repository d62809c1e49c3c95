"""Forms of the case page: answering a request, giving views, withdrawing, objecting, settling."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regeling.core.forms import EuroField
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
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    files = MultipleFileField(label=_("Documents"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("answer", "").strip() or cleaned.get("files")):
            raise forms.ValidationError(_("Write an answer or add a document."))
        return cleaned


class ViewsForm(forms.Form):
    views = forms.CharField(
        label=_("Your views"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your views.")},
    )
    files = MultipleFileField(label=_("Documents (optional)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw your application? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label=_("Why do you object to the decision?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Give the grounds of your objection.")},
    )
    costs_requested = forms.BooleanField(
        label=_("I ask for reimbursement of the costs of professional legal help (Awb 7:15)"), required=False
    )
    files = MultipleFileField(label=_("Documents (optional)"), required=False)


class SettlementForm(forms.Form):
    """The invoiced amount per granted line, and the invoices themselves."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.granted_cents]
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = EuroField(
                label=line.description or line.get_measure_display(),
                help_text=_("Granted: %(amount)s. The amount on the invoice, incl. VAT.")
                % {"amount": format_euros(line.granted_cents)},
                required=False,
            )
        self.fields["files"] = MultipleFileField(label=_("Invoices"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(f"line_{line.pk}") for line in self.lines):
            raise forms.ValidationError(_("Fill in the invoiced amount of at least one measure."))
        return cleaned

    def invoiced(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line in self.lines}
