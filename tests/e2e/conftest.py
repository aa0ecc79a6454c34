"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from tests.conftest import chromium_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here: launch the chromium on PATH.
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE", "viewport": {"width": 1280, "height": 900}}


COPY_SCHEMA = "e2e_demo"  # PostgreSQL: a copy of every table of the seeded database, in the test database


def _flush() -> None:
    """Empty every table, without recreating content types and permissions (the copy brings its own)."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


class DemoCopy:
    """The seeded demo rows, kept once per session and put back before each browser test.

    On PostgreSQL every table is copied into a schema of the test database (``CREATE TABLE … AS TABLE``) and
    restored with one ``INSERT … SELECT`` per table (foreign keys are deferred to the commit): well under a
    second. Elsewhere (SQLite) Django's own serialised copy is loaded, which is slower but the same data."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.serialised = ""

    def keep(self) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {COPY_SCHEMA} CASCADE")
                cursor.execute(f"CREATE SCHEMA {COPY_SCHEMA}")
                for table in _tables():
                    cursor.execute(f'CREATE TABLE {COPY_SCHEMA}."{table}" AS TABLE "{table}"')
        else:
            self.serialised = connection.creation.serialize_db_to_string()

    def restore(self) -> None:
        _flush()  # what the previous test left (its teardown's flush recreates content types with new ids)
        if not self.postgres:
            connection.creation.deserialize_db_from_string(self.serialised)
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in _tables():
                cursor.execute(f'INSERT INTO "{table}" SELECT * FROM {COPY_SCHEMA}."{table}"')  # noqa: S608 - Django's table names
            # The sequences go past the copied ids (a flush may have reset them).
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(statement)

    def drop(self) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {COPY_SCHEMA} CASCADE")


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, as `make run` loads it, made once per session: ``seed_demo`` runs once, its rows are kept
    (``DemoCopy``), and the database goes back to how it was, so the other tests of the session never see them."""
    # The tests' password hasher (tests/conftest.py), so the demo passwords verify as they do in the tests.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    copy = DemoCopy()
    with django_db_blocker.unblock(), fast:
        before = connection.creation.serialize_db_to_string()
        call_command("seed_demo", force=True, stdout=io.StringIO())
        copy.keep()
        _flush()
        connection.creation.deserialize_db_from_string(before)
    yield copy
    with django_db_blocker.unblock():
        copy.drop()


@pytest.fixture
def demo(transactional_db, demo_data, settings):
    """The demo data for one browser test, put into the (flushed) test database that the live server reads;
    the test's changes are flushed again at its end (``transactional_db``)."""
    demo_data.restore()


@pytest.fixture(scope="session")
def axe():
    return Axe()


# The WCAG 2.2 AA rule set (with target size and the other 2.2 rules), plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PHONE_WIDTH = {"width": 375, "height": 740}


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core with the WCAG 2.2 AA rules on the page, at its own width and at phone width: no serious or
    critical violations at either (the page is checked as it is, then at 375 px, then put back)."""

    def problems_of(page) -> list[str]:
        results = axe.run(page, options=AXE_OPTIONS)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    def check(page):
        problems = problems_of(page)
        size = page.viewport_size
        if size and size["width"] > PHONE_WIDTH["width"]:
            page.set_viewport_size(PHONE_WIDTH)
            try:
                problems += [f"[375 px] {problem}" for problem in problems_of(page)]
            finally:
                page.set_viewport_size(size)
        assert problems == [], f"{page.url}:\n" + "\n".join(problems)

    return check
