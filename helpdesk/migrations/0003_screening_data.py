"""The needs screening's first data (domains, signals, routes): present in every fresh database.
An administrator edits it afterwards in Django admin; ``seed_demo`` links the routes to the partners."""

from django.db import migrations

from helpdesk.screening_data import screening_load


def load(apps, schema_editor):
    screening_load(
        LifeDomain=apps.get_model("helpdesk", "LifeDomain"),
        Signal=apps.get_model("helpdesk", "Signal"),
        Route=apps.get_model("helpdesk", "Route"),
        Organization=apps.get_model("accounts", "Organization"),
    )


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0002_person_search"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
