"""Benchmark: what dropping the client-reuse override of Django's Redis cache costs per cache call.

Run with ``.venv/bin/python benchmarks/bench_cache_client.py`` (needs REDIS_URL, else it says so and passes).
Until issue 13 ``leuvenhelpt.cache`` overrode Django's private ``_get_connection_pool`` to keep one redis-py
client per pool (Django builds a new ``redis.Redis`` per call). Issue 16 asks for no private-API overrides, so
the cache now uses Django's public backend. This measures a ``cache.get`` through it against a ``GET`` on one
long-lived redis-py client over the same pool (what the override did), median of 20,000 calls each.
The target: the difference stays below 0.3 ms per call (a page makes at most a few cache calls).
"""

import os
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
TARGET_MS = 0.3


def _median_ms(call) -> float:
    samples = []
    for _ in range(CALLS):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> int:
    if not os.environ.get("REDIS_URL"):
        print("REDIS_URL is not set: skipped (the cache is in process memory without Redis).")
        return 0
    import django

    django.setup()
    import redis
    from django.core.cache import cache

    cache.set("bench:key", "value")
    stock = _median_ms(lambda: cache.get("bench:key"))
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    raw_key = cache.make_and_validate_key("bench:key")
    reused = _median_ms(lambda: client.get(raw_key))
    extra = stock - reused
    print(f"cache.get through Django's backend: median {stock:.3f} ms")
    print(f"GET on one reused redis-py client:  median {reused:.3f} ms")
    print(f"cost of not reusing the client:     {extra:.3f} ms per call (target < {TARGET_MS} ms)")
    return 0 if extra < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
