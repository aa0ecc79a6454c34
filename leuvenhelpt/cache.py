"""Django's Redis cache, keeping one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every
cache call, and redis-py builds its table of response callbacks each time (about
0.2 ms). A client is thread-safe and only wraps the pool, so one per pool is enough.
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class FailoverCache(BaseCache):
    """Redis first; while Redis does not answer, the database cache (``OPTIONS["FALLBACK"]``, an alias of
    ``CACHES``), so what counts — the rate limits on anonymous forms and sign-ins (allauth's counters), the
    sessions (``cached_db``) — keeps working when Redis is down, instead of failing every request.

    A failed call marks Redis down for ``RETRY_AFTER`` seconds (no connection attempt on every call meanwhile)
    and is answered by the database. Counters kept in Redis before the failure are not in the database: a
    limit may start counting afresh once (that is the price; it never lets more than twice the limit through).
    """

    RETRY_AFTER = 30.0

    def __init__(self, server, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK", "database")
        # A short timeout: a Redis that hangs must not hang the page.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        self._primary = ReusingRedisCache(server, {**params, "OPTIONS": options})
        self._down_until = 0.0

    @property
    def _fallback(self):
        from django.core.cache import caches

        return caches[self._fallback_alias]

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(self._primary, name)(*args, **kwargs)
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
                self._down_until = time.monotonic() + self.RETRY_AFTER
                logger.warning("redis cache unavailable, using the database for %ss: %s", self.RETRY_AFTER, error)
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        self._primary.close(**kwargs)
