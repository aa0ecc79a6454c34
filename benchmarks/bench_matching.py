"""Ranking the volunteer candidates for a request at scale.

Needs PostgreSQL with ``seed_scale --volunteers`` data (20,000 volunteers by default; generated when the
database has fewer). Ranks the candidates for requests with different tasks, areas, languages and time
windows: server time in process, median of repeated runs, and the queries per ranking (constant: the ranking and the accounts shown)
and per matching page. Target: under 50 ms median per ranking, two queries.

    python benchmarks/bench_matching.py   (or: make bench)
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOLUNTEERS = int(os.environ.get("BENCH_VOLUNTEERS", "20000"))
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

# (task, area, language, weekday, from, until, regular)
TASKS = [
    ("shopping", "3010", "ar", 1, 14, 16, False),
    ("visit", "3000", "nl", 2, 9, 11, True),
    ("lift", "3001", "fr", 4, 13, 15, False),
    ("digital", "3012", "tr", 5, 18, 20, False),
    ("paperwork", "3018", "nl", 0, 10, 12, True),
]


def prepare() -> None:
    from benchmarks.database import database_create_and_migrate

    manage = [sys.executable, "manage.py"]
    database_create_and_migrate()
    import django

    django.setup()
    from volunteers.models import VolunteerProfile

    have = VolunteerProfile.objects.count()
    if have < VOLUNTEERS:
        print(f"generating {VOLUNTEERS - have} volunteers (seed_scale) ...", flush=True)
        subprocess.run(
            [*manage, "seed_scale", "--requests", "10", "--people", "10", "--volunteers", str(VOLUNTEERS - have)],
            cwd=ROOT,
            check=True,
        )


def requests_in_matching() -> list:
    """One request in matching per task above (made once through the services, found again later)."""
    from datetime import time as clock
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from people.models import Person
    from requests_app import services as request_services
    from volunteers import services
    from volunteers.models import VolunteerTask

    coordinator = User.objects.filter(groups__name="coordinator").first()
    if coordinator is None:
        from accounts.demo import seed

        seed(stdout=sys.stdout)
        coordinator = User.objects.get(email="coordinator@leuvenhelpt.test")
    today = timezone.localdate()

    def when(weekday: int, regular: bool) -> dict:
        # A one-off task on the next such weekday; a weekly one for three months.
        if regular:
            return {"weekday": weekday, "valid_from": today, "valid_until": today + timedelta(days=91)}
        return {"on": today + timedelta(days=(weekday - today.weekday()) % 7)}

    tasks = []
    for index, (task_type, area, language, weekday, start, end, regular) in enumerate(TASKS):
        name = f"Benchmark Matching {index}"
        task = VolunteerTask.objects.filter(request__person__full_name=name).select_related("request").first()
        if task is None:
            person = Person.objects.create(full_name=name, phone="016 00 00 00", postcode=area)
            request = request_services.request_submit(
                person=person, channel="phone", needs=["food"], description="Benchmark"
            )
            request_services.request_take_up(request=request, actor=coordinator)
            request_services.request_route_to_volunteers(request=request, actor=coordinator)
            task = services.task_save(
                request=request,
                actor=coordinator,
                task_type=task_type,
                area=area,
                language=language,
                start=clock(start),
                end=clock(end),
                regular=regular,
                **when(weekday, regular),
                summary="Benchmark",
            )
        tasks.append(task)
    return tasks, coordinator


def main() -> int:
    prepare()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from volunteers.models import VolunteerProfile
    from volunteers.selectors import rank_candidates

    tasks, coordinator = requests_in_matching()
    total = VolunteerProfile.objects.count()
    load = os.getloadavg()[0]
    print(f"PostgreSQL, {total:,} volunteers; median of {RUNS} rankings, server time in process")
    print(f"(machine load average {load:.1f} on {os.cpu_count()} cores: timings grow with it)")
    ok = True
    for task in tasks:
        for _ in range(3):
            rank_candidates(task=task)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            ranked = rank_candidates(task=task)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            ranked = rank_candidates(task=task)
        median = statistics.median(times)
        good = median < 50 and len(queries) == 2
        ok &= good
        eligible = ranked[0].total if ranked else 0
        label = f"{task.task_type} {task.area} {task.language} day {task.weekday} {task.start:%H}-{task.end:%H}"
        print(
            f"rank {label:34} {median:6.1f} ms median ({min(times):5.1f} min), {len(queries)} queries, "
            f"{eligible:5} eligible "
            f"(target < 50 ms, 2 queries): {'OK' if good else 'FAIL'}"
        )
    client = Client()
    from benchmarks.sessions import sign_in

    sign_in(client, coordinator)  # staff pages need the second factor passed
    url = f"/vrijwilligers/coordinatie/aanvraag/{tasks[0].request.reference}/"
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    page_median = statistics.median(times)
    good = len(queries) <= 12
    ok &= good
    print(
        f"matching page {url:40} {page_median:6.1f} ms median, {len(queries)} queries "
        f"(target <= 12 queries): {'OK' if good else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
