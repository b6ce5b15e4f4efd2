"""Numbers read the way a Danish or an English planner writes them (Babel's locale data)."""

from __future__ import annotations

import math

import pytest

from sim.ui import fmt


def test_danish_groups_thousands_with_a_dot_and_decimals_with_a_comma():
    assert fmt.number(4000, "da") == "4.000"
    assert fmt.number(2.345, "da", 1) == "2,3"
    assert fmt.per100(0.068, "da") == "6,8"
    assert fmt.kroner(10527.4, "da") == "10.527 kr."
    assert fmt.percent(10.76, "da") == "10,8 %"


def test_english_groups_thousands_with_a_comma():
    assert fmt.number(4000, "en") == "4,000"
    assert fmt.per100(0.068, "en") == "6.8"
    assert fmt.kroner(10527.4, "en") == "DKK 10,527"
    assert fmt.percent(10.76, "en") == "10.8%"


def test_signed_numbers_carry_a_plus_or_a_real_minus_and_never_minus_zero():
    assert fmt.per100(0.023, "da", signed=True) == "+2,3"
    assert fmt.per100(-0.023, "en", signed=True) == "−2.3"
    assert fmt.number(-0.00001, "da", 1, signed=True) == "+0,0"
    assert fmt.number(-0.3, "da", 2) == "−0,30"


def test_a_missing_number_is_a_dash_not_nan():
    assert fmt.number(math.nan, "da") == fmt.DASH
    assert fmt.kroner(None, "en") == fmt.DASH


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("10,8", "da", 10.8),
        ("10.8", "da", 10.8),  # a point typed on a Danish page still means a decimal
        ("4.000", "da", 4000.0),
        ("4,000", "en", 4000.0),
        ("10.8", "en", 10.8),
        ("−2,5", "da", -2.5),
        (" 25 % ", "da", 25.0),
    ],
)
def test_a_typed_number_is_read_in_the_pages_locale(text, lang, value):
    assert fmt.parse_number(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "ti", "1,2,3x"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        fmt.parse_number(text, "da")
