"""The KCC console under load: 20 agents taking calls at the same time against PostgreSQL.

gunicorn (4 workers × 2 threads) on loopback; 20 Python threads, each a signed-in agent with its own
keep-alive connection, run the same scripted call over and over: open the console, start a contact,
search the caller, take them, note a question, answer the assistant's first question, tick a signal,
end the contact, pausing about a second between actions as an agent listens and types
(``BENCH_THINK_MS``, 0 for back-to-back requests). Every request is timed (a redirect is a request of
its own). Uses the ``seed_scale``
database (200,000 people) when present, so the searches are realistic.
Target: p95 under 150 ms over all console requests. Prints numbers; exits 1 when the target is missed.

    python benchmarks/bench_kcc_load.py   (or: make bench)
"""

import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
AGENTS = 20
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
# An agent listens and types between two actions; 0 hammers the server with back-to-back requests.
THINK_SECONDS = float(os.environ.get("BENCH_THINK_MS", "1000")) / 1000
TARGET_P95_MS = 150
PASSWORD = "Bench-agent-password-1"  # noqa: S105 - benchmark users only
NAMES = ["Katrien Vermeulen", "Jan Peeters", "Fatima Benali", "Wouter Claes", "Els Maes", "Johan Wuyts"]


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        HTTPS="0",
        STATIC_MANIFEST="0",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        EMAIL_URL="smtp://127.0.0.1:1025",
        DATABASE_URL=os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://root@127.0.0.1:5432/leuvenhelpt_scale"),
        DJANGO_SETTINGS_MODULE="leuvenhelpt.settings",
    )
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        env["REDIS_URL"] = env.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    except OSError:
        env.pop("REDIS_URL", None)
    return env


def prepare(env: dict) -> list[str]:
    """Migrate, make sure the demo catalogue and screening data exist, and 20 agents with a password."""
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-qc", f"CREATE DATABASE {name}"],
        capture_output=True,
        check=False,
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")})
    os.environ.update(DEBUG="0", HTTPS="0", ALLOWED_HOSTS=env["ALLOWED_HOSTS"], EMAIL_URL=env["EMAIL_URL"])
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from accounts import services
    from accounts.models import User
    from assistant.models import Edition
    from people.models import Person

    if not Edition.objects.filter(state="published").exists():
        subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True)
    emails = []
    for number in range(AGENTS):
        email = f"kcc-last-{number}@leuvenhelpt.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=f"Agent {number}")
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            services.user_set_roles(user=user, roles=["kcc_agent"])
        emails.append(email)
    for index, name in enumerate(NAMES):  # a handful of callers to find, also in a small database
        if not Person.objects.filter(full_name=name).exists():
            Person.objects.create(full_name=name, phone=f"0470 00 00 {index:02d}")
    return emails


class Agent:
    """One agent: a keep-alive connection, cookies, the CSRF token of the last form seen."""

    def __init__(self, email: str):
        self.email = email
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors = 0
        self.thinking = False

    def request(self, method: str, path: str, data: dict | None = None, *, label: str = "", htmx: bool = False):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"http://127.0.0.1:{PORT}/",
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: open a new one (counted in the time).
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode()
        elapsed = (time.perf_counter() - start) * 1000
        if label:
            self.times[label].append(elapsed)
            if self.thinking:
                time.sleep(THINK_SECONDS * (0.5 + random.random()))  # noqa: S311 - not for security
        if response.status >= 400:
            self.errors += 1
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key] = val
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return response.status, response.getheader("Location", ""), text

    def sign_in(self) -> None:
        """A signed-in session made as Django's own login makes it (the sign-in form is rate-limited per
        address, and 20 agents share 127.0.0.1)."""
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        from accounts.models import User
        from benchmarks.sessions import passed_second_factor

        user = User.objects.get(email=self.email)
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        passed_second_factor(session, user)  # staff pages need the second factor passed
        session.create()
        self.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        status, _, _ = self.request("GET", "/kcc/")
        assert status == 200, f"{self.email} is not signed in ({status})"

    def call(self, number: int) -> None:
        """One scripted call, as an agent takes it."""
        self.request("GET", "/kcc/", label="console")
        _, location, _ = self.request("POST", "/kcc/contact/nieuw/", {"channel": "phone"}, label="start contact")
        contact = location
        _, _, screen = self.request("GET", contact, label="contact screen")
        name = NAMES[number % len(NAMES)]
        pk = contact.rstrip("/").rsplit("/", 1)[1]
        _, _, results = self.request("POST", "/kcc/zoeken/", {"q": name, "contact": pk}, label="search", htmx=True)
        person = re.search(r"/beller/(\d+)/", results)
        if person:
            # HTMX: the caller's card, the questions and the referral form come back (no page load).
            self.request("POST", f"{contact}beller/{person.group(1)}/", {}, label="take caller", htmx=True)
        self.request("POST", f"{contact}vraag/", {"question-text": "Kan ik hulp krijgen?"}, label="question", htmx=True)
        self.request(
            "POST", f"{contact}assistent/", {"key": "audience", "intake-answer": "citizen"}, label="intake", htmx=True
        )
        # The screening's signals are on the screen the agent has open (no extra page load).
        signal = re.search(r'name="signals" value="(\d+)"', screen)
        self.request("POST", f"{contact}screening/", {"signals": [signal.group(1)]}, label="screening", htmx=True)
        self.request("POST", f"{contact}afronden/", {"close-outcome": "answered"}, label="end contact")


def run(emails: list[str]) -> tuple[dict[str, list[float]], int, int]:
    agents = [Agent(email) for email in emails]
    for agent in agents:
        agent.sign_in()
    for agent in agents:  # warm up: one call each
        agent.call(0)
        agent.times.clear()
    for agent in agents:
        agent.thinking = THINK_SECONDS > 0
    stop = time.monotonic() + SECONDS
    calls = [0]
    lock = threading.Lock()

    def work(agent: Agent, offset: int) -> None:
        number = offset
        if agent.thinking:  # agents do not all click in the same millisecond: start within one pause
            time.sleep(THINK_SECONDS * random.random())  # noqa: S311 - not for security
        while time.monotonic() < stop:
            agent.call(number)
            number += 1
            with lock:
                calls[0] += 1

    threads = [threading.Thread(target=work, args=(agent, i)) for i, agent in enumerate(agents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged: dict[str, list[float]] = defaultdict(list)
    for agent in agents:
        for label, times in agent.times.items():
            merged[label].extend(times)
    return merged, calls[0], sum(agent.errors for agent in agents)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def wait_for(seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def main() -> int:
    env = environment()
    emails = prepare(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "leuvenhelpt.wsgi:application",
            "--workers",
            "4",
            "--threads",
            "2",
            "--keep-alive",
            "30",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for()
        times, calls, errors = run(emails)
    finally:
        server.terminate()
        server.wait(timeout=20)
    everything = [t for values in times.values() for t in values]
    p95 = percentile(everything, 0.95)
    print(f"database: PostgreSQL; cache/sessions: {'Redis' if env.get('REDIS_URL') else 'local memory'}")
    print(
        f"gunicorn 4 workers × 2 threads; {AGENTS} agents for {SECONDS} s, {THINK_SECONDS:.1f} s (±50 %) between "
        f"actions: {calls} calls, {len(everything)} requests"
    )
    for label, values in sorted(times.items()):
        print(
            f"  {label:15} {len(values):5}  median {statistics.median(values):6.1f} ms  "
            f"p95 {percentile(values, 0.95):6.1f} ms"
        )
    good = p95 < TARGET_P95_MS and errors == 0
    print(
        f"all console requests: p95 {p95:.1f} ms, {errors} errors (target p95 < {TARGET_P95_MS} ms, no errors): "
        f"{'OK' if good else 'FAIL'}"
    )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
