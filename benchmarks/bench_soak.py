"""Soak: ten minutes of mixed traffic while Redis is stopped for 30 seconds and the worker is killed once.

gunicorn (2 workers × 4 threads) on loopback, a Celery worker and beat (the outbox sweep), a private
redis-server and an SMTP sink (aiosmtpd), all on free ports, against PostgreSQL (``BENCH_SOAK_DATABASE_URL``,
default ``leuvenhelpt_soak``: created, migrated and seeded with the demo data when new). ``SOAK_CLIENTS``
threads (default 6) loop over a mix: citizen pages (home, assistant, the /hulp/ form), anonymous /hulp/
posts with a unique e-mail address (each one a follow-up mail), the coordinators' queue and the KCC console.
At 30 % of the run Redis is stopped for 30 s; at 60 % the worker gets SIGKILL and is started again 10 s later.
After the traffic the outbox gets up to three minutes to drain.

Prints requests, errors by status, p50/p95/p99, mails created vs. delivered and duplicates. Fails (exit 1)
on any 5xx, created ≠ delivered or a duplicate. ``SOAK_SECONDS`` shortens the run (e.g. 120 for a try-out).

    python benchmarks/bench_soak.py   (or: make bench)
"""

import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `from benchmarks.… import …` when run as a script
SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "6"))
REDIS_DOWN_SECONDS = 30
DRAIN_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """The SMTP relay: counts what it accepted per recipient."""

    def __init__(self):
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received[recipient] += 1
        return "250 Message accepted for delivery"


class Stack:
    def __init__(self):
        self.redis_port, self.smtp_port, self.web_port = free_port(), free_port(), free_port()
        self.scratch = Path(tempfile.mkdtemp(prefix="lh-soak-"))
        self.env = dict(os.environ)
        self.env.update(
            DEBUG="0",
            HTTPS="0",
            STATIC_MANIFEST="0",
            SECRET_KEY="soak-benchmark-secret-key-" + "x" * 30,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=os.environ.get("BENCH_SOAK_DATABASE_URL", "postgres://root@127.0.0.1:5432/leuvenhelpt_soak"),
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            EMAIL_URL=f"smtp://127.0.0.1:{self.smtp_port}",
            LOG_FORMAT="plain",
            # Each simulated visitor comes from an address of its own (X-Forwarded-For behind one proxy), so the
            # per-address limits on /hulp/ (5 per 10 minutes) count visitors, not the benchmark machine.
            NUM_PROXIES="1",
            LOG_LEVEL="WARNING",
            ERASURE_JOURNAL=str(self.scratch / "erasures.txt"),
            DJANGO_SETTINGS_MODULE="leuvenhelpt.settings",
        )
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.redis = self.web = self.worker = self.beat = self.smtp = None
        self.sink = Sink()

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def prepare(self) -> None:
        from benchmarks.database import database_create

        database_create(self.env["DATABASE_URL"])
        self.start_redis()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo", "--force")  # a benchmark database of its own, with DEBUG off

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(timeout=10)

    def celery(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "celery", "-A", "leuvenhelpt", *args], cwd=ROOT, env=self.env)

    def start_worker(self) -> None:
        self.worker = self.celery("worker", "--pool=solo", "--loglevel=error", "--without-mingle", "--without-gossip")

    def start_beat(self) -> None:
        """Beat runs apart from the worker, as in production (the worker is the one that gets killed)."""
        self.beat = self.celery("beat", "--loglevel=error", f"--schedule={self.scratch / 'beat-schedule'}")

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        self.web = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "leuvenhelpt.wsgi",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=self.env,
        )
        self.start_worker()
        self.start_beat()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.web_port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        for process in (self.web, self.worker, self.beat, self.redis):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()  # a worker in warm shutdown waiting for a broker that is gone
                    process.wait(timeout=10)
        if self.smtp:
            self.smtp.stop()


def staff_cookie(env: dict, role: str) -> str:
    """A session of the first demo user with ``role``, past the second factor (the sign-in form is rate-limited
    per address, and every client shares 127.0.0.1)."""
    code = (
        "import django; django.setup()\n"
        "from importlib import import_module\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from accounts.models import User\n"
        "from benchmarks.sessions import passed_second_factor\n"
        f"user = User.objects.filter(groups__name={role!r}, is_active=True).first()\n"
        "session = import_module(settings.SESSION_ENGINE).SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "passed_second_factor(session, user)\n"
        "session.create()\n"
        "print(session.session_key)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


class Client:
    def __init__(self, port: int, stats: "Stats", session: str = "", address: str = "10.0.0.1"):
        self.port, self.stats, self.address = port, stats, address
        self.cookies = {"sessionid": session} if session else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"http://127.0.0.1:{self.port}/",
            "X-Forwarded-For": self.address,
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode()
                status = response.status
                break
            except (OSError, http.client.HTTPException):
                # The server closed an idle keep-alive connection: a browser opens a new one and sends again.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    self.stats.record("connection error", (time.perf_counter() - start) * 1000)
                    return 0, "", ""
        self.stats.record(status, (time.perf_counter() - start) * 1000)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                key, _, val = value.split(";", 1)[0].partition("=")
                self.cookies[key] = val
        return status, response.getheader("Location", "") or "", text


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.statuses: Counter = Counter()
        self.asked: list[str] = []

    def record(self, status, ms: float) -> None:
        with self.lock:
            self.times.append(ms)
            self.statuses[status] += 1


def ask_for_help(client: Client, number: int, stats: Stats) -> None:
    _, _, form = client.request("GET", "/hulp/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if not token:
        return
    email = f"soak-{number}@example.test"
    status, location, _ = client.request(
        "POST",
        "/hulp/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "needs": ["administration"],
            "description": "Ik kan mijn brieven niet lezen.",
            "urgency": "2",
            "contact_way": "phone",
            "contact_time": "voormiddag",
            "full_name": f"Soak {number}",
            "email": email,
            "consent": "on",
        },
    )
    if status == 302:
        with stats.lock:
            stats.asked.append(email)
        client.request("GET", location)


def traffic(stack: Stack, stats: Stats, stop: threading.Event, index: int, cookies: dict[str, str]) -> None:
    rng = random.Random(index)  # noqa: S311 - traffic mix, not security
    citizen = Client(stack.web_port, stats)
    coordinator = Client(stack.web_port, stats, cookies["coordinator"])
    agent = Client(stack.web_port, stats, cookies["kcc_agent"])
    number = 0
    while not stop.is_set():
        pick = rng.random()
        if pick < 0.4:
            citizen.request("GET", rng.choice(["/", "/assistent/", "/hulp/", "/privacyverklaring/"]))
        elif pick < 0.6:
            visitor = index * 1_000_000 + number  # a new visitor each time, from an address of their own
            address = f"10.{index + 1}.{number // 250 % 250}.{number % 250 + 1}"
            ask_for_help(Client(stack.web_port, stats, address=address), visitor, stats)
            number += 1
        elif pick < 0.8:
            coordinator.request("GET", "/coordinatie/")
        else:
            agent.request("GET", "/kcc/")
        time.sleep(rng.uniform(0.05, 0.25))


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0.0)


def main() -> int:
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        print("aiosmtpd is not installed (make install): skipped.")
        return 0
    stack = Stack()
    print(f"soak: {SECONDS} s, {CLIENTS} clients, Redis down {REDIS_DOWN_SECONDS} s at 30 %, worker killed at 60 %")
    try:
        stack.prepare()
        stack.start()
        return run(stack)
    finally:
        stack.stop()


def run(stack: Stack) -> int:
    stats, stop = Stats(), threading.Event()
    cookies = {role: staff_cookie(stack.env, role) for role in ("coordinator", "kcc_agent")}
    threads = [
        threading.Thread(target=traffic, args=(stack, stats, stop, i, cookies), daemon=True) for i in range(CLIENTS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    events = []
    try:
        time.sleep(SECONDS * 0.3)
        stack.stop_redis()
        events.append(f"{time.monotonic() - started:.0f} s: Redis stopped")
        time.sleep(REDIS_DOWN_SECONDS)
        stack.start_redis()
        events.append(f"{time.monotonic() - started:.0f} s: Redis started")
        time.sleep(max(0.0, SECONDS * 0.6 - (time.monotonic() - started)))
        stack.worker.send_signal(signal.SIGKILL)
        stack.worker.wait(timeout=10)
        events.append(f"{time.monotonic() - started:.0f} s: worker killed")
        time.sleep(10)
        stack.start_worker()
        events.append(f"{time.monotonic() - started:.0f} s: worker started")
        time.sleep(max(0.0, SECONDS - (time.monotonic() - started)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    asked = set(stats.asked)
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline and not asked <= set(stack.sink.received):
        time.sleep(2)
    drained = time.monotonic() - (deadline - DRAIN_SECONDS)
    time.sleep(5)  # a late duplicate would show up now

    delivered = {to: n for to, n in stack.sink.received.items() if to in asked}
    duplicates = sum(n - 1 for n in delivered.values())
    errors = {status: n for status, n in stats.statuses.items() if status == "connection error" or status >= 400}
    print("\n".join(events))
    print(f"requests: {sum(stats.statuses.values())} ({sum(stats.statuses.values()) / SECONDS:.1f}/s)")
    print(f"by status: {dict(sorted(stats.statuses.items(), key=str))}")
    print(f"errors: {errors or 'none'}")
    print(
        f"latency ms: p50 {percentile(stats.times, 50):.0f}, p95 {percentile(stats.times, 95):.0f}, "
        f"p99 {percentile(stats.times, 99):.0f}"
    )
    print(f"mails created: {len(asked)}, delivered: {len(delivered)}, duplicates: {duplicates}")
    print(f"outbox drained {drained:.0f} s after the traffic stopped")
    server_errors = sum(n for status, n in stats.statuses.items() if isinstance(status, int) and status >= 500)
    ok = server_errors == 0 and len(delivered) == len(asked) and duplicates == 0
    print("target met" if ok else "TARGET MISSED: 5xx, a lost mail or a duplicate")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
