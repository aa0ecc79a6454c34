"""Indexes for the KPI queries (the insights app has no tables of its own).

Every request KPI reads the requests received in a period; every referral KPI the referrals sent in
a period. On PostgreSQL both indexes carry the columns those queries need (``INCLUDE``), so a month,
quarter or year of a million requests is read from the index alone. Elsewhere a plain index.
"""

from django.db import migrations

INDEXES = [
    (
        "insights_request_received",
        "requests_app_helprequest",
        "created_at",
        "channel, state, first_contact_at, support_started_at",
    ),
    ("insights_referral_sent", "requests_app_referral", "created_at", "organization_id, status, reason"),
]


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, table, column, include in INDEXES:
        extra = f" INCLUDE ({include})" if postgres else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}){extra}")


def drop(apps, schema_editor):
    for name, _table, _column, _include in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0004_queue_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
