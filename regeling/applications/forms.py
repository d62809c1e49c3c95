"""Forms of the officeholder's portal. Amounts are typed in euros and kept in cents."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum import iban as iban_number

from regeling.core.money import parse_euros
from regeling.schemes.versions import Measure


class EuroField(forms.CharField):
    """A euro amount such as 1.250,00; cleaned to integer cents."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            cents = parse_euros(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Enter an amount in euros, for example 1.250,00.")) from exc
        if cents <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return cents


class QuickApplicationForm(forms.Form):
    """One page with what an application needs at least."""

    address_line = forms.CharField(label=_("Street and house number"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    city = forms.CharField(label=_("Town"), max_length=100)
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    amount = EuroField(label=_("Amount of the quote incl. VAT"))
    iban = forms.CharField(label=_("IBAN"), max_length=40)
    account_holder = forms.CharField(label=_("Account holder"), max_length=200)
    declaration = forms.BooleanField(label=_("I declare that I filled in this form truthfully and completely."))

    def clean_iban(self):
        value = self.cleaned_data["iban"]
        if not iban_number.is_valid(value):
            raise forms.ValidationError(_("This is not a valid IBAN. Check the number and try again."))
        return iban_number.compact(value)
