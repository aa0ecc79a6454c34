"""Help-request pages at scale: triage queue, a partner's queue and /mijn/aanvragen/ (first page).

Needs PostgreSQL with ``seed_scale`` data (1,000,000 requests and 200,000 people by default; it is
generated when the database has fewer). Measures server time in process (Django's test client,
no network), median of repeated requests, and the queries per page.
Targets: under 50 ms median and at most 8 queries per page.

    python benchmarks/bench_request_queues.py   (or: make bench)
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "200000"))
RUNS = 30

os.environ.update(
    DEBUG="0",
    HTTPS="0",
    STATIC_MANIFEST="0",
    SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
    ALLOWED_HOSTS="testserver,localhost",
    EMAIL_URL="smtp://127.0.0.1:1025",
    DATABASE_URL=os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://root@127.0.0.1:5432/leuvenhelpt_scale"),
    DJANGO_SETTINGS_MODULE="leuvenhelpt.settings",
)
os.environ.pop("REDIS_URL", None)
sys.path.insert(0, str(ROOT))


def prepare() -> None:
    from benchmarks.database import database_create_and_migrate

    manage = [sys.executable, "manage.py"]
    database_create_and_migrate()
    import django

    django.setup()
    from requests_app.models import HelpRequest

    have = HelpRequest.objects.count()
    if have < REQUESTS:
        print(f"generating {REQUESTS - have} requests (seed_scale) ...", flush=True)
        subprocess.run(
            [*manage, "seed_scale", "--requests", str(REQUESTS - have), "--people", str(PEOPLE)], cwd=ROOT, check=True
        )


def measure(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main() -> int:
    prepare()
    from django.test import Client

    from accounts.models import User
    from insights.management.commands.seed_scale import SCALE_USER
    from requests_app.models import HelpRequest

    def signed_in(email: str) -> Client:
        client = Client()
        from benchmarks.sessions import sign_in

        sign_in(client, User.objects.get(email=email))  # staff pages need the second factor passed
        return client

    coordinator = User.objects.filter(groups__name="coordinator").first()
    caseworker = User.objects.filter(groups__name="caseworker").first()
    if coordinator is None or caseworker is None:
        from accounts.demo import seed

        seed(stdout=sys.stdout)
        coordinator = User.objects.get(email="coordinator@leuvenhelpt.test")
        caseworker = User.objects.get(email="hulpverlener@leuvenhelpt.test")
    pages = [
        ("triage queue /coordinatie/", signed_in(coordinator.email), "/coordinatie/"),
        ("partner queue /partners/", signed_in(caseworker.email), "/partners/"),
        ("/mijn/aanvragen/", signed_in(SCALE_USER), "/mijn/aanvragen/"),
    ]
    print(f"PostgreSQL, {HelpRequest.objects.count():,} requests; median of {RUNS} requests, server time in process")
    ok = True
    for label, client, url in pages:
        median, queries = measure(client, url)
        good = median < 50 and queries <= 8
        ok &= good
        print(
            f"{label:32} {median:7.1f} ms median, {queries} queries  (target < 50 ms, <= 8): {'OK' if good else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
