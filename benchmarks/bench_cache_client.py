"""Benchmark: what a cache call costs through Django's Redis backend as shipped, through ours, and as a raw GET.

Run with ``.venv/bin/python benchmarks/bench_cache_client.py`` (uses Redis on 127.0.0.1:6379 or REDIS_URL; without
Redis it says so and passes). Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every call. Until
issue 13 ``leuvenhelpt.cache`` kept one client per pool; issue 16 dropped that (no private API) at 0.08 ms per
call; issue 20 found it a fifth of the assistant's question page and brought it back as
``leuvenhelpt.cache.ReusedRedisClients`` (tested in tests/test_redis_down.py). Median of 20,000 calls each:
Django's stock backend, the site's cache (``caches["default"]``), and a ``GET`` on one long-lived redis-py
client. Target: the site's cache costs less than 0.03 ms more than the raw ``GET``.
"""

import os
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leuvenhelpt.settings")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("EMAIL_URL", "console://")

CALLS = 20_000
TARGET_MS = 0.03


def _median_ms(call) -> float:
    samples = []
    for _ in range(CALLS):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> int:
    if not os.environ.get("REDIS_URL"):
        try:  # `make bench` on a machine with Redis: use it, as the other benchmarks do
            socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
            os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/0"
        except OSError:
            print("Redis does not answer on 127.0.0.1:6379 and REDIS_URL is not set: skipped.")
            return 0
    import django

    django.setup()
    import redis
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    cache.set("bench:key", "value")
    stock_backend = RedisCache(os.environ["REDIS_URL"], {})
    stock = _median_ms(lambda: stock_backend.get("bench:key"))
    ours = _median_ms(lambda: cache.get("bench:key"))
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    raw_key = cache.make_and_validate_key("bench:key")
    raw = _median_ms(lambda: client.get(raw_key))
    print(f"cache.get through Django's stock backend: median {stock:.3f} ms (a new redis.Redis per call)")
    print(f"cache.get through the site's cache:       median {ours:.3f} ms")
    print(f"GET on one long-lived redis-py client:     median {raw:.3f} ms")
    extra = ours - raw
    print(f"the site's cache over a raw GET:           {extra:.3f} ms per call (target < {TARGET_MS} ms)")
    return 0 if extra < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
