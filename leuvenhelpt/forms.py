"""Form fields the whole site shares.

``DecimalCommaField`` is the one field for a number a person types: Dutch users write a decimal comma
("1,5"), others a point ("1.5"); both mean one and a half. It is a text input with ``inputmode="decimal"``
(a phone shows the number pad) — never ``<input type="number">``, whose value a browser in a Dutch locale
may silently change ("1,5" became 15)."""

import html
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

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


def _escape(value) -> str:
    """Django's ``conditional_escape`` without its lazy-string wrapper (called for every attribute of every widget)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def attributes(attrs: dict) -> str:
    """A widget's attributes as Django's ``django/forms/widgets/attrs.html`` writes them: in order, ``True`` as the
    bare name, ``False`` left out, every value escaped."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"')
    # Every name and value is escaped above; Django's own attrs.html marks its output safe the same way.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


class SiteBoundField(BoundField):
    """Adds Bootstrap's classes (and ``is-invalid`` on an error) to what Django puts on every widget."""

    @property
    def errors(self):
        """Django's, but the empty list made once per field (Django makes a new one on every read, and a field is
        read five times per render)."""
        found = self.form.errors.get(self.name)
        if found is not None:
            return found
        empty = self.__dict__.get("_no_errors")
        if empty is None:
            empty = self.__dict__["_no_errors"] = self.form.error_class(renderer=self.form.renderer)
        return empty

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = widget_class(widget)
        if css:
            classes = attrs.get("class") or widget.attrs.get("class", "")
            if css not in classes.split():
                classes = f"{classes} {css}" if classes else css
            if self.errors:
                classes += " is-invalid"
            attrs["class"] = classes
        return attrs

    @cached_property
    def kind(self) -> str:
        """How forms/field.html lays the field out: "hidden", "choices" (radios or checkboxes as a fieldset),
        "fieldset" (another widget of several inputs), "checkbox" (one tick box) or "input"."""
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.RadioSelect):  # also CheckboxSelectMultiple
            return "choices"
        if widget.use_fieldset:
            return "fieldset"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        return "input"

    @cached_property
    def parts(self) -> dict:
        """Everything forms/field.html shows, computed once: a template reads a dict much faster than a BoundField
        (the KCC contact screen renders ~20 fields per request)."""
        auto_id = self.auto_id
        return {
            "kind": self.kind,
            "label": self.label,
            "help_text": self.help_text,
            "errors": self.errors,
            "optional": self.optional,
            "id_for_label": self.id_for_label,
            "hint_id": f"{auto_id}_helptext",
            "error_id": f"{auto_id}_error",
            "describedby": self.aria_describedby if self.use_fieldset else "",
            "widget": self.widget_data,
            "options": self.options_data if self.kind == "choices" else None,
        }

    @cached_property
    def widget_data(self) -> dict | None:
        """Django's own context of the widget (type, name, value as the widget formats it, attrs with the id, the
        classes and the aria attributes, written out by Django's ``flatatt``), for forms/field.html to write an
        <input>, <textarea> or <select> itself: the same markup as Django's widget templates (a test compares them)
        without a template render per widget and per option. None for other widgets, which render through their
        own template (``{{ field }}``)."""
        widget = self.field.widget
        if self.field.show_hidden_initial or isinstance(widget, forms.FileInput | forms.MultiWidget):
            return None
        if isinstance(widget, forms.Textarea):
            tag = "textarea"
        elif isinstance(widget, forms.Select):
            tag = "select"
        elif isinstance(widget, Input):
            tag = "input"
        else:
            return None
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)  # after the others, as BoundField.as_widget does
        context = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        context["tag"] = tag
        context["attrs_html"] = attributes(context["attrs"])
        return context

    @property
    def options_data(self) -> list[dict]:
        """The radios or checkboxes of a group, each with its attributes written out (as ``widget_data``)."""
        options = []
        for choice in self.subwidgets:
            data = choice.data
            options.append(
                {
                    "type": data["type"],
                    "name": data["name"],
                    "value": data["value"],
                    "attrs_html": attributes(data["attrs"]),
                    "id": choice.id_for_label,
                    "label": data["label"],
                }
            )
        return options

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
