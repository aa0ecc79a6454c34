"""A visitor who only reads the front doors writes nothing: no session (row or cached copy) and no database row,
on PostgreSQL with the sessions and caches in Redis as in production. Both the first visitor of a page (rendered)
and the next ones (served from the page kept in memory, leuvenhelpt.pagecache) are checked."""

import os
import re
from importlib import import_module

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

FRONT_DOORS = ["/", "/hulp/", "/assistent/", "/assistent/producten/", "/accounts/login/"]
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def redis_client(settings):
    if not settings.REDIS_URL:
        message = "needs Redis (set REDIS_URL)"
        pytest.fail(f"{message}: CI must run it") if os.environ.get("CI") else pytest.skip(message)
    return redis.Redis.from_url(settings.REDIS_URL)


def session_keys(client) -> set[bytes]:
    return set(client.scan_iter(match="*django.contrib.sessions*"))


@pytest.mark.parametrize("path", FRONT_DOORS)
def test_reading_a_front_door_writes_no_session_and_no_row(path, published_catalogue, redis_client, monkeypatch):
    assert "cached_db" in settings.SESSION_ENGINE and "Redis" in settings.CACHES["default"]["BACKEND"]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    saved = []
    original_save = store.save

    def recording_save(self, *args, **kwargs):
        saved.append(self.session_key)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(store, "save", recording_save)
    sessions_before, cached_before = Session.objects.count(), session_keys(redis_client)
    for _visitor in range(3):  # the first renders the page, the next get the kept one
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(path)
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        writes = [query["sql"] for query in queries if WRITE.match(query["sql"])]
        assert writes == [], writes
    assert saved == []
    assert Session.objects.count() == sessions_before
    assert session_keys(redis_client) == cached_before
