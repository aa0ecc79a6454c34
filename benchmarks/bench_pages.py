"""The public pages against bare Django: requests per second of each, as a share of a bare "hello" view.

Two gunicorn servers with the same number of workers run side by side on loopback: the portal as in production
(``leuvenhelpt.wsgi``, DEBUG off, PostgreSQL, Redis for the cache and the sessions, all middleware) and bare Django
(``benchmarks/wsgi_bare.py``: one view, no middleware, no apps). Each round measures the bare view and then every
page with the same load (wrk, or a Python load generator when wrk is not installed); a page's share is its
requests per second over the bare view's **of the same round**, so a neighbour's burst on a shared machine
moves both. Several short rounds; the range of the shares is printed.

Targets: every public page at least 25 % of the bare view, the assistant's question page (a visitor who answered
the first question, their answers in the assistant's cookie) at least 40 %, /healthz at least 40 %. Exits 1 when
the median share of a page misses its target.

    python benchmarks/bench_pages.py   (or: make bench)
    BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_DATABASE_URL=postgres://… REDIS_URL=redis://…/5
    BENCH_GENERATOR=python   (the Python load generator even when wrk is installed)
    BENCH_PAGES="question,/healthz"   (only the pages whose label contains one of these)
"""

import http.client
import http.cookiejar
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `from benchmarks.… import …` when run as a script
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS, CONNECTIONS = 2, 32  # wrk -t2 -c32, as in issue 20
DATABASE = "leuvenhelpt_bench"

# (label, path, needs the assistant's answers cookie, target share of the bare view)
PAGES = [
    ("question page (answers)", "/assistent/vraag/lives_in_leuven/", True, 0.40),
    ("/", "/", False, 0.25),
    ("/assistent/", "/assistent/", False, 0.25),
    ("/healthz", "/healthz", False, 0.40),
    ("/hulp/", "/hulp/", False, 0.25),
    ("/accounts/login/", "/accounts/login/", False, 0.25),
    ("/assistent/producten/", "/assistent/producten/", False, 0.25),
]
if os.environ.get("BENCH_PAGES"):
    _only = os.environ["BENCH_PAGES"].split(",")
    PAGES = [page for page in PAGES if any(part and part in page[0] for part in _only)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment() -> dict:
    """Production settings (DEBUG off, the cached template loader, JSON logs), plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        HTTPS="0",
        STATIC_MANIFEST="0",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="smtp://127.0.0.1:1025",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"postgres://root@127.0.0.1:5432/{DATABASE}"),
        DJANGO_SETTINGS_MODULE="leuvenhelpt.settings",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        env["REDIS_URL"] = env.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    except OSError:
        env.pop("REDIS_URL", None)
    return env


def prepare(env: dict) -> None:
    """Its own database, migrated, with the Leuven catalogue published (nothing else is needed)."""
    from benchmarks.database import database_create_and_migrate

    manage = [sys.executable, "manage.py"]
    database_create_and_migrate(env)
    script = (
        "from assistant.models import Edition\n"
        "from assistant import services\n"
        "from assistant.demo import LEUVEN_CATALOGUE\n"
        "from assistant.engine import load_catalogue_text\n"
        "if not Edition.objects.filter(state='published').exists():\n"
        "    services.edition_import(document=load_catalogue_text(LEUVEN_CATALOGUE.read_text()), publish=True)\n"
    )
    subprocess.run([*manage, "shell", "-v0", "-c", script], cwd=ROOT, env=env, check=True)


def gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def assistant_walk(base: str) -> str:
    """The cookies of a citizen who answered the first question (CSRF and the assistant's answers): the benchmark
    shows them the second one."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/assistent/vraag/audience/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "answer": "citizen"}).encode()
    final = opener.open(urllib.request.Request(f"{base}/assistent/vraag/audience/", data=data))  # noqa: S310
    assert "/vraag/lives_in_leuven/" in final.geturl(), final.geturl()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


# --- load generators -------------------------------------------------------------------------------------------


def wrk(url: str, cookie: str) -> tuple[float, float, int]:
    """Requests per second, the median latency in ms, and the number of failed or non-2xx answers."""
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    p50 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    return rps, p50, failed


def _python_worker(port: int, path: str, cookie: str, seconds: float, connections: int, out) -> None:
    """One process of the Python load generator: ``connections`` keep-alive connections in threads."""
    times: list[float] = []
    failed = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def loop() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            if not ok:
                with lock:
                    failed[0] += 1
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put((times, failed[0]))


def python_load(url: str, cookie: str) -> tuple[float, float, int]:
    """Without wrk: two processes with 16 connections each (the client takes CPU from the server, so the shares
    come out closer together than with wrk; the output says which generator measured)."""
    parts = urllib.parse.urlsplit(url)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(
            target=_python_worker,
            args=(parts.port, parts.path or "/", cookie, SECONDS, CONNECTIONS // THREADS, queue),
        )
        for _ in range(THREADS)
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    times = [t for chunk, _ in results for t in chunk]
    return len(times) / SECONDS, statistics.median(times) if times else 0.0, sum(failed for _, failed in results)


# --- the run ---------------------------------------------------------------------------------------------------


def main() -> int:
    use_wrk = shutil.which("wrk") and os.environ.get("BENCH_GENERATOR", "wrk") == "wrk"
    load = wrk if use_wrk else python_load
    env = environment()
    prepare(env)
    bare_port, site_port = free_port(), free_port()
    bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    servers = [gunicorn("benchmarks.wsgi_bare:application", bare_port, bare_env)]
    servers.append(gunicorn("leuvenhelpt.wsgi:application", site_port, env))
    bare = f"http://127.0.0.1:{bare_port}/"
    site = f"http://127.0.0.1:{site_port}"
    rounds: list[dict[str, tuple[float, float]]] = []
    bare_rps: list[float] = []
    failures: dict[str, int] = {}
    try:
        wait_for(bare)
        wait_for(f"{site}/healthz")
        cookie = assistant_walk(site)
        for _label, path, with_session, _target in PAGES:  # warm up every worker on every page
            load(f"{site}{path}", cookie if with_session else "")
        load(bare, "")
        for _ in range(ROUNDS):
            base, _, failed = load(bare, "")
            bare_rps.append(base)
            failures["bare"] = failures.get("bare", 0) + failed
            measured = {}
            for label, path, with_session, _target in PAGES:
                rps, p50, failed = load(f"{site}{path}", cookie if with_session else "")
                measured[label] = (rps, p50)
                failures[label] = failures.get(label, 0) + failed
            rounds.append({label: (rps / base, p50, rps) for label, (rps, p50) in measured.items()})
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)

    generator = (
        f"wrk -t{THREADS} -c{CONNECTIONS}" if load is wrk else f"Python load generator ({CONNECTIONS} connections)"
    )
    print(
        f"PostgreSQL; cache and sessions: {'Redis' if env.get('REDIS_URL') else 'local memory'}; "
        f"gunicorn {WORKERS} workers each; {generator}; {ROUNDS} rounds of {SECONDS} s per URL"
    )
    print(f"bare Django view: {min(bare_rps):7.0f} – {max(bare_rps):7.0f} req/s")
    print(f"{'page':26} {'req/s (median)':>14} {'p50 ms':>7} {'share of bare (min – median – max)':>36}  target")
    missed = []
    for label, _path, _session, target in PAGES:
        shares = [one[label][0] for one in rounds]
        median = statistics.median(shares)
        rps = statistics.median(one[label][2] for one in rounds)
        p50 = statistics.median(one[label][1] for one in rounds)
        good = median >= target and failures[label] == 0
        if not good:
            missed.append(label)
        print(
            f"{label:26} {rps:14.0f} {p50:7.1f} {min(shares):>16.0%} – {median:4.0%} – {max(shares):4.0%}"
            f"     ≥ {target:.0%} {'OK' if good else 'MISSED'}"
            + (f" ({failures[label]} failed requests)" if failures[label] else "")
        )
    print("all pages at their target" if not missed else f"missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
