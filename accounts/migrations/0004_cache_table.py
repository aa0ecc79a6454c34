"""The database cache table: the fallback of the Redis cache (``leuvenhelpt.cache.FailoverCache``)."""

from django.core.management import call_command
from django.db import migrations

TABLE = "leuvenhelpt_cache"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_sessions")]

    operations = [migrations.RunPython(create, drop)]
