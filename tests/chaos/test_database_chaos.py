"""Chaos: PostgreSQL connections killed (pg_terminate_backend), as in a restart of the database server.

Served by a real WSGI server (pytest-django's live server): Django's test client keeps its connection open
across requests, which is exactly what a server does not do.
"""

import urllib.error
import urllib.request

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from accounts.roles import Role

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def kill_every_connection_of_the_app() -> int:
    """Every backend of the server's threads (not the test's own connection, which cleans up afterwards)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        mine = cursor.fetchone()[0]
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
            [db["NAME"], mine],
        ).fetchall()
    return len(rows)


@pytest.fixture
def browse(live_server, client, make_user):
    """GET a page of the live server as a signed-in coordinator: (status, body)."""
    client.force_login(make_user(Role.COORDINATOR))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def get(path: str) -> tuple[int, str]:
        request = urllib.request.Request(live_server.url + path, headers={"Cookie": cookie})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - the local test server
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    return get


@pytest.mark.urls("tests.chaos.urls_db")
def test_the_request_in_flight_gets_the_dutch_error_page_and_the_next_one_works(browse):
    assert browse("/coordinatie/")[0] == 200
    status, html = browse("/chaos/database-dies/")
    assert status == 500
    assert 'lang="nl"' in html and "Er ging iets mis" in html
    for path in ("/coordinatie/", "/hulp/", "/healthz"):
        assert browse(path)[0] == 200, path


def test_after_every_connection_was_killed_the_next_requests_work_without_a_restart(browse):
    assert browse("/coordinatie/")[0] == 200
    assert kill_every_connection_of_the_app() >= 1
    for _ in range(3):  # each request takes a connection from the pool: none of the dead ones is handed out
        assert browse("/coordinatie/")[0] == 200
    assert '"database": "ok"' in browse("/healthz")[1]
