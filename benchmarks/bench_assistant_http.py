"""Assistant question page vs a bare Django "hello" view: requests per second under gunicorn, per language.

PostgreSQL (and Redis when it answers), gunicorn with 4 workers, wrk on loopback, all
URLs measured in the same run: the hello view before and after the question page in every
offered language (LANGUAGES_OFFERED, default nl,en,fr,ar,tr,uk; chosen with the language
cookie, as a visitor does). Target: in every language the question page serves at least
25 % of the hello view's requests per second (the mean of its two runs). Prints numbers;
exits 1 when the target is missed in any language.

    python benchmarks/bench_assistant_http.py   (or: make bench)
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DATABASE = "leuvenhelpt_bench"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 16


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        HTTPS="0",
        STATIC_MANIFEST="0",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="smtp://127.0.0.1:1025",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"postgres://root@127.0.0.1:5432/{DATABASE}"),
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    redis = env.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        env["REDIS_URL"] = redis
    except OSError:
        env.pop("REDIS_URL", None)
    return env


def prepare(env: dict) -> None:
    dsn = urllib.parse.urlparse(env["DATABASE_URL"])
    name = dsn.path.lstrip("/")
    subprocess.run(
        [
            "psql",
            "-h",
            dsn.hostname or "127.0.0.1",
            "-U",
            dsn.username or "root",
            "-d",
            "postgres",
            "-qc",
            f"CREATE DATABASE {name}",
        ],
        capture_output=True,
        check=False,
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    script = (
        "from assistant.models import Edition\n"
        "from assistant import services\n"
        "from assistant.demo import LEUVEN_CATALOGUE\n"
        "from assistant.engine import load_catalogue_text\n"
        "if not Edition.objects.filter(state='published').exists():\n"
        "    services.edition_import(document=load_catalogue_text(LEUVEN_CATALOGUE.read_text()), publish=True)\n"
    )
    subprocess.run([*manage, "shell", "-v0", "-c", script], cwd=ROOT, env=env, check=True)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def session_cookie() -> str:
    """A citizen session that answered the first question: the benchmark asks the second."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/assistent/vraag/audience/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "answer": "citizen"}).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{BASE}/assistent/vraag/audience/", data=data, headers={"Referer": BASE}
    )
    final = opener.open(request)
    assert "/vraag/lives_in_leuven/" in final.geturl(), final.geturl()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def languages() -> list[str]:
    offered = os.environ.get("LANGUAGES_OFFERED", "nl,en,fr,ar,tr,uk")
    return [code.strip() for code in offered.split(",") if code.strip()]


def check_language(url: str, cookie: str, code: str) -> None:
    """The page really is in that language (or Dutch where the policy keeps it Dutch), before it is measured."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - loopback only
    page = urllib.request.urlopen(request).read().decode()  # noqa: S310 - loopback only
    assert f'<html lang="{code}"' in page or 'class="language-notice"' in page, code


def wrk(url: str, cookie: str = "", seconds: int = SECONDS) -> tuple[float, str]:
    args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    if "Non-2xx" in out:
        raise RuntimeError(f"errors while loading {url}:\n{out}")
    return rps, p50


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): cannot measure throughput.")
        return 1
    env = environment()
    prepare(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "benchmarks.wsgi_bench:application",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"{BASE}/bench/hello/")
        session = session_cookie()
        question = f"{BASE}/assistent/vraag/lives_in_leuven/"
        cookies = {code: f"{session}; django_language={code}" for code in languages()}
        for code, cookie in cookies.items():
            check_language(question, cookie, code)
            wrk(question, cookie, seconds=2)  # warm up every language's templates and catalogue
        wrk(f"{BASE}/bench/hello/", seconds=2)
        hello_before = wrk(f"{BASE}/bench/hello/")
        results = {code: wrk(question, cookie) for code, cookie in cookies.items()}
        hello_after = wrk(f"{BASE}/bench/hello/")
    finally:
        server.terminate()
        server.wait(timeout=20)
    hello_rps = (hello_before[0] + hello_after[0]) / 2
    print(f"database: PostgreSQL; cache/sessions: {'Redis' if env.get('REDIS_URL') else 'local memory'}")
    print(f"gunicorn 4 workers, wrk 1 thread, {CONNECTIONS} connections, {SECONDS} s per URL")
    print(
        f"hello view:        {hello_before[0]:8.0f} and {hello_after[0]:.0f} requests/s (before/after; median {hello_before[1]})"
    )
    failed = []
    for code, (rps, p50) in results.items():
        ratio = rps / hello_rps
        print(
            f"question page {code}: {rps:8.0f} requests/s  (median {p50})  {ratio:6.1%} of hello  {'OK' if ratio >= 0.25 else 'FAIL'}"
        )
        if ratio < 0.25:
            failed.append(code)
    print(f"target >= 25 % of hello in every language: {'OK' if not failed else 'FAIL in ' + ', '.join(failed)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
