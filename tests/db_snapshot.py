"""Every row of every table, to show that a refused request changed nothing (the permission matrix's POST walk
and the IDOR sweep). After a test's setup the database holds a handful of rows, so this stays cheap."""

from django.apps import apps

# Tables and columns that a refused request may still write, each with the reason.
VOLATILE = {"sessions.session": "the session itself (signing in, messages)"}
VOLATILE_FIELDS = {"accounts.usersession": {"last_seen_at": "updated by the middleware on each request"}}


def database_snapshot() -> dict[str, list[tuple]]:
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or not model._meta.managed:
            continue
        skip = VOLATILE_FIELDS.get(label, {})
        fields = [field.attname for field in model._meta.concrete_fields if field.attname not in skip]
        snapshot[label] = list(model._base_manager.order_by("pk").values_list(*fields))
    return snapshot


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])
