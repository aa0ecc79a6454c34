"""A citizen's own personal data, from the register (``leuvenhelpt/register.py``): every holding about their
person or their account, only their own rows, one query per holding whatever the number of rows."""

from datetime import date, datetime

from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from leuvenhelpt.register import Holding, holdings
from people.models import Person

FORMAT = "leuvenhelpt-personal-data/1"


def _related_label(related: models.Model) -> str:
    """A role group reads as its role; anything else as itself."""
    if isinstance(related, Group) and related.name in Role.values:
        return str(Role(related.name).label)
    return str(related)


class Stored(str):
    """A text shown as it was stored — typed by someone, or written in the language of that moment (an e-mail as
    sent, a consent's words as shown): the page marks it translate="no" instead of passing it off as our wording."""

    stored = True


def _value(obj: models.Model, field, *, display: bool):
    if field.many_to_many:
        names = [_related_label(related) for related in getattr(obj, field.name).all()]
        return ", ".join(names) if display else names
    if field.is_relation:
        related = getattr(obj, field.name)
        if related is None:
            return None
        return Stored(related) if display else str(related)
    value = getattr(obj, field.attname)
    if hasattr(field, "labels"):  # a set of choices (volunteers.fields.ChoiceSetField): words, never bits
        return ", ".join(field.labels(value)) if display else list(value)
    if display and field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{field.name}_display")())
    if display:
        return Stored(value) if isinstance(value, str) else value
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _section(holding: Holding, subject_ids: list[int], *, display: bool) -> dict:
    model = holding.model_class
    fields = [model._meta.get_field(name) for name in holding.personal]
    rows = []
    if subject_ids:
        queryset = model.objects.filter(**holding.subject_filter(subject_ids), **holding.export_filter)
        related = [f.name for f in fields if f.is_relation and not f.many_to_many]
        many = [f.name for f in fields if f.many_to_many]
        if related:
            queryset = queryset.select_related(*related)
        if many:
            queryset = queryset.prefetch_related(*many)
        queryset = queryset.order_by("pk")
        if display:  # (label, value) pairs for the page
            rows = [[(str(f.verbose_name), _value(obj, f, display=True)) for f in fields] for obj in queryset]
        else:
            rows = [{f.name: _value(obj, f, display=False) for f in fields} for obj in queryset]
    return {
        "model": holding.model,
        "title": str(model._meta.verbose_name_plural),
        "fields": {f.name: str(f.verbose_name) for f in fields},
        "rows": rows,
    }


def personal_data_export(*, user: User, display: bool = False) -> dict:
    """Everything the register knows about this user's own person and account.

    ``display`` gives the readable labels and date objects (the HTML page); without it the values are
    stored values and ISO 8601 strings (the JSON download)."""
    person_ids = list(Person.objects.filter(user=user).values_list("pk", flat=True))
    ids = {"person": person_ids, "user": [user.pk]}
    return {
        "format": FORMAT,
        "exported_at": timezone.localtime().isoformat(),
        "sections": [_section(h, ids[h.subject], display=display) for h in holdings() if h.subject is not None],
    }
