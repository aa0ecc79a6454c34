"""A full shift under load: 20 KCC agents, 5 coordinators and 5 caseworkers working at once on the scale database.

gunicorn (4 sync workers, as leuvenhelpt/gunicorn_conf.py runs it) on loopback against PostgreSQL with
1,000,000 requests and 200,000 people (``seed_scale``, generated when the database has less: about 4 minutes;
``BENCH_REQUESTS``/``BENCH_PEOPLE`` for a smaller try-out) and Redis when it answers. 30 Python threads, each a
signed-in member of staff, repeat their own script, pausing about a second between actions as people listen
and type (``BENCH_THINK_MS``, 0 for back-to-back requests):

- a KCC agent takes a call: the console, start a contact, search the caller, take them, note a question,
  answer the assistant's first question, tick a signal, end the contact;
- a coordinator works the triage queue: the queue, a filtered queue, the next page, a request, a note on it;
- a caseworker works their organisation's referrals: the list, the next page, a referral.

Every request is timed (a redirect is a request of its own). The benchmark prepares its own data (the
catalogue, the staff accounts and their organisations) and needs no other benchmark or ``seed_demo``.
Prints p50/p95/p99 per page and the resident memory of every gunicorn worker, sampled through the run.
The measured minute follows two minutes of the same work, not counted (``BENCH_WARMUP_SECONDS``): a new worker's
resident memory rises by about 6 MB over its first ~700 requests as the allocator settles and is flat after
that (docs/performance.md, "Memory"). Targets: every page p95 < 150 ms and p99 < 400 ms, no errors, and no
worker's memory grows between the first and the last 20 s (more than 1 %). Exits 1 when a target is missed.

    python benchmarks/bench_kcc_load.py   (or: make bench)    BENCH_SECONDS=60 BENCH_WARMUP_SECONDS=120
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
sys.path.insert(0, str(ROOT))  # `from benchmarks.… import …` when run as a script
PORT = 8766
AGENTS, COORDINATORS, CASEWORKERS = 20, 5, 5
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "200000"))
# Staff listen and type between two actions; 0 hammers the server with back-to-back requests.
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "120"))
THINK_SECONDS = float(os.environ.get("BENCH_THINK_MS", "1000")) / 1000
TARGET_P95_MS, TARGET_P99_MS = 150, 400
MEMORY_WINDOW = 20  # seconds at the start and at the end of the run whose memory is compared
MEMORY_GROWTH = 0.01
PASSWORD = "Bench-agent-password-1"  # noqa: S105 - benchmark users only
NAMES = ["Katrien Vermeulen", "Jan Peeters", "Fatima Benali", "Wouter Claes", "Els Maes", "Johan Wuyts"]
REFERENCE = re.compile(r'href="/coordinatie/(LH-[0-9A-F]+-\d+)/"')
REFERRAL = re.compile(r'href="/partners/(\d+)/"')


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
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        env["REDIS_URL"] = env.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    except OSError:
        env.pop("REDIS_URL", None)
    return env


def _account(email: str, name: str, roles: list[str]):
    from allauth.account.models import EmailAddress

    from accounts import services
    from accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        services.user_set_roles(user=user, roles=roles)
    return user


def prepare(env: dict) -> dict[str, list[str]]:
    """Migrate, generate the scale data when missing, publish the Leuven catalogue when none is, and make the
    staff: 20 agents, 5 coordinators, 5 caseworkers each in an organisation with referrals."""
    from benchmarks.database import database_create_and_migrate

    manage = [sys.executable, "manage.py"]
    database_create_and_migrate(env)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")})
    os.environ.update(DEBUG="0", HTTPS="0", ALLOWED_HOSTS=env["ALLOWED_HOSTS"], EMAIL_URL=env["EMAIL_URL"])
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from accounts import services
    from accounts.roles import Role
    from assistant.demo import LEUVEN_CATALOGUE
    from assistant.engine import load_catalogue_text
    from assistant.models import Edition
    from assistant.services import edition_import
    from people.models import Person
    from requests_app.models import HelpRequest, Referral

    have, people = HelpRequest.objects.count(), Person.objects.count()
    if have < REQUESTS or people < PEOPLE:
        print(f"generating {REQUESTS - have} requests and {PEOPLE} people (seed_scale) ...", flush=True)
        subprocess.run(
            [*manage, "seed_scale", "--requests", str(max(REQUESTS - have, 1)), "--people", str(PEOPLE)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    if not Edition.objects.filter(state=Edition.State.PUBLISHED).exists():
        edition_import(document=load_catalogue_text(LEUVEN_CATALOGUE.read_text()), publish=True)
    staff: dict[str, list[str]] = {"agent": [], "coordinator": [], "caseworker": []}
    for number in range(AGENTS):
        staff["agent"].append(
            _account(f"kcc-last-{number}@leuvenhelpt.test", f"Agent {number}", [Role.KCC_AGENT]).email
        )
    for number in range(COORDINATORS):
        user = _account(f"coordinatie-last-{number}@leuvenhelpt.test", f"Coordinator {number}", [Role.COORDINATOR])
        staff["coordinator"].append(user.email)
    # Partner organisations with referrals waiting for an answer, one caseworker each (round robin).
    busiest = list(
        Referral.objects.filter(status=Referral.Status.PROPOSED)
        .values_list("organization", flat=True)
        .order_by("organization")
        .distinct()[:CASEWORKERS]
    )
    from guardian.shortcuts import assign_perm

    from accounts.models import Organization
    from requests_app.selectors import QUEUE_PAGE_SIZE, partner_queue

    for number in range(CASEWORKERS):
        user = _account(f"partner-last-{number}@leuvenhelpt.test", f"Caseworker {number}", [])
        if busiest and not user.memberships.exists():
            organization = Organization.objects.get(pk=busiest[number % len(busiest)])
            services.membership_add(user=user, organization=organization)
        organization = user.organizations.first()
        shown = list(partner_queue(user)[: 2 * QUEUE_PAGE_SIZE]) if organization else []
        if shown and not user.has_perm("requests_app.view_referral", shown[0]):
            # seed_scale writes its referrals in SQL, without the object permissions that referring grants: the
            # first pages of the list get them here, as if each had been referred through the service.
            assign_perm(
                "requests_app.view_referral", organization.group, Referral.objects.filter(pk__in=[r.pk for r in shown])
            )
            assign_perm(
                "requests_app.view_helprequest",
                organization.group,
                HelpRequest.objects.filter(pk__in=[r.request_id for r in shown]),
            )
        staff["caseworker"].append(user.email)
    for index, full_name in enumerate(NAMES):  # a handful of callers to find, also in a small database
        if not Person.objects.filter(full_name=full_name).exists():
            Person.objects.create(full_name=full_name, phone=f"0470 00 00 {index:02d}")
    return staff


class Staff:
    """One member of staff: a connection, cookies, the CSRF token of the last form seen."""

    role = ""

    def __init__(self, email: str):
        self.email = email
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
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
            # The server closed the connection (a sync worker does after each answer): open a new one (timed too).
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
            self.errors[label or path] += 1
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
        status, _, _ = self.request("GET", self.home)
        assert status == 200, f"{self.email} is not signed in ({status})"


class Agent(Staff):
    home = "/kcc/"

    def work(self, number: int) -> None:
        """One scripted call, as an agent takes it."""
        self.request("GET", "/kcc/", label="kcc console")
        _, location, _ = self.request("POST", "/kcc/contact/nieuw/", {"channel": "phone"}, label="kcc start contact")
        contact = location
        _, _, screen = self.request("GET", contact, label="kcc contact screen")
        name = NAMES[number % len(NAMES)]
        pk = contact.rstrip("/").rsplit("/", 1)[1]
        _, _, results = self.request("POST", "/kcc/zoeken/", {"q": name, "contact": pk}, label="kcc search", htmx=True)
        person = re.search(r"/beller/(\d+)/", results)
        if person:
            # HTMX: the caller's card, the questions and the referral form come back (no page load).
            self.request("POST", f"{contact}beller/{person.group(1)}/", {}, label="kcc take caller", htmx=True)
        self.request(
            "POST", f"{contact}vraag/", {"question-text": "Kan ik hulp krijgen?"}, label="kcc question", htmx=True
        )
        self.request(
            "POST",
            f"{contact}assistent/",
            {"key": "audience", "intake-answer": "citizen"},
            label="kcc intake",
            htmx=True,
        )
        # The screening's signals are on the screen the agent has open (no extra page load).
        signal = re.search(r'name="signals" value="(\d+)"', screen)
        self.request("POST", f"{contact}screening/", {"signals": [signal.group(1)]}, label="kcc screening", htmx=True)
        self.request("POST", f"{contact}afronden/", {"close-outcome": "answered"}, label="kcc end contact")


class Coordinator(Staff):
    home = "/coordinatie/"

    def work(self, number: int) -> None:
        """The triage queue, a filtered view of it, the next page, one request and a note on it."""
        _, _, queue = self.request("GET", "/coordinatie/", label="coordinator queue")
        state = ("triage", "submitted", "referred")[number % 3]
        self.request("GET", f"/coordinatie/?state={state}", label="coordinator queue filtered")
        self.request("GET", "/coordinatie/?pagina=2", label="coordinator queue page 2")
        references = REFERENCE.findall(queue)
        if not references:
            return
        reference = references[number % len(references)]
        self.request("GET", f"/coordinatie/{reference}/", label="coordinator request")
        self.request(
            "POST",
            f"/coordinatie/{reference}/notitie/",
            {"note-note": "Gebeld, geen antwoord."},
            label="coordinator note",
        )


class Caseworker(Staff):
    home = "/partners/"

    def work(self, number: int) -> None:
        """The organisation's referrals, the next page, one referral."""
        _, _, listing = self.request("GET", "/partners/", label="caseworker referrals")
        self.request("GET", "/partners/?pagina=2", label="caseworker referrals page 2")
        referrals = REFERRAL.findall(listing)
        if referrals:
            self.request("GET", f"/partners/{referrals[number % len(referrals)]}/", label="caseworker referral")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(staff: dict[str, list[str]], master: int):
    kinds = {"agent": Agent, "coordinator": Coordinator, "caseworker": Caseworker}
    people = [kinds[kind](email) for kind, emails in staff.items() for email in emails]
    for person in people:
        person.sign_in()
    for person in people:
        person.thinking = THINK_SECONDS > 0
    # The same work for WARMUP_SECONDS first, not counted: every worker has then compiled its templates, filled
    # its bounded caches, opened its connections and its allocator has settled, as in a worker's first minutes
    # in production.
    started = time.monotonic() + WARMUP_SECONDS
    stop = started + SECONDS
    rounds = [0]
    lock = threading.Lock()
    memory: list[tuple[float, dict[int, float]]] = []

    def sample() -> None:
        time.sleep(max(0.0, started - time.monotonic()))
        while time.monotonic() < stop:
            memory.append((time.monotonic() - started, {pid: resident_mb(pid) for pid in worker_pids(master)}))
            time.sleep(2)
        memory.append((time.monotonic() - started, {pid: resident_mb(pid) for pid in worker_pids(master)}))

    def loop(person: Staff, offset: int) -> None:
        number = offset
        measuring = False
        if person.thinking:  # people do not all click in the same millisecond: start within one pause
            time.sleep(THINK_SECONDS * random.random())  # noqa: S311 - not for security
        while time.monotonic() < stop:
            if not measuring and time.monotonic() >= started:
                person.times.clear()
                person.errors.clear()
                measuring = True
            person.work(number)
            number += 1
            if measuring:
                with lock:
                    rounds[0] += 1

    threads = [threading.Thread(target=sample)]
    threads += [threading.Thread(target=loop, args=(person, i)) for i, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for person in people:
        for label, times in person.times.items():
            merged[label].extend(times)
        for label, count in person.errors.items():
            errors[label] += count
    return merged, rounds[0], errors, memory


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


def memory_report(memory: list[tuple[float, dict[int, float]]]) -> bool:
    """Each worker's resident memory at the start and the end, and the mean of the first and the last
    ``MEMORY_WINDOW`` seconds; True when none grew more than ``MEMORY_GROWTH``."""
    good = True
    pids = sorted({pid for _, sample in memory for pid in sample})
    print(f"gunicorn workers' resident memory (MB), sampled every 2 s; first vs last {MEMORY_WINDOW} s:")
    for pid in pids:
        series = [(at, sample[pid]) for at, sample in memory if sample.get(pid)]
        if not series:
            continue
        first = [mb for at, mb in series if at <= MEMORY_WINDOW]
        last = [mb for at, mb in series if at >= series[-1][0] - MEMORY_WINDOW]
        growth = statistics.mean(last) / statistics.mean(first) - 1 if first and last else 0.0
        grew = growth > MEMORY_GROWTH
        good = good and not grew
        every_ten = " ".join(f"{mb:.1f}" for at, mb in series if round(at) % 10 < 2)
        print(f"  worker {pid}, every 10 s: {every_ten}")
        print(
            f"  worker {pid}: start {series[0][1]:6.1f}  end {series[-1][1]:6.1f}  first {MEMORY_WINDOW} s "
            f"{statistics.mean(first):6.1f}  last {MEMORY_WINDOW} s {statistics.mean(last):6.1f}  "
            f"({growth:+.1%}){'  GREW' if grew else ''}"
        )
    return good


def main() -> int:
    env = environment()
    staff = prepare(env)
    # As in production (leuvenhelpt/gunicorn_conf.py): 4 sync workers, each request on a connection of its own.
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "leuvenhelpt.wsgi:application", "--workers", "4"]
        + ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for()
        times, rounds, errors, memory = run(staff, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    everything = [t for values in times.values() for t in values]
    print(f"database: PostgreSQL; cache/sessions: {'Redis' if env.get('REDIS_URL') else 'local memory'}")
    print(
        f"gunicorn 4 sync workers (as in production); {AGENTS} KCC agents, {COORDINATORS} coordinators and {CASEWORKERS} "
        f"caseworkers for {SECONDS} s after {WARMUP_SECONDS} s of warm-up, {THINK_SECONDS:.1f} s (±50 %) between actions: {rounds} rounds, "
        f"{len(everything)} requests ({len(everything) / SECONDS:.0f}/s)"
    )
    print(f"  {'page':28} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    good = True
    for label, values in sorted(times.items()):
        p95, p99 = percentile(values, 0.95), percentile(values, 0.99)
        missed = p95 >= TARGET_P95_MS or p99 >= TARGET_P99_MS or errors.get(label, 0)
        good = good and not missed
        print(
            f"  {label:28} {len(values):8} {statistics.median(values):8.1f} {p95:8.1f} {p99:8.1f} "
            f"{errors.get(label, 0):7}{'  MISSED' if missed else ''}"
        )
    unlabelled = sum(count for label, count in errors.items() if label not in times)
    good = good and unlabelled == 0
    steady = memory_report(memory)
    print(
        f"targets: every page p95 < {TARGET_P95_MS} ms and p99 < {TARGET_P99_MS} ms, no errors "
        f"({sum(errors.values())}), memory steady: {'OK' if good and steady else 'MISSED'}"
    )
    return 0 if good and steady else 1


if __name__ == "__main__":
    sys.exit(main())
