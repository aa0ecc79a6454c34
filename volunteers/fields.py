"""A set of choices kept in one integer column, read and written as the choices' own values.

The database keeps a small bit set (``volunteers.choices.bit``) so that the ranking stays one SQL query with
plain bitwise tests on PostgreSQL and SQLite. Everything above the database sees words: the attribute is a list
of choice values in the choices' order (``["shopping", "visit"]``), and the same field gives the labels (the
personal-data export and the pages), the form field (forms and the admin) and the serialised value
(``dumpdata``). The bit of a choice is its position in the choices, so their order must never change
(``tests/volunteers/test_choice_sets.py`` pins it).
"""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from volunteers.choices import from_bits, to_bits


class _ChoiceSetDescriptor(DeferredAttribute):
    """Whatever is assigned (a bit set from the database, or values), the instance holds the sorted values."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = self.field.to_python(value)


class ChoiceSetField(models.PositiveIntegerField):
    """Several values of one ``TextChoices`` class, stored as the bit set of their positions."""

    description = "A set of choices (stored as a bit set)"
    descriptor_class = _ChoiceSetDescriptor
    # For django-stubs: the attribute holds the values; a raw bit set or an expression may be assigned.
    _pyi_private_set_type: list[str] | int | Combinable
    _pyi_private_get_type: list[str]

    def __init__(self, *args, choices_class: type[models.Choices] | None = None, **kwargs):
        self.choices_class = choices_class
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_class"] = self.choices_class
        if kwargs.get("default") == 0:
            del kwargs["default"]
        return name, path, args, kwargs

    # -- Python side: a list of choice values in the choices' order -------------------------------------
    def to_python(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, int):
            return from_bits(self.choices_class, value)
        if isinstance(value, str):
            value = [value]
        values = list(value)
        unknown = set(values) - set(self.choices_class.values)
        if unknown:
            raise ValidationError(
                _("%(value)s is not one of the available choices."),
                code="invalid_choice",
                params={"value": ", ".join(sorted(map(str, unknown)))},
            )
        return [choice for choice in self.choices_class.values if choice in values]

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    # -- database side: the bit set --------------------------------------------------------------------
    def get_prep_value(self, value):
        if isinstance(value, int) or hasattr(value, "resolve_expression"):
            return super().get_prep_value(value)  # a raw bit set or an expression (lookups, F())
        return to_bits(self.choices_class, self.to_python(value))

    def validate(self, value, model_instance):
        # The values are checked by to_python; the integer checks of the parent do not apply to a list.
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        return None

    # -- what people read ------------------------------------------------------------------------------
    def labels(self, values: Iterable[str]) -> list[str]:
        """The readable labels of the values, in the choices' order ("Shopping", "Dutch", "3000 Leuven")."""
        names = dict(self.choices_class.choices)
        return [str(names[value]) for value in self.to_python(values)]

    def value_to_string(self, obj) -> list[str]:
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "choices": self.choices_class.choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name.capitalize() if self.verbose_name else None,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("choices_form_class", None)
        return form_class(**defaults)
