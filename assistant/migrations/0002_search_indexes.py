"""Indexes for the product search on PostgreSQL (``assistant/search.py``); nothing on other databases.

- ``pg_trgm`` and ``unaccent``: both are trusted extensions (PostgreSQL 13+), so the owner of the
  database can create them; ``IF NOT EXISTS`` leaves an installed one alone.
- a GIN index on ``to_tsvector('dutch', search_text)``, written exactly as ``search.DutchDocument``
  so that the full-text search can use it;
- GIN trigram indexes on ``name_nl`` and ``name_en`` for the word-similarity operator (``<%``).

The reverse drops the indexes but keeps the extensions: other code may have come to rely on them.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE INDEX IF NOT EXISTS assistant_product_search_nl ON assistant_catalogueproduct "
    "USING gin (to_tsvector('dutch'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS assistant_product_name_nl_trgm ON assistant_catalogueproduct "
    "USING gin (name_nl gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS assistant_product_name_en_trgm ON assistant_catalogueproduct "
    "USING gin (name_en gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS assistant_product_name_en_trgm",
    "DROP INDEX IF EXISTS assistant_product_name_nl_trgm",
    "DROP INDEX IF EXISTS assistant_product_search_nl",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("assistant", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
