import logging
from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthy(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["broker"] == ("ok" if settings.REDIS_URL else "eager")


@pytest.mark.django_db
def test_database_down_is_503(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "broker": mock.ANY}


@pytest.mark.django_db
def test_broker_down_is_degraded_but_stays_in_rotation(client, settings, caplog):
    """With Redis down the site still answers (mails wait in the outbox): a load balancer must keep it."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with caplog.at_level(logging.WARNING, logger="leuvenhelpt"):
        for _ in range(3):
            response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "error"}
    assert [r.message for r in caplog.records].count("healthz: broker is down") == 1  # once, not per poll


@pytest.mark.django_db
def test_polling_opens_no_new_connection_per_call(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL)")
    from leuvenhelpt.views import _broker_client

    for _ in range(5):
        assert client.get("/healthz").json()["broker"] == "ok"
    pool = _broker_client(settings.REDIS_URL).connection_pool
    assert len(pool._available_connections) + len(pool._in_use_connections) == 1


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


@pytest.mark.django_db
def test_polls_within_a_second_are_answered_from_the_last_check(client, django_assert_num_queries, monkeypatch):
    """A proxy polling every process many times a second costs one database round trip per second, not one per
    poll; once the second is over the next poll checks again (and sees the database gone)."""
    from leuvenhelpt import views

    with django_assert_num_queries(1):
        assert client.get("/healthz").json()["database"] == "ok"
    with django_assert_num_queries(0):
        for _ in range(3):
            assert client.get("/healthz").json()["database"] == "ok"
    monkeypatch.setattr(views, "HEALTH_SECONDS", 0)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        assert client.get("/healthz").status_code == 503
