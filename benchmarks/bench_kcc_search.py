"""The KCC caller search at scale: 200,000 people and 1,000,000 requests (``seed_scale``).

Needs PostgreSQL; the data is generated when the database has less. Measures the search as the console
calls it (``/kcc/zoeken/`` as an HTMX partial: parse, search, open requests and last contacts, render),
server time in process with Django's test client, median of repeated requests, and its queries.
Targets: under 30 ms median for every kind of search, at most 6 queries whatever the number of results.

    python benchmarks/bench_kcc_search.py   (or: make bench)
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
TARGET_MS, MAX_QUERIES = 30, 6

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
    from people.models import Person
    from requests_app.models import HelpRequest

    have = HelpRequest.objects.count()
    people = Person.objects.count()
    if have < REQUESTS or people < PEOPLE:
        print(f"generating {max(REQUESTS - have, 1)} requests and {PEOPLE} people (seed_scale) ...", flush=True)
        subprocess.run(
            [*manage, "seed_scale", "--requests", str(max(REQUESTS - have, 1)), "--people", str(PEOPLE)],
            cwd=ROOT,
            check=True,
        )


def measure(client, query: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/kcc/zoeken/"
    for _ in range(3):
        assert client.post(url, {"q": query}, HTTP_HX_REQUEST="true").status_code == 200
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.post(url, {"q": query}, HTTP_HX_REQUEST="true")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"q": query}, HTTP_HX_REQUEST="true")
    found = response.content.decode().count('class="kcc-result"')
    return statistics.median(times), len(queries), found


def main() -> int:
    prepare()
    from django.test import Client

    from accounts.models import User
    from people.models import Person
    from requests_app.models import HelpRequest

    agent = User.objects.filter(groups__name="kcc_agent").first()
    if agent is None:
        from accounts.demo import seed

        seed(stdout=sys.stdout)
        agent = User.objects.get(email="kcc@leuvenhelpt.test")
    client = Client()
    from benchmarks.sessions import sign_in

    sign_in(client, agent)  # staff pages need the second factor passed
    sample = Person.objects.filter(date_of_birth__isnull=False).order_by("pk")[12345]
    reference = HelpRequest.objects.filter(state="triage").values_list("reference", flat=True).first()
    searches = [
        ("name with a typo", "Katrien Vermeulenn"),
        ("part of a name", "vanderstr"),
        ("first and last name", sample.full_name),
        ("phone number", sample.phone[:4] + " " + sample.phone[4:]),
        ("date of birth", sample.date_of_birth.strftime("%d/%m/%Y")),
        ("e-mail address", "niemand@voorbeeld.be"),
        ("reference code", reference),
    ]
    print(
        f"PostgreSQL, {Person.objects.count():,} people, {HelpRequest.objects.count():,} requests; "
        f"median of {RUNS} searches, server time in process"
    )
    ok = True
    for label, query in searches:
        median, queries, found = measure(client, query)
        good = median < TARGET_MS and queries <= MAX_QUERIES
        ok &= good
        print(
            f"{label:22} {median:6.1f} ms median, {queries} queries, {found:2} found "
            f"(target < {TARGET_MS} ms, <= {MAX_QUERIES}): {'OK' if good else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
