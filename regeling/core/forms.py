"""Form fields more than one app uses."""

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from .money import MAX_LINE_CENTS, format_euros, parse_euros


class DescribedBoundField(forms.BoundField):
    """Django 5.2's BoundField links a field to its help text and error (aria-describedby) and marks it
    aria-invalid, but leaves the inputs of a group of choices (radios, checkboxes) to the fieldset around
    them; here each of those inputs is described too, so a screen reader reads the error on every choice."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and not attrs.get("aria-describedby") and (described := self.aria_describedby):
            attrs["aria-describedby"] = described
        return attrs


class DateInput(forms.DateInput):
    """A date picker. Its value is always ISO (2026-12-12): a browser leaves a date field
    empty when given the Dutch 12-12-2026, so a prefilled default would vanish."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's own parameter name)
        super().__init__(attrs, format)


def clean_euros(value: str, *, maximum: int = MAX_LINE_CENTS, zero_allowed: bool = False) -> int:
    """An amount typed by a person, in cents, or a ValidationError that shows how to write it."""
    try:
        cents = parse_euros(value)
    except ValueError as exc:
        raise forms.ValidationError(
            _("Enter an amount in euros, for example 12.500 or 1.250,00."), code="invalid"
        ) from exc
    if cents == 0 and not zero_allowed:
        raise forms.ValidationError(_("The amount must be more than zero."), code="min_value")
    if cents > maximum:
        raise forms.ValidationError(
            _("The amount may not exceed %(max)s.") % {"max": format_euros(maximum)}, code="max_value"
        )
    return cents


class EuroField(forms.CharField):
    """A euro amount as Dutch people write it ("12.500", "2150,-", "1.250,00"); cleaned to integer cents."""

    def __init__(self, *, max_cents: int = MAX_LINE_CENTS, **kwargs):
        self.max_cents = max_cents
        kwargs.setdefault("max_length", 30)  # "€ 1.000.000,00" with room for spaces
        super().__init__(**kwargs)
        # The length is checked on the typed text (to_python), not on the cents it becomes.
        self.validators = [v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)]

    def widget_attrs(self, widget):
        # Phones show a keyboard with digits and a comma.
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if len(value) > self.max_length:
            validators.MaxLengthValidator(self.max_length)(value)
        return clean_euros(value, maximum=self.max_cents)


TOO_LONG = _(
    "This text is too long: at most %(limit_value)d characters, now %(show_value)d. "
    "Shorten it; what you typed is still here."
)


class LongTextField(forms.CharField):
    """Free text in a text area, with a maximum (regeling/core/limits.py) the server checks.

    The HTML `maxlength` attribute is left out on purpose: a browser cuts a pasted text at
    the limit without a word. Over the limit, the form comes back with a Dutch message and
    everything typed still in the box (GOV.UK "character count" advice).
    """

    def __init__(self, *, max_length: int, rows: int = 3, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages.setdefault("max_length", TOO_LONG)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def field_anchor(field) -> str:
    """The id of a field's first input: a radio group or checkbox list has no id of its own
    (Django gives it none), so the link goes to its first option, as GOV.UK does."""
    return field.id_for_label or f"{field.auto_id}_0"


def error_list(*forms) -> list[tuple[str, str]]:
    """(anchor, text) for every error on these forms (formsets included), in page order, for the
    error summary. Each text names its field, so "Fill in this field." is never said twice blind."""
    errors = []
    for form in forms:
        if form is None:
            continue
        for bound_form in getattr(form, "forms", [form]):
            errors += [("", str(error)) for error in bound_form.non_field_errors()]
            for field in bound_form:
                errors += [(field_anchor(field), f"{summary_label(field.label)} {error}") for error in field.errors]
    return errors


def summary_label(label) -> str:
    """A field's label as the start of its line in the error summary: "IBAN:", but a label that is
    a sentence or a question keeps its own mark ("I declare … completely.", "Is this your home?"),
    never "completely.:"."""
    label = str(label).rstrip()
    return label if label.endswith((".", "?", ":")) else f"{label}:"
