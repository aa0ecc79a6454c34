"""Person moved from requests_app to people (people/migrations/0001): the foreign keys point at it there.
State only: the tables and their constraints stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("privacy", "0008_alter_accesslog_purpose"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns the model changes.
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog",
                    name="person",
                    field=models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="consent",
                    name="person",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="consents", to="people.person"
                    ),
                ),
                migrations.AlterField(
                    model_name="erasurerequest",
                    name="person",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="erasure_requests", to="people.person"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
