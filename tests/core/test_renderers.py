"""The flattened widget templates write exactly what Django's own write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from regeling.core.forms import DateInput
from regeling.core.renderers import FormRenderer

CHOICES = [("", "---"), ("a", "Één & <twee>"), (3, "Drie")]
GROUPED = [("Groep", [("x", "X"), ("y", "Y")]), ("z", "Z")]


class Everything(forms.Form):
    text = forms.CharField(max_length=10, help_text="Help", initial='Say "hi" & <b>')
    number = forms.IntegerField(required=False, disabled=True)
    day = forms.DateField(widget=DateInput, required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s")
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h")
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": True, "data-y": False}), initial="a\nb")
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(choices=CHOICES, initial="a")
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], initial=["a", "3"])
    yes = forms.BooleanField(required=False, initial=True)
    radios = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False)
    split = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)


@pytest.mark.parametrize("data", [None, {"text": "far too long text", "choice": "nope", "many": ["3"]}])
def test_flattened_widgets_render_what_djangos_own_render(data):
    ours, django = (Everything(data, prefix="p", renderer=renderer) for renderer in (FormRenderer(), DjangoTemplates()))
    for name in Everything.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert ours.as_div() == django.as_div()
