"""Chaos: a backup that restores. pg_dump (custom format) of a seeded database, pg_restore into a fresh one,
the same rows; erasures done after the backup are re-applied from the journal."""

import os
import shutil
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from dataprotection.retention import person_anonymise
from privacy.models import AccessLog
from tests.chaos.conftest import ROOT
from tests.factories import PersonFactory, make_request

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def connect(dbname: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=dbname, autocommit=True
    )


def row_counts(dbname: str) -> dict[str, int]:
    with connect(dbname) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        ]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608 - names from the catalogue


def last_access_rows(dbname: str) -> list[tuple]:
    with connect(dbname) as conn:
        return conn.execute(
            "SELECT id, at, actor_id, actor_role, person_id, category, purpose, reference"
            " FROM privacy_accesslog ORDER BY id DESC LIMIT 5"
        ).fetchall()


@pytest.fixture
def restore_db():
    name = connection.settings_dict["NAME"] + "_restore"
    with connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_custom_format_dump_restores_into_a_fresh_database_and_erasures_are_reapplied(
    restore_db, tmp_path, settings, django_capture_on_commit_callbacks
):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are needed (apt-get install postgresql-client)")
    settings.ERASURE_JOURNAL = str(tmp_path / "erasure-journal.txt")
    requests = [
        make_request(person=PersonFactory(full_name=f"Persoon {n}", email=f"p{n}@example.test")) for n in range(5)
    ]
    for request in requests:
        AccessLog.objects.create(
            actor_id=1,
            actor_name="Els",
            actor_role="coordinator",
            person_id=request.person_id,
            category="request",
            purpose="triage",
            reference=request.reference,
        )
    source = connection.settings_dict["NAME"]
    db = connection.settings_dict
    dump = tmp_path / "leuvenhelpt.dump"
    env = os.environ | {"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432), "PGUSER": db["USER"]}
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), source], env=env, check=True, timeout=60)
    counts, last_rows = row_counts(source), last_access_rows(source)

    # After the backup, the data protection officer erases someone.
    erased = requests[0].person
    with django_capture_on_commit_callbacks(execute=True):
        person_anonymise(person=erased)

    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restore_db, str(dump)],
        env=env,
        check=True,
        timeout=120,
    )
    assert row_counts(restore_db) == counts
    assert last_access_rows(restore_db) == last_rows and len(last_rows) == 5
    with connect(restore_db) as conn:  # the backup predates the erasure: the person is back
        assert conn.execute("SELECT full_name FROM requests_app_person WHERE id = %s", [erased.pk]).fetchone() == (
            "Persoon 0",
        )

    reapply = subprocess.run(
        [sys.executable, "manage.py", "erasures_reapply"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        | {
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{restore_db}",
            "ERASURE_JOURNAL": settings.ERASURE_JOURNAL,
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert reapply.stdout.strip().endswith("1 re-applied now."), reapply.stdout + reapply.stderr
    with connect(restore_db) as conn:
        full_name, email, anonymised = conn.execute(
            "SELECT full_name, email, anonymised_at FROM requests_app_person WHERE id = %s", [erased.pk]
        ).fetchone()
    assert anonymised is not None and "Persoon" not in full_name and email == ""
