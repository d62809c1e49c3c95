"""Choosing the settled cases for a payment batch."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BatchForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("Settled cases to pay"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
        required=False,
    )
    extras = forms.ModelMultipleChoiceField(
        label=_("Payments after objection"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
        required=False,
    )
    execution_date = forms.DateField(label=_("Execution date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, payable, extras, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = payable
        self.fields["cases"].label_from_instance = lambda case: case.reference
        self.fields["extras"].queryset = extras
        self.fields["execution_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("cases") or cleaned.get("extras")):
            self.add_error("cases", _("Choose at least one payment."))
        return cleaned

    def clean_execution_date(self):
        value = self.cleaned_data["execution_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The execution date cannot lie in the past."))
        return value
