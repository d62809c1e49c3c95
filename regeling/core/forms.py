"""Form fields more than one app uses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .money import parse_euros


class EuroField(forms.CharField):
    """A euro amount such as 1.250,00; cleaned to integer cents."""

    def widget_attrs(self, widget):
        # Phones show a keyboard with digits and a comma.
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

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
