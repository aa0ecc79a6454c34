"""Person moved from requests_app to people (people/migrations/0001): the contact moment points at it there.
State only: the table and its constraint stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0004_callback_result"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns the model changes.
            state_operations=[
                migrations.AlterField(
                    model_name="contactmoment",
                    name="person",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="contact_moments",
                        to="people.person",
                        verbose_name="person",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
