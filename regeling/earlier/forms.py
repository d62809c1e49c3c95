"""Forms of the import: the file, and a correction or withdrawal with its reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Body
from regeling.core import limits
from regeling.core.forms import LongTextField
from regeling.core.residence import display_postcode, normalise_house_number
from regeling.schemes.versions import Measure

from . import parsing

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_("At most 5 MB. The first row holds the column names; see the example file."),
    )

    def __init__(self, *args, choose_body: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_body:  # the administrator imports for any body
            self.fields["body"] = forms.ModelChoiceField(
                label=_("Employer body"), queryset=Body.objects.order_by("name")
            )
            self.order_fields(["body", "file"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        return upload


class ReasonField(LongTextField):
    def __init__(self, **kwargs):
        super().__init__(max_length=limits.REASON, rows=3, **kwargs)


class CorrectionForm(forms.Form):
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    house_number = forms.CharField(label=_("House number"), max_length=10)
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    reimbursed_on = forms.DateField(label=_("Date of the reimbursement"), widget=DATE_WIDGET)
    measures = LongTextField(
        max_length=limits.REASON,
        label=_("Measures"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Version A: the items of the basic package."),
    )
    amount = forms.CharField(label=_("Amount incl. VAT in euros"), max_length=30, help_text=_("For example 1.000,00."))
    reason = ReasonField(label=_("Reason for the correction"))

    def __init__(self, *args, version: str, **kwargs):
        self.version = version
        super().__init__(*args, **kwargs)

    def clean_postcode(self):
        try:
            return display_postcode(self.cleaned_data["postcode"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter a Dutch postcode: four digits and two letters, for example 1234 AB.")
            ) from exc

    def clean(self):
        data = super().clean()
        if "house_number" in data:
            try:
                number, addition = normalise_house_number(data["house_number"], data.get("addition", ""))
                data["house_number"], data["addition"] = str(number), addition
            except ValueError:
                self.add_error("house_number", _("Enter a house number, for example 12 or 12 A."))
        return data

    def clean_measures(self):
        text = self.cleaned_data["measures"]
        try:
            measures = parsing.parse_measures(text.replace("\n", ","), self.version)
        except ValueError as exc:
            raise forms.ValidationError(
                _("%(measure)s is not in the basic package of version A.") % {"measure": exc}
            ) from exc
        if not measures:
            raise forms.ValidationError(_("Fill in this field."))
        return "\n".join(measures)

    def clean_amount(self):
        try:
            return parsing.parse_amount(self.cleaned_data["amount"])
        except ValueError as exc:
            raise forms.ValidationError(_("Enter an amount in euros, for example 1.000,00.")) from exc


class WithdrawForm(forms.Form):
    withdraw_reason = ReasonField(label=_("Reason for withdrawing"))


def measure_label(value: str) -> str:
    return str(Measure(value).label) if value in Measure.values else value
