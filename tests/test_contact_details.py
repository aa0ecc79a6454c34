"""One rule for phone numbers, typed dates and the language we write in (accounts.contact_details), used by
every form and search that reads them (the KCC console had its own, looser phone check)."""

from datetime import date

import pytest
from django.utils import translation

from accounts.contact_details import PHONE_EXAMPLE, interface_language
from helpdesk.forms import RegisterForm
from helpdesk.selectors import search_parse


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("016/27.27.72", "016 27 27 72"), ("+32 470 12 34 56", "0470 12 34 56"), ("0031 6 12345678", "+31 6 12345678")],
)
def test_the_console_stores_a_phone_number_in_the_shared_form(typed, stored):
    form = RegisterForm(data={"full_name": "Georgette Wouters", "phone": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["0470 12 34 5", "123456789012345", "016 27"])
def test_the_console_refuses_what_is_no_phone_number_with_the_shared_example(typed):
    form = RegisterForm(data={"full_name": "Georgette Wouters", "phone": typed})
    assert not form.is_valid()
    assert form.errors["phone"] == [str(PHONE_EXAMPLE)]


@pytest.mark.parametrize("typed", ["17/05/1948", "17-05-1948", "17.05.1948", "1948-05-17"])
def test_the_console_field_and_its_search_read_the_same_dates(typed):
    form = RegisterForm(data={"full_name": "Georgette Wouters", "phone": "016 27 27 72", "date_of_birth": typed})
    assert form.is_valid(), form.errors
    assert search_parse(typed).value == form.cleaned_data["date_of_birth"] == date(1948, 5, 17)


@pytest.mark.parametrize(
    ("active", "written"), [("nl", "nl"), ("en", "en"), ("en-gb", "en"), ("fr", "nl"), ("uk", "nl")]
)
def test_the_interface_language_is_english_or_dutch(active, written):
    with translation.override(active):
        assert interface_language() == written
