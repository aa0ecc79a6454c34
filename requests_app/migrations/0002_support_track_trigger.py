"""PostgreSQL: a request can only be (or have been) handled with its support track in the database.

A deferred constraint trigger checks, at commit, that every request in ``support_started`` or
``closed`` has a ``SupportTrack`` row. Together with the check constraint on the start time and
the service that creates both in one transaction, no other path can reach "handled". SQLite has
no such triggers; there the services and the check constraint guard it.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION requests_app_support_track_required() RETURNS trigger AS $$
BEGIN
    IF NEW.state IN ('support_started', 'closed') AND NOT EXISTS (
        SELECT 1 FROM requests_app_supporttrack WHERE request_id = NEW.id
    ) THEN
        RAISE EXCEPTION 'help request % is % without a support track', NEW.reference, NEW.state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER requests_app_support_track_required
    AFTER INSERT OR UPDATE OF state ON requests_app_helprequest
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION requests_app_support_track_required();
"""

DROP = """
DROP TRIGGER IF EXISTS requests_app_support_track_required ON requests_app_helprequest;
DROP FUNCTION IF EXISTS requests_app_support_track_required();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
