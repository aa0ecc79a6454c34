"""Form fields the whole site shares.

``DecimalCommaField`` is the one field for a number a person types: Dutch users write a decimal comma
("1,5"), others a point ("1.5"); both mean one and a half. It is a text input with ``inputmode="decimal"``
(a phone shows the number pad) — never ``<input type="number">``, whose value a browser in a Dutch locale
may silently change ("1,5" became 15)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
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


# One way to render a form field on the whole site (settings.FORM_RENDERER). ``{{ form }}``,
# ``{{ form.field.as_field_group }}`` and ``{% include "forms/field.html" with field=… %}`` all give the same markup:
# label (with "(niet verplicht)" on an optional field), hint ``<id>_helptext``, error ``<id>_error``, the widget with
# ``aria-describedby`` naming both and ``aria-invalid`` on an error (Django's own id scheme), Bootstrap 5 classes,
# and a group of checkboxes or radios as a fieldset with a legend.


def widget_class(widget: forms.Widget) -> str:
    """Bootstrap's class for a widget: a choice input, a select, or any other control ("" for a hidden one)."""
    if widget.is_hidden:
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    if isinstance(widget, forms.MultiWidget):
        return ""
    return "form-control"


class SiteBoundField(BoundField):
    """Adds Bootstrap's classes (and ``is-invalid`` on an error) to what Django puts on every widget."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = widget_class(widget)
        if css:
            classes = [attrs.get("class") or widget.attrs.get("class", ""), css]
            if self.errors:
                classes.append("is-invalid")
            attrs["class"] = " ".join(dict.fromkeys(" ".join(classes).split()))
        return attrs

    @property
    def optional(self) -> bool:
        """Marked "(niet verplicht)" in forms that set ``mark_optional = True`` (the others say it in the label
        where it matters): not required, and not among the form's ``conditionally_required`` fields (asked for
        only after another answer, e.g. whom a call was transferred to)."""
        form = self.form
        return (
            getattr(form, "mark_optional", False)
            and not self.field.required
            and self.name not in getattr(form, "conditionally_required", ())
        )


class SiteFormRenderer(TemplatesSetting):
    """The project's templates (``templates/forms/``) through the project's template engine, so Django's widget
    templates and ours are compiled once and cached by the same loader."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = SiteBoundField
