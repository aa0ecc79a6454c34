"""The register of personal data covers every field of every model of the project's apps."""

import pytest
from django.apps import apps

from leuvenhelpt.register import LIBRARY_APPS, PROJECT_APPS, classified_fields, holding_for, holdings
from people.models import Person

MODELS = [model for label in PROJECT_APPS + LIBRARY_APPS for model in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_field_of_every_model_is_classified(model):
    """A new model or field cannot land without saying whether it holds personal data (leuvenhelpt/register.py)."""
    holding = holding_for(model)
    assert holding is not None, f"declare {model._meta.label} in {model._meta.app_label}/personal_data.py"
    declared = [*holding.personal, *holding.not_personal, *holding.secret]
    assert len(declared) == len(set(declared)), f"{model._meta.label}: a field is classified twice"
    fields = set(classified_fields(model))
    assert fields - set(declared) == set(), f"{model._meta.label}: classify these fields"
    assert set(declared) - fields == set(), f"{model._meta.label}: these names are not fields"


def test_each_model_is_declared_once_and_erases_only_personal_fields():
    labels = [h.model for h in holdings()]
    assert len(labels) == len(set(labels))
    for holding in holdings():
        assert set(holding.erase) <= set(holding.personal), holding.model
        if holding.subject is None:
            assert not holding.personal and not holding.erase, holding.model


@pytest.mark.django_db
def test_every_path_reaches_its_subject():
    """The lookups in the register are real: each one filters its model by a person, a user or a request."""
    for holding in holdings():
        if holding.subject is None:
            continue
        model = holding.model_class
        list(model.objects.filter(**holding.subject_filter([1])))
        if holding.request is not None:
            list(model.objects.filter(**holding.request_filter([1])))
        if holding.subject == "person" and holding.path:
            field = model._meta.get_field(holding.path.split("__")[0])
            # A bottom-layer app (the outbox) holds the person's id as a plain integer, not a foreign key.
            assert field.related_model is not None or (
                holding.path == "person_id" and field.get_internal_type() == "BigIntegerField"
            ), holding.model
    assert holding_for(Person).path == ""
