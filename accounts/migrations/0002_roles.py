"""Create one Django group per role (see accounts/roles.py)."""

from django.db import migrations

ROLES = [
    "citizen",
    "intermediary",
    "kcc_agent",
    "coordinator",
    "volunteer",
    "caseworker",
    "catalogue_editor",
    "dpo",
    "manager",
    "admin",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
