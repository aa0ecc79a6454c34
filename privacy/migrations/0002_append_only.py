"""PostgreSQL: nobody can change or remove an access-log row, not even the application.

(TRUNCATE is not covered: it needs the table owner, and the test runner empties tables with it.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION privacy_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER privacy_accesslog_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslog
    FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS privacy_accesslog_append_only ON privacy_accesslog;
DROP FUNCTION IF EXISTS privacy_accesslog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
