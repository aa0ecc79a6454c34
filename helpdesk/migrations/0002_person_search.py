"""PostgreSQL: the indexes behind the KCC caller search (``helpdesk.selectors.people_search``).

- pg_trgm and two GIN trigram indexes on the person's name: one for ``%`` (similar, typo-tolerant),
  one for ``UPPER(full_name::text) LIKE`` (a part of the name, Django's ``icontains``);
- the phone number as digits (the expression of ``selectors._phone_expression``);
- the e-mail address as Django's ``iexact`` compares it, and the date of birth.

SQLite (``make run``) has none of these: the search falls back to ``icontains`` there.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS person_name_trgm ON requests_app_person USING gin (full_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS person_name_upper_trgm
    ON requests_app_person USING gin ((UPPER(full_name::text)) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS person_phone_digits
    ON requests_app_person ((regexp_replace(phone, '[^0-9]', '', 'g')));
CREATE INDEX IF NOT EXISTS person_email_upper ON requests_app_person ((UPPER(email::text)));
CREATE INDEX IF NOT EXISTS person_date_of_birth ON requests_app_person (date_of_birth);
"""

DROP = """
DROP INDEX IF EXISTS person_name_trgm;
DROP INDEX IF EXISTS person_name_upper_trgm;
DROP INDEX IF EXISTS person_phone_digits;
DROP INDEX IF EXISTS person_email_upper;
DROP INDEX IF EXISTS person_date_of_birth;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_initial"), ("requests_app", "0004_queue_indexes")]

    operations = [migrations.RunPython(create, drop)]
