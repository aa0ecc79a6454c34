import json
from typing import Any

from django.db import models


class OrderedJSONField(models.TextField):
    """JSON stored as text, so the order of keys survives.

    PostgreSQL's ``jsonb`` (behind Django's JSONField) sorts object keys; a catalogue
    document must come back exactly as it was written (``import`` then ``export``), with
    its fields and its texts (nl before en) in their own order.
    """

    description = "JSON kept as text, key order preserved"
    # For django-stubs: the attribute holds the decoded JSON (a dict for a catalogue document).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        if value is None or isinstance(value, dict | list):
            return value
        return json.loads(value)

    def get_prep_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))
