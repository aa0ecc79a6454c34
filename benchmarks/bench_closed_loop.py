"""Closing the loop at scale: the daily follow-up job and the search for a known person / likely duplicates.

Needs PostgreSQL with ``seed_scale`` data (1,000,000 requests and 200,000 people by default; generated when
the database has fewer), in its own database (``BENCH_CLOSEDLOOP_DATABASE_URL``). Measures, in process:

- the follow-up job in steady state: every request due yesterday was asked already (the questions are
  inserted in bulk), one day's worth is due now; ``follow_ups_ask`` asks them (locks, question rows, outbox
  messages) and must finish under 60 s; its selection of what is due, alone, under 500 ms;
- a second run of the job: nothing is due, under 500 ms (it is idempotent);
- ``known_people`` (what every registering door asks first) for a phone number in another format, an
  e-mail address and a name with a date of birth: median under 50 ms;
- ``likely_duplicates`` (the management command's read) over all people: under 10 s.

    python benchmarks/bench_closed_loop.py   (or: make bench)
"""

import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "200000"))
RUNS = 20

os.environ.update(
    DEBUG="0",
    HTTPS="0",
    STATIC_MANIFEST="0",
    SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
    ALLOWED_HOSTS="testserver,localhost",
    EMAIL_URL="console://",  # the job writes outbox rows; their delivery (eager, no broker) prints
    DATABASE_URL=os.environ.get(
        "BENCH_CLOSEDLOOP_DATABASE_URL", "postgres://root@127.0.0.1:5432/leuvenhelpt_scale_closedloop"
    ),
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


def timed(function, runs: int = 1) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def steady_state() -> int:
    """Every request whose support started more than 15 days ago, or that closed more than a day ago (within
    30 days), was asked already; the rest of what is due is one day's worth. Returns how many are due."""
    from django.db import connection

    from requests_app.models import FollowUpQuestion

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM requests_app_followupquestion")
        cursor.execute(
            """
            INSERT INTO requests_app_followupquestion (request_id, moment, channel, created_at, sent_at, answer,
                                                       comment, answered_at)
            SELECT id, 'after_start', 'email', now(), now(), '', '', NULL::timestamptz FROM requests_app_helprequest
            WHERE state = 'support_started' AND support_started_at <= now() - interval '15 days'
            UNION ALL
            SELECT id, 'after_end', 'email', now(), now(), '', '', NULL::timestamptz FROM requests_app_helprequest
            WHERE state = 'closed' AND closed_at <= now() - interval '1 day'
              AND closed_at >= now() - interval '30 days'
            """
        )
        cursor.execute("ANALYZE requests_app_followupquestion")
    return FollowUpQuestion.objects.count()


def main() -> int:
    prepare()
    from django.conf import settings
    from django.utils import timezone

    from people.models import Person
    from people.selectors import known_people, likely_duplicates
    from requests_app.models import FollowUpQuestion, HelpRequest
    from requests_app.services import follow_ups_ask

    print(f"PostgreSQL, {HelpRequest.objects.count():,} requests, {Person.objects.count():,} people")
    ok = True

    asked_before = steady_state()
    due = timezone.now() - timedelta(days=settings.FOLLOW_UP_AFTER_DAYS)
    selection = HelpRequest.objects.filter(
        state="support_started", support_started_at__lte=due, support_started_at__gte=due - timedelta(days=30)
    ).exclude(follow_up_questions__moment="after_start")
    select_ms = timed(lambda: list(selection.values_list("pk", flat=True)), runs=5)
    good = select_ms < 500
    ok &= good
    print(f"follow-up job, selecting what is due    {select_ms:9.1f} ms  (target < 500 ms): {'OK' if good else 'FAIL'}")
    now = timezone.now()  # both runs on the same clock: a second run that day asks nobody again
    start = time.perf_counter()
    asked = follow_ups_ask(now=now)
    job_ms = (time.perf_counter() - start) * 1000
    good = job_ms < 60_000
    ok &= good
    print(
        f"follow-up job, one day's worth          {job_ms:9.1f} ms  ({asked} asked, {asked_before:,} asked before; "
        f"target < 60 s): {'OK' if good else 'FAIL'}"
    )
    again_ms = timed(lambda: follow_ups_ask(now=now))
    again = FollowUpQuestion.objects.count() - asked_before - asked
    good = again_ms < 500 and again == 0
    ok &= good
    print(
        f"follow-up job, run again (nothing due)  {again_ms:9.1f} ms  ({again} asked again; target < 500 ms, none): "
        f"{'OK' if good else 'FAIL'}"
    )

    sample = Person.objects.exclude(phone="").exclude(date_of_birth=None).order_by("pk")[PEOPLE // 2 :].first()
    sample = sample or Person.objects.exclude(phone="").order_by("pk").first()
    phone = "+32 " + sample.phone.lstrip("0")
    for label, kwargs in (
        ("phone in another format", {"full_name": "x", "phone": phone}),
        ("e-mail address", {"full_name": "x", "email": sample.email or "nobody@example.org"}),
        ("name and date of birth", {"full_name": sample.full_name, "date_of_birth": sample.date_of_birth}),
    ):
        median = timed(lambda kwargs=kwargs: known_people(**kwargs), runs=RUNS)
        good = median < 50
        ok &= good
        print(f"known_people: {label:26} {median:9.1f} ms median  (target < 50 ms): {'OK' if good else 'FAIL'}")
    start = time.perf_counter()
    groups = likely_duplicates()
    duplicates_ms = (time.perf_counter() - start) * 1000
    good = duplicates_ms < 10_000
    ok &= good
    print(
        f"likely_duplicates (all people)          {duplicates_ms:9.1f} ms  ({len(groups)} groups; target < 10 s): "
        f"{'OK' if good else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
