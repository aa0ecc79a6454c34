"""Form fields the whole site shares.

``DecimalCommaField`` is the one field for a number a person types: Dutch users write a decimal comma
("1,5"), others a point ("1.5"); both mean one and a half. It is a text input with ``inputmode="decimal"``
(a phone shows the number pad) — never ``<input type="number">``, whose value a browser in a Dutch locale
may silently change ("1,5" became 15)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import formats

_SPACES = str.maketrans("", "", " \u00a0\u202f")


def parse_decimal(text: str | None) -> Decimal | None:
    """``"1,5"`` and ``"1.5"`` → ``Decimal("1.5")``; ``""`` → None; raises ``ValueError`` for anything else.

    One separator at most: "1.234,5" is refused rather than guessed (a thousands separator in a number a person
    types here is far more likely a typo than a thousand)."""
    text = (text or "").strip().translate(_SPACES)
    if not text:
        return None
    if text.count(",") + text.count(".") > 1:
        raise ValueError(text)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def number_text(value: Decimal) -> str:
    """A number as a person reads it in the page's language: ``Decimal("1.50")`` → "1,5" in Dutch, "1.5" in English."""
    text = format(value.normalize(), "f")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


class DecimalCommaField(forms.DecimalField):
    """A decimal number typed as text: a decimal comma or point, surrounding spaces ignored."""

    def __init__(self, *args, **kwargs):
        attrs = {"inputmode": "decimal", "autocomplete": "off", "class": "input-number"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        kwargs["localize"] = False
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # No min/max/step attributes: they only mean something on <input type="number">.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        # An initial value is shown with the page language's separator ("1,5" in Dutch); what the user typed
        # stays in the bound form untouched.
        if isinstance(value, Decimal):
            return number_text(value)
        return value
