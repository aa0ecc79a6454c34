"""/inzichten/ at scale: the dashboard for this month, quarter and year, and three years, on PostgreSQL.

Needs ``seed_scale`` data (1,000,000 requests and 200,000 people by default; generated when the
database has fewer). The dashboard reads the daily summary (``insights.models``), which Celery beat
keeps up to date; it is built here first when it is missing, and one incremental refresh is timed.
Measures server time in process (Django's test client, no network), median of repeated requests,
and the queries per page. Target: under 500 ms median for every period.

    python benchmarks/bench_insights.py   (or: make bench)
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_request_queues import RUNS, measure, prepare  # noqa: E402 (sets the environment first)

TARGET_MS = 500


CONTACTS = int(os.environ.get("BENCH_CONTACTS", "500000"))  # KCC contact moments over three years


def main() -> int:
    prepare()
    from datetime import timedelta

    from helpdesk.models import ContactMoment

    have = ContactMoment.objects.count()
    if have < CONTACTS:
        print(f"generating {CONTACTS - have} KCC contact moments (seed_scale --contacts) ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "seed_scale",
                "--requests",
                "0",
                "--people",
                "0",
                "--contacts",
                str(CONTACTS - have),
            ],
            cwd=ROOT,
            check=True,
        )

    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from insights.models import SummaryRun
    from insights.services import summary_refresh
    from requests_app.models import HelpRequest

    run = SummaryRun.objects.filter(refreshed_at__isnull=False).first()
    if run is None:  # never built: the nightly job's full rebuild first
        start = time.perf_counter()
        days = summary_refresh(full=True)
        print(f"full summary rebuild (nightly job): {days} days in {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    days = summary_refresh()
    print(f"incremental refresh (every 15 minutes): {days} days in {time.perf_counter() - start:.2f} s", flush=True)

    manager = User.objects.filter(groups__name="manager").first()
    if manager is None:
        from accounts.demo import seed

        seed(stdout=sys.stdout)
        manager = User.objects.get(email="manager@leuvenhelpt.test")
    client = Client()
    from benchmarks.sessions import sign_in

    # Staff pages need a session that passed the second factor (as after entering the TOTP code).
    sign_in(client, manager)
    today = timezone.localdate()
    pages = [
        ("this month (default)", "/inzichten/"),
        ("this quarter", "/inzichten/?period=quarter"),
        ("this year", "/inzichten/?period=year"),
        ("three years (custom)", f"/inzichten/?period=custom&start={today - timedelta(days=3 * 365)}&end={today}"),
        ("CSV of one table, year", "/inzichten/waiting_by_route.csv?period=year"),
    ]
    print(
        f"PostgreSQL, {HelpRequest.objects.count():,} requests, {ContactMoment.objects.count():,} KCC contact moments; "
        f"median of {RUNS} requests, server time in process"
    )
    ok = True
    for label, url in pages:
        median, queries = measure(client, url)
        good = median < TARGET_MS
        ok &= good
        print(
            f"{label:26} {median:7.1f} ms median, {queries} queries  (target < {TARGET_MS} ms): {'OK' if good else 'FAIL'}"
        )
    print("first view after a refresh (KPI tables not cached yet; median of 10, for information):")
    for label, url in pages[:4]:
        times = []
        for _ in range(10):
            cache.clear()
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        print(f"{label:26} {statistics.median(times):7.1f} ms median")
    print("the KCC tables alone, read from the contact moments (median of 5, for information):")
    from insights import kpis
    from insights.periods import Period, this_year

    for label, period in [
        ("this year", this_year(today)),
        ("three years", Period(today - timedelta(days=3 * 365), today)),
    ]:
        for name in ("contacts_by_channel", "kcc_resolution", "kcc_handoffs"):
            times = []
            for _ in range(5):
                start = time.perf_counter()
                getattr(kpis, name)(period)
                times.append((time.perf_counter() - start) * 1000)
            print(f"{label:12} {name:22} {statistics.median(times):7.1f} ms median")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
