"""With Redis unreachable every page still answers: the cache degrades to process memory (logged once),
sessions live in the database, and a message waits in the outbox instead of failing the request."""

import logging
import os

import pytest
from django.core.cache import caches
from django.urls import reverse

from accounts.roles import Role
from leuvenhelpt.cache import DegradingRedisCache

# Nothing listens on port 1: every connection is refused at once, as when Redis is stopped.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "leuvenhelpt.cache.DegradingRedisCache", "LOCATION": DEAD_REDIS},
    }
    yield caches["default"]


@pytest.fixture(autouse=True)
def _no_outage_yet():
    """Each test starts with Redis believed up and an empty fallback memory (both are per process)."""
    from leuvenhelpt import cache

    cache._outages.clear()
    dead_cache()._local.clear()
    yield
    cache._outages.clear()


def dead_cache() -> DegradingRedisCache:
    return DegradingRedisCache(DEAD_REDIS, {})


def test_a_read_is_a_miss_and_writes_keep_working_in_memory(caplog):
    cache = dead_cache()
    with caplog.at_level(logging.WARNING, logger="leuvenhelpt.cache"):
        assert cache.get("a", "default") == "default"
        cache.set("a", 1)
        assert cache.get("a") == 1
        assert cache.add("lock", True) is True and cache.add("lock", True) is False  # allauth's lock still locks
        assert cache.incr("a") == 2
        assert cache.get_or_set("b", 3) == 3
        cache.delete("a")
        assert cache.get("a") is None
        other_thread = dead_cache()  # Django makes a cache object per thread: the outage is the process's
        other_thread.set("b", 4)
        assert other_thread.get("b") == 4 == cache.get("b")
    assert [r.message for r in caplog.records] == [
        "cache: Redis is unreachable (ConnectionError); serving from this process's memory until it answers"
    ]


def test_while_down_redis_is_not_asked_again_for_a_few_seconds(monkeypatch):
    cache = dead_cache()
    cache.get("a")
    calls = []
    monkeypatch.setattr("django.core.cache.backends.redis.RedisCache.get", lambda *a, **k: calls.append(a))
    cache.get("a")
    assert calls == []


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)")
def test_deletes_lost_during_the_outage_are_replayed_when_redis_answers(settings, caplog):
    """An invalidation done while Redis was down must not leave a stale entry behind once it is back."""
    from django.core.cache.backends.redis import RedisCache

    cache = DegradingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-degrade"})
    cache.set("published", "edition-1")
    cache._failed(ConnectionError("down"))  # the outage begins
    cache.delete("published")  # the catalogue changed meanwhile
    cache._outage.down_until = 0  # the retry time has come
    with caplog.at_level(logging.WARNING, logger="leuvenhelpt.cache"):
        assert cache.get("published") is None
    assert "cache: Redis answers again (1 invalidation(s) replayed)" in [r.message for r in caplog.records]
    assert RedisCache.get(cache, "published") is None


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)")
def test_a_session_changed_during_the_outage_is_read_from_the_database_and_not_from_a_stale_copy(settings):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache.backends.redis import RedisCache

    cache = DegradingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-degrade"})
    key = KEY_PREFIX + "abc"
    cache.set(key, {"_auth_user_id": "1"})
    cache._failed(ConnectionError("down"))
    cache.set(key, {})  # signed out meanwhile (written to the database, missed by Redis)
    assert cache.get(key) is None  # never from this process's memory: the session backend reads the database
    cache._outage.down_until = 0
    cache.get("anything")  # Redis answers again
    assert RedisCache.get(cache, key) is None  # the stale signed-in copy is gone


@pytest.mark.django_db
def test_signed_in_pages_answer_without_redis(client, make_user, redis_down):
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(reverse("coordination:queue")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("assistant:start")).status_code in (200, 404)  # 404: no catalogue published


@pytest.mark.django_db
def test_signing_in_works_without_redis_and_still_counts_failures(client, make_user, redis_down):
    user = make_user(Role.CITIZEN, email="an@example.test")
    user.set_password("Een-goed-wachtwoord-1")
    user.save()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "an@example.test", "password": "fout"})
        assert response.status_code == 200
    # Locked for this address and login (counted in this process's memory while Redis is down).
    response = client.post(reverse("account_login"), {"login": "an@example.test", "password": "Een-goed-wachtwoord-1"})
    assert response.status_code in (200, 429) and "_auth_user_id" not in client.session
    # Someone else signs in as usual.
    els = make_user(Role.CITIZEN, email="els@example.test")
    els.set_password("Een-goed-wachtwoord-2")
    els.save()
    response = client.post(reverse("account_login"), {"login": "els@example.test", "password": "Een-goed-wachtwoord-2"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(els.pk)


@pytest.mark.django_db
def test_asking_for_help_is_stored_and_confirmed_when_the_broker_is_down(
    client, monkeypatch, redis_down, django_capture_on_commit_callbacks
):
    from outbox.models import OutboxMessage
    from outbox.tasks import deliver
    from requests_app.models import HelpRequest

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver, "apply_async", refuse)
    data = {
        "needs": ["administration"],
        "description": "Ik kan mijn brieven van de belastingen niet lezen.",
        "urgency": "2",
        "contact_way": "phone",
        "contact_time": "voormiddag",
        "full_name": "Jan Janssens",
        "email": "jan@example.test",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("help:ask"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(response.url).status_code == 200
    request = HelpRequest.objects.get()
    assert OutboxMessage.objects.get(event_key=f"follow-up:{request.pk}").status == "pending"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")
def test_one_redis_client_per_pool_serves_every_call_and_threads():
    """Django's client made a ``redis.Redis`` per call (58 µs each); ours keeps one per connection pool. The calls
    still go through it, from several threads at once."""
    import threading

    cache = DegradingRedisCache(os.environ["REDIS_URL"], {})
    client = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b", write=True) is client
    cache.set("reused-client", 0)
    errors = []

    def count() -> None:
        try:
            for _ in range(50):
                cache.incr("reused-client")
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and cache.get("reused-client") == 200
    cache.delete("reused-client")
