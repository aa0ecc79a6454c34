"""The one field for a number a person types: a decimal comma or point, never a browser number input."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from leuvenhelpt.forms import DecimalCommaField, number_text, parse_decimal


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1,5", Decimal("1.5")), ("1.5", Decimal("1.5")), (" 2 ", Decimal("2")), ("0,25", Decimal("0.25")), ("", None)],
)
def test_a_decimal_comma_and_a_decimal_point_mean_the_same(typed, number):
    assert parse_decimal(typed) == number


@pytest.mark.parametrize("typed", ["1,234.5", "1.234,5", "1,5,", "anderhalf", "NaN", "Infinity", "1e"])
def test_anything_but_one_number_is_refused_rather_than_guessed(typed):
    with pytest.raises(ValueError):
        parse_decimal(typed)


class HoursForm(forms.Form):
    hours = DecimalCommaField(max_value=500, decimal_places=1)


def test_the_field_is_a_text_input_with_the_number_pad_never_a_number_input():
    html = str(HoursForm()["hours"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'type="number"' not in html and "step=" not in html


def test_the_field_reads_one_and_a_half_not_fifteen():
    form = HoursForm({"hours": "1,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == Decimal("1.5")


def test_the_field_keeps_what_was_typed_when_it_is_refused():
    form = HoursForm({"hours": "1,5 uur"})
    assert not form.is_valid()
    assert 'value="1,5 uur"' in str(form["hours"])


def test_a_number_is_shown_in_the_page_language():
    with translation.override("nl"):
        assert number_text(Decimal("1.50")) == "1,5"
    with translation.override("en"):
        assert number_text(Decimal("1.50")) == "1.5"
    assert number_text(Decimal("3.0")) == "3"
