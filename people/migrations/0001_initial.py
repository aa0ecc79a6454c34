"""Person and PersonMerge, moved here from requests_app without moving a row: they keep their tables
(``Meta.db_table``). The only database work is renaming their content types, so permissions and anything
keyed on the content type stay attached (on a fresh database there is nothing to rename yet)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import accounts.contact_details

MODELS = ("person", "personmerge")


def _move_content_types(apps, schema_editor, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_people(apps, schema_editor):
    _move_content_types(apps, schema_editor, "requests_app", "people")


def content_types_to_requests_app(apps, schema_editor):
    _move_content_types(apps, schema_editor, "people", "requests_app")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The tables were made by requests_app (0001_initial, 0010_person_merge); this migration only takes
        # the models over.
        ("requests_app", "0012_merge_20261205_1807"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns the model changes.
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        (
                            "date_of_birth",
                            models.DateField(
                                blank=True,
                                null=True,
                                validators=[accounts.contact_details.validate_date_of_birth],
                                verbose_name="date of birth",
                            ),
                        ),
                        ("phone", models.CharField(blank=True, max_length=32, verbose_name="phone number")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail address")),
                        ("street", models.CharField(blank=True, max_length=200, verbose_name="street")),
                        ("house_number", models.CharField(blank=True, max_length=10, verbose_name="house number")),
                        ("box", models.CharField(blank=True, max_length=10, verbose_name="box")),
                        (
                            "postcode",
                            models.CharField(blank=True, db_index=True, max_length=4, verbose_name="postcode"),
                        ),
                        ("municipality", models.CharField(blank=True, max_length=100, verbose_name="municipality")),
                        (
                            "preferred_language",
                            models.CharField(
                                choices=[("nl", "Nederlands"), ("en", "English")],
                                default="nl",
                                max_length=2,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "notify_channel",
                            models.CharField(
                                choices=[
                                    ("email", "By e-mail"),
                                    ("sms", "By text message (SMS)"),
                                    ("letter", "By letter"),
                                    ("none", "Not: I call myself"),
                                ],
                                default="email",
                                max_length=10,
                                verbose_name="news about the request by",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="known since")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("anonymised_at", models.DateTimeField(blank=True, null=True, verbose_name="anonymised")),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="person",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "person",
                        "verbose_name_plural": "people",
                        "db_table": "requests_app_person",
                    },
                ),
                migrations.CreateModel(
                    name="PersonMerge",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("merged_id", models.BigIntegerField(unique=True)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "kept",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="merges", to="people.person"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "merge of two records",
                        "verbose_name_plural": "merges of two records",
                        "db_table": "requests_app_personmerge",
                    },
                ),
                migrations.AddConstraint(
                    model_name="person",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("phone", ""), _negated=True),
                            models.Q(("email", ""), _negated=True),
                            ("user__isnull", False),
                            ("anonymised_at__isnull", False),
                            _connector="OR",
                        ),
                        name="person_reachable",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(content_types_to_people, content_types_to_requests_app),
            ],
        ),
    ]
