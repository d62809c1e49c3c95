"""Form fields name their help text and error to a screen reader (WCAG 1.3.1, 3.3.1): Django 5.2's BoundField,
with each choice of a group described too (regeling.core.forms.DescribedBoundField)."""

from django import forms

from regeling.core.forms import DescribedBoundField


class Form(forms.Form):
    bound_field_class = DescribedBoundField
    text = forms.CharField(label="Text", help_text="Say it.")
    pick = forms.ChoiceField(label="Pick", widget=forms.RadioSelect, choices=[("1", "a"), ("2", "b")])


def test_field_with_an_error_is_invalid_and_described_by_its_help_and_error():
    form = Form(data={"text": ""})
    html = str(form["text"])
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_text_helptext id_text_error"' in html


def test_every_choice_of_a_group_is_described_by_the_error_when_none_was_chosen():
    form = Form(data={"text": "x"})
    html = str(form["pick"])
    assert html.count('aria-describedby="id_pick_error"') == 2 and html.count('aria-invalid="true"') == 2


def test_field_without_an_error_is_described_by_its_help_only():
    html = str(Form()["text"])
    assert 'aria-describedby="id_text_helptext"' in html and "aria-invalid" not in html
