"""Forms of the application steps. Amounts are typed in euros and kept in cents.

Every message is a plain sentence shown next to its field; Django links it to
the field with aria-describedby and marks the field aria-invalid.
"""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from stdnum import iban as iban_number

from regeling.core import limits
from regeling.core.forms import EuroField
from regeling.core.glyphs import validate_printable
from regeling.schemes.versions import BASIC_PACKAGE, Measure

from .models import Application, DocumentKind

YES_NO = [("true", _("Yes")), ("false", _("No"))]
POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
# The order in which the package items are offered (scheme A).
PACKAGE_ITEMS = [measure for measure in Measure if measure in BASIC_PACKAGE]


def posted(request) -> tuple:
    """(data, files) to bind a form to: bound on every POST, even an empty one; unbound otherwise."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


class YesNoField(forms.TypedChoiceField):
    """Yes or no as two radio buttons. A saved answer (True/False on the model) is shown ticked
    when the step is opened again: Django would compare "True" with the choice "true" and tick none."""

    def prepare_value(self, value):
        return {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) else value


def yes_no_field(label, *, required=True):
    return YesNoField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": _("Choose yes or no.")},
    )


class ProfileCheckForm(forms.Form):
    """Step 1: nothing to type; the office and body come from the profile and must be there."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        if not self.user.office or not self.user.body_id or not self.user.appointment_certain_on:
            raise forms.ValidationError(
                _(
                    "Your employer body has not yet recorded your office or the date your appointment became "
                    "certain. Ask them, or propose the correction on your profile page."
                )
            )
        return super().clean()


class ResidenceForm(forms.ModelForm):
    """Step 2: the home the measures are for."""

    is_main_residence = yes_no_field(_("Is this your main residence (your address in the BRP)?"))
    in_body_territory = yes_no_field(_("Does the home lie in the territory of your employer body?"))

    class Meta:
        model = Application
        fields = ["address_line", "postcode", "city", "is_main_residence", "moved_during_term", "in_body_territory"]
        widgets = {
            "address_line": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        labels = {
            "address_line": _("Street and house number"),
            "postcode": _("Postcode"),
            "city": _("Town"),
            "moved_during_term": _("I moved during my term, after an earlier claim for my previous home."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("address_line", "postcode", "city"):
            self.fields[name].validators.append(validate_printable)  # printed in every letter
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Fill in this field.")
        self.fields["postcode"].help_text = _("For example 1234 AB.")
        # Only a provincial executive may live outside the province with an exemption (SCHEME.md §1);
        # the rules read the same setting, since the wording for other offices is unconfirmed.
        if self.instance.office in settings.SCHEME_RESIDENCE_EXEMPTION_OFFICES:
            self.fields["has_residence_exemption"] = forms.BooleanField(
                label=_("I have an exemption from the residence requirement."),
                required=False,
                initial=self.instance.has_residence_exemption,
            )
        self.order_fields(["address_line", "postcode", "city", "is_main_residence", "moved_during_term"])

    def clean_postcode(self):
        match = POSTCODE.match(self.cleaned_data["postcode"])
        if not match:
            raise forms.ValidationError(_("Enter a Dutch postcode: four digits and two letters, for example 1234 AB."))
        return f"{match.group(1)} {match.group(2).upper()}"

    def save(self, commit=True):
        if "has_residence_exemption" in self.fields:
            self.instance.has_residence_exemption = self.cleaned_data.get("has_residence_exemption", False)
        return super().save(commit)


class PackageForm(forms.Form):
    """Step 3, scheme A: one amount per package item; an empty amount skips the item."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in PACKAGE_ITEMS:
            self.fields[measure.value] = EuroField(
                label=measure.label, required=False, help_text=_("The amount of the supplier's quote, incl. VAT.")
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(measure.value) for measure in PACKAGE_ITEMS):
            raise forms.ValidationError(_("Fill in the amount of at least one measure."))
        return cleaned

    def chosen(self) -> list[tuple[str, str, int]]:
        """(measure, description, cents) for each filled item."""
        return [
            (measure.value, "", self.cleaned_data[measure.value])
            for measure in PACKAGE_ITEMS
            if self.cleaned_data.get(measure.value)
        ]


class AdviceForm(forms.ModelForm):
    """Step 3, scheme B: which security advice the measures come from."""

    class Meta:
        model = Application
        fields = ["advice_reference", "advice_adopted_on"]
        widgets = {"advice_adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"advice_reference": _("The number on the security advice of the Security Authority.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = _("Fill in this field.")


class AdviceLineForm(forms.Form):
    """One measure from the advice; a row left empty is skipped."""

    description = forms.CharField(
        label=_("Measure from the advice"), max_length=limits.LINE, required=False, validators=[validate_printable]
    )
    amount = EuroField(label=_("Amount incl. VAT"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("description") and not cleaned.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("Fill in the amount of this measure."))
        if cleaned.get("amount") and not cleaned.get("description"):
            self.add_error("description", _("Describe the measure as the advice names it."))
        return cleaned


class BaseAdviceLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.chosen():
            raise forms.ValidationError(_("Fill in at least one measure from the advice."))

    def chosen(self) -> list[tuple[str, str, int]]:
        return [
            (Measure.ADVICE_LINE.value, form.cleaned_data["description"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data.get("description") and form.cleaned_data.get("amount")
        ]


AdviceLineFormSet = forms.formset_factory(
    AdviceLineForm, formset=BaseAdviceLineFormSet, extra=0, max_num=30, absolute_max=30
)


class CertificateForm(forms.ModelForm):
    """Step 4, scheme A: the Politiekeurmerk Veilig Wonen certificate."""

    class Meta:
        model = Application
        fields = ["pkvw_certificate_number", "pkvw_valid_until"]
        widgets = {"pkvw_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = _("Fill in this field.")


class UploadForm(forms.Form):
    """One or more files of one kind. The content is checked in uploads.py."""

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("What is this document?"), choices=[(kind.value, kind.label) for kind in kinds]
        )
        self.fields["file"] = forms.FileField(
            label=_("File"),
            help_text=_("PDF, JPEG or PNG, at most 10 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            error_messages={"required": _("Choose a file."), "empty": _("This file is empty.")},
        )


class BankForm(forms.ModelForm):
    """Step 5: where the money goes."""

    class Meta:
        model = Application
        fields = ["iban", "account_holder"]
        labels = {"iban": _("IBAN"), "account_holder": _("Name of the account holder")}
        widgets = {"iban": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = _("Fill in this field.")
        self.fields["iban"].help_text = _("For example NL91 ABNA 0417 1643 00.")

    def clean_iban(self):
        value = self.cleaned_data["iban"]
        if not iban_number.is_valid(value):
            raise forms.ValidationError(_("This is not a valid IBAN. Check the number and try again."))
        return iban_number.compact(value)


class DeclarationForm(forms.Form):
    """Step 6: the declaration that makes the application complete."""

    declaration = forms.BooleanField(
        label=_("I declare that I filled in this application truthfully and completely."),
        error_messages={"required": _("Tick the declaration to send your application.")},
    )


DOCUMENT_KINDS_BY_VERSION = {
    "A": [DocumentKind.PKVW_CERTIFICATE, DocumentKind.QUOTE, DocumentKind.OTHER],
    "B": [DocumentKind.SECURITY_ADVICE, DocumentKind.QUOTE, DocumentKind.OTHER],
}
