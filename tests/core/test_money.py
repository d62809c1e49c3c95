"""Amounts as Dutch people write them: one parser (core.money) and one form field (core.forms)."""

import pytest
from django import forms

from regeling.core.forms import EuroField, clean_euros
from regeling.core.money import MAX_LINE_CENTS, parse_euros


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12.500", 1_250_000),
        ("2150,-", 215_000),
        ("2150,--", 215_000),
        ("1.250,00", 125_000),
        ("€ 2.400,5", 240_050),
        ("2400", 240_000),
        ("1 250,00", 125_000),
        ("EUR 99,99", 9_999),
    ],
)
def test_amount_is_read_when_written_the_dutch_way(text, cents):
    assert parse_euros(text) == cents


@pytest.mark.parametrize(
    "text", ["1e9", "-5", "12,345", "1.25.0", "12.50.000", "1,2,3", "abc", "", "1.2345", "NaN", "2400.50"]
)
def test_amount_is_refused_when_not_an_amount_in_euros(text):
    with pytest.raises(ValueError):
        parse_euros(text)


def test_refusal_shows_an_example_when_the_amount_is_written_as_a_power():
    with pytest.raises(forms.ValidationError) as error:
        EuroField().clean("1e9")
    assert "12.500" in error.value.messages[0]


def test_amount_is_refused_when_above_the_line_limit():
    with pytest.raises(forms.ValidationError) as error:
        EuroField().clean(str(MAX_LINE_CENTS // 100 + 1))
    assert error.value.code == "max_value"


def test_amount_is_accepted_when_exactly_at_the_line_limit():
    assert EuroField().clean("1.000.000,00") == MAX_LINE_CENTS


def test_zero_is_refused_when_an_amount_is_asked():
    with pytest.raises(forms.ValidationError):
        clean_euros("0,00")


def test_zero_is_accepted_when_a_line_may_be_granted_nothing():
    assert clean_euros("0", zero_allowed=True) == 0
