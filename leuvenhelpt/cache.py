"""Django's Redis cache, degrading to a cache in this process while Redis cannot be reached.

Every page must answer when Redis is down (issue 13). Django's ``RedisCache`` raises the client's error, and
callers (allauth's rate limits, the assistant's published edition, the KCC reference data, the insights
tables) would answer 500. This backend catches Redis's connection errors, says so in the log **once** (and
once more when Redis answers again) and serves the call from a local in-memory cache instead:

- reads and writes keep working per process, so rate limits still count (per process rather than shared)
  and allauth's ``cache.add`` lock cannot spin;
- while Redis is down it is not asked again for ``RETRY_SECONDS``, so requests are not slowed down by a
  connection timeout each;
- sessions (``cached_db``) are read from the database while Redis is down, never from this process's memory
  (a sign-out in another process takes effect at once);
- the rate limits' counters (allauth's keys ``allauth:rl:…``, also behind ``accounts.ratelimits``) go to the
  database cache (``CACHES["database"]``, table ``leuvenhelpt_cache``) while Redis is down, so a limit stays
  one limit for all processes instead of one per process (issue 14);
- every key written or deleted while Redis was down is deleted there as soon as it answers again, so Redis
  never serves an entry older than the outage (a session ended meanwhile, an invalidated catalogue).

Besides the public cache API, one thing is Django's own internals: Django's client makes a new ``redis.Redis``
object for every cache call (58 µs each on the development machine, most of it building redis-py's table of
response callbacks: a fifth of a question page's time). ``ReusedRedisClients`` keeps one per connection pool;
redis-py's client is safe to share between threads (each command takes a connection from the pool).
``tests/test_redis_down.py`` fails if Django's client changes shape.
"""

import logging
import threading
import time
from functools import wraps

from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_PREFIX
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("leuvenhelpt.cache")

# allauth's rate-limit counters and their locks (allauth.core.internal.ratelimit.get_cache_key) and the cache
# alias that keeps them while Redis is down.
RATE_LIMIT_PREFIX = "allauth:rl:"
SHARED_FALLBACK = "database"

# The errors that mean "Redis is not there", as opposed to a bug in the caller.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Outage:
    """The state of one Redis server, shared by the cache objects of every thread of the process (Django makes
    one per thread), so the outage is logged once and invalidations are replayed once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down = False
        self.down_until = 0.0
        self.lost_deletes: set[tuple[str, int | None]] = set()  # (key, version)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


class ReusedRedisClients(RedisCacheClient):
    """Django's Redis client that keeps one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._reused: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._reused.get(id(pool))
        if client is None:
            client = self._reused[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail fast: a cache that is down must not hold a request for seconds.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, params)
        self._class = ReusedRedisClients
        location = server if isinstance(server, str) else ",".join(server)
        # LocMemCache shares its storage between objects of the same name: one memory per process and server.
        self._local = LocMemCache(f"degraded:{location}", {"OPTIONS": {"MAX_ENTRIES": 10000}})
        with _outages_lock:
            self._outage = _outages.setdefault(location, _Outage())
        self._lock = self._outage.lock

    # -- the state of the connection ----------------------------------------------------------
    def _available(self) -> bool:
        return not self._outage.down or time.monotonic() >= self._outage.down_until

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            first, self._outage.down = not self._outage.down, True
            self._outage.down_until = time.monotonic() + self.RETRY_SECONDS
        if first:
            logger.warning(
                "cache: Redis is unreachable (%s); serving from this process's memory until it answers",
                type(exc).__name__,
            )

    def _recover(self) -> None:
        """Redis may be back: replay the lost writes as deletes first (raises when it is still down)."""
        with self._lock:
            lost, self._outage.lost_deletes = self._outage.lost_deletes, set()
        try:
            for key, version in lost:
                RedisCache.delete(self, key, version=version)
        except UNREACHABLE:
            with self._lock:
                self._outage.lost_deletes |= lost
            raise
        with self._lock:
            was_down, self._outage.down = self._outage.down, False
        if was_down:
            self._local.clear()
            logger.warning("cache: Redis answers again (%d invalidation(s) replayed)", len(lost))


# Writes that Redis missed during an outage: their keys are deleted there when it answers again, so it never
# serves an entry older than what the database or this process wrote meanwhile.
_WRITES = {"add", "set", "touch", "delete", "incr", "set_many", "delete_many"}


def _keys(name: str, args: tuple) -> list:
    if name in ("set_many",):
        return list(args[0].keys())
    if name in ("delete_many", "get_many"):
        return list(args[0])
    return [args[0]]


def _degrading(name: str):
    redis_method = getattr(RedisCache, name)
    local_method = getattr(LocMemCache, name)

    @wraps(redis_method)
    def method(self, *args, **kwargs):
        if self._available():
            try:
                if self._outage.down:
                    self._recover()  # before anything is read from Redis again
                return redis_method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                self._failed(exc)
        keys = _keys(name, args)
        if name in _WRITES:
            version = kwargs.get("version")
            with self._lock:
                self._outage.lost_deletes |= {(key, version) for key in keys}
        if any(str(key).startswith(RATE_LIMIT_PREFIX) for key in keys):
            # Counted in the database meanwhile: shared by every process, like in Redis.
            return getattr(caches[SHARED_FALLBACK], name)(*args, **kwargs)
        if any(str(key).startswith(SESSION_PREFIX) for key in keys):
            # Sessions are read from the database while Redis is down, never from one process's memory: a
            # sign-out in another process must take effect at once.
            return {"get": kwargs.get("default", args[1] if len(args) > 1 else None), "get_many": {}}.get(name)
        return local_method(self._local, *args, **kwargs)

    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many"):
    setattr(DegradingRedisCache, _name, _degrading(_name))


def _clear(self):
    """Only ever the whole cache database on purpose (tests); an outage leaves nothing to clear in Redis."""
    self._local.clear()
    try:
        return RedisCache.clear(self)
    except UNREACHABLE as exc:
        self._failed(exc)
        return False


DegradingRedisCache.clear = _clear
