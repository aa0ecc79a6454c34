"""Phone numbers, dates and the language we write in, read and written one way everywhere (the bottom layer:
every app uses it).

Phone numbers go through ``phonenumbers`` (Google's libphonenumber): Belgian numbers in any form (0470 12 34 56,
+32 470 12 34 56, 0032 470 12 34 56, 016/27.27.72) are stored in the national format ``0470 12 34 56``; a
foreign number in the international format ``+31 6 12345678``. Search compares the digits of that form.
"""

from __future__ import annotations

from datetime import date

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

REGION = "BE"
EARLIEST_BIRTH = date(1900, 1, 1)
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
# The ways a date is typed (a date of birth in the KCC console: field and search): 17/05/1948, 17-05-1948,
# 17.05.1948 or 1948-05-17.
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def interface_language() -> str:
    """The language of this request as one the portal writes people and catalogues in (``User.Language``):
    "en" for English, "nl" for every other language."""
    language = translation.get_language() or "nl"
    return "en" if language.startswith("en") else "nl"


def phone_parse(value: str) -> phonenumbers.PhoneNumber | None:
    """The number, or None when it is not a valid phone number (Belgian unless it starts with + or 00)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _format(number: phonenumbers.PhoneNumber) -> str:
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_normalise(value: str) -> str:
    """The number as stored ("0470 12 34 56"); "" for nothing. Raises ``ValueError`` for an invalid number."""
    if not (value or "").strip():
        return ""
    number = phone_parse(value)
    if number is None:
        raise ValueError(f"not a phone number: {value!r}")
    return _format(number)


def phone_is_mobile(value: str) -> bool:
    """A mobile number (an SMS can reach it)."""
    number = phone_parse(value)
    return number is not None and phonenumbers.number_type(number) in MOBILE_TYPES


def phone_e164(value: str) -> str:
    """ "+32470123456" for an SMS provider; "" when it is not a valid number."""
    number = phone_parse(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


def phone_digits(value: str) -> str:
    """The digits a stored number is searched by: those of its normalised form ("0470123456"); for something
    that is not a valid number, the digits as typed."""
    number = phone_parse(value)
    shown = _format(number) if number else value
    return "".join(ch for ch in shown if ch.isdigit())


PHONE_EXAMPLE = _("Fill in a phone number, for example 0470 12 34 56 or 016 27 27 72.")


class PhoneField(forms.CharField):
    """A phone number field: checked with phonenumbers, cleaned to the stored form; ``mobile=True`` refuses a
    landline (for SMS)."""

    default_error_messages = {
        "invalid": PHONE_EXAMPLE,
        "not_mobile": _(
            "This is not a mobile number, so we cannot send a text message to it. "
            "Fill in a mobile number (for example 0470 12 34 56) or choose another way."
        ),
    }

    def __init__(self, *, mobile: bool = False, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
        self.mobile = mobile
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            value = phone_normalise(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if self.mobile and not phone_is_mobile(value):
            raise ValidationError(self.error_messages["not_mobile"], code="not_mobile")
        return value


def validate_date_of_birth(value: date | None) -> None:
    """Not in the future and not before 1900."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("A date of birth cannot lie in the future."), code="future")
    if value < EARLIEST_BIRTH:
        raise ValidationError(_("Fill in a date of birth after 1 January 1900."), code="too_early")
