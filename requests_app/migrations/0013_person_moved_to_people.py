"""Person and PersonMerge moved to the people app (people/migrations/0001). State only: the tables
``requests_app_person`` and ``requests_app_personmerge`` keep their names and their rows; the help request's
foreign key now points at ``people.Person``. The other apps' keys were moved first (privacy 0009, helpdesk 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0005_person_moved_to_people"),
        ("people", "0001_initial"),
        ("privacy", "0009_person_moved_to_people"),
        ("requests_app", "0012_merge_20261205_1807"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns the model changes.
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="person",
                    name="person_reachable",
                ),
                migrations.AlterField(
                    model_name="helprequest",
                    name="person",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requests",
                        to="people.person",
                        verbose_name="person",
                    ),
                ),
                migrations.RemoveField(
                    model_name="person",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="PersonMerge",
                ),
                migrations.DeleteModel(
                    name="Person",
                ),
            ],
            database_operations=[],
        ),
    ]
