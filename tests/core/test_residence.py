"""One home, however its address is written: the residence key of regeling.core.residence."""

import pytest

from regeling.core.residence import (
    display_postcode,
    house_number_from_address_line,
    normalise_house_number,
    normalise_postcode,
    residence_key,
    residence_key_from_address,
)


@pytest.mark.parametrize("text", ["3511ab", "3511 AB", " 3511AB ", "3511 ab", "3511-AB"])
def test_postcode_is_one_when_written_with_or_without_space_or_case(text):
    assert normalise_postcode(text) == "3511AB"


@pytest.mark.parametrize("text", ["", "351 AB", "0511 AB", "3511 A", "3511 ABC", "AB 3511", "35114AB"])
def test_postcode_is_refused_when_not_dutch(text):
    with pytest.raises(ValueError):
        normalise_postcode(text)


def test_postcode_is_shown_with_a_space_when_displayed():
    assert display_postcode("3511ab") == "3511 AB"


@pytest.mark.parametrize(("number", "addition"), [("12-a", ""), ("12 A", ""), ("12a", ""), ("12", "a"), ("12", "-A")])
def test_house_number_is_one_when_the_addition_is_written_differently(number, addition):
    assert normalise_house_number(number, addition) == (12, "A")


def test_addition_stays_apart_from_the_number_when_it_is_a_digit():
    assert normalise_house_number("12-2") != normalise_house_number("122")


@pytest.mark.parametrize("number", ["", "a", "0", "123456", "12 #"])
def test_house_number_is_refused_when_it_is_not_a_number(number):
    with pytest.raises(ValueError):
        normalise_house_number(number)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Lindelaan 12", (12, "")),
        ("Lindelaan 12-a", (12, "A")),
        ("Lindelaan 12 A", (12, "A")),
        ("2e Jan Steenstraat 12 bis", (12, "BIS")),
    ],
)
def test_house_number_is_read_from_the_address_line_after_the_street(line, expected):
    assert house_number_from_address_line(line) == expected


def test_key_is_one_when_application_and_import_write_the_home_differently():
    from_import = residence_key("3511ab", "12", "a")
    assert residence_key_from_address("3511 AB", "Lindelaan 12-a") == from_import
    assert residence_key_from_address("3511AB", "Lindelaan 12 A") == from_import
    assert residence_key_from_address("3511 ab", "lindelaan 12a") == from_import


def test_key_differs_when_the_addition_differs():
    assert residence_key("3511AB", "12", "A") != residence_key("3511AB", "12", "B")
    assert residence_key("3511AB", "12") != residence_key("3511AB", "12", "A")


def test_key_is_still_made_when_the_address_has_no_house_number():
    assert residence_key_from_address("3511 AB", "Lindelaan") == residence_key_from_address("3511 AB", "Lindelaan")
