"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connection
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


def _flush() -> None:
    """Empty every table, without recreating content types and permissions (the copy brings its own)."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker) -> str:
    """The demo data, as `make run` loads it, made once per session: ``seed_demo`` runs once, its rows are
    kept as a serialised copy, and the database goes back to how it was, so the other tests of the session
    never see the demo rows."""
    # The tests' password hasher (tests/conftest.py), so the demo passwords verify as they do in the tests.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        before = connection.creation.serialize_db_to_string()
        call_command("seed_demo", force=True, stdout=io.StringIO())
        seeded = connection.creation.serialize_db_to_string()
        _flush()
        connection.creation.deserialize_db_from_string(before)
    return seeded


@pytest.fixture
def demo(transactional_db, demo_data, settings):
    """The demo data for one browser test: the session's copy loaded into the (flushed) test database, which
    the live server reads; the test's changes are flushed again at its end (``transactional_db``)."""
    _flush()  # what the previous test left (its teardown's flush recreates content types with new ids)
    connection.creation.deserialize_db_from_string(demo_data)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page: no serious or critical violations."""

    def check(page):
        results = axe.run(page)
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert problems == [], f"{page.url}:\n" + "\n".join(problems)

    return check
