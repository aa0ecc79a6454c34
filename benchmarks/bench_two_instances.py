"""Two web instances on one database and one Redis, as docker-compose.yml runs them behind the proxy.

Two gunicorn servers (2 workers each) on two ports share PostgreSQL and Redis. Checks, through HTTP only:

1. a member of staff signed in through one instance is signed in on the other (shared sessions);
2. a help line changed through the admin of instance A shows on instance B's help form, which B keeps in
   memory (leuvenhelpt.pagecache, leuvenhelpt.versioned_cache): the time until B shows it is measured, target
   under a second;
3. failed sign-ins count across both (allauth's limit: 5 per account and address per hour), so after five
   wrong passwords, alternately on A and B, even the right one is refused;
4. signing out on A ends the session on B.

Prints what it saw; exits 1 when a check fails or B needed a second or more.

    python benchmarks/bench_two_instances.py   (or: make bench)
"""

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import environment, free_port, prepare, wait_for  # noqa: E402

TARGET_SECONDS = 1.0
ADMIN = "twee-instanties-admin@leuvenhelpt.test"
PASSWORD = "Bench-admin-password-1"  # noqa: S105 - benchmark user only
LOCKED = f"twee-instanties-{int(time.time())}@leuvenhelpt.test"


class Browser:
    """One visitor's cookies, sent to whichever instance is asked."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": "http://127.0.0.1/"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                key, _, val = value.split(";", 1)[0].partition("=")
                self.cookies[key] = val
        connection.close()
        return response.status, response.getheader("Location", ""), text


def token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def staff_session(env: dict) -> tuple[str, int]:
    """An administrator's session that passed the second factor (as after entering the TOTP code), and the id
    of the first help line."""
    os.environ.update({k: v for k, v in env.items() if k not in ("REDIS_URL",)})
    os.environ.pop("REDIS_URL", None)  # written to the database; the instances read it through Redis
    import django

    django.setup()
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User
    from benchmarks.sessions import passed_second_factor
    from emergency.models import HelpLine

    user = User.objects.filter(email=ADMIN).first() or User.objects.create_superuser(
        email=ADMIN, password=PASSWORD, full_name="Beheerder Twee"
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    passed_second_factor(session, user)
    session.create()
    # A citizen account of its own for each run, so the count of failed sign-ins starts at zero.
    citizen = User.objects.create_user(email=LOCKED, password=PASSWORD, full_name="Burger Twee")
    EmailAddress.objects.create(user=citizen, email=LOCKED, verified=True, primary=True)
    return session.session_key, HelpLine.objects.filter(active=True).order_by("order", "id").first().pk


def help_line_form(line_id: int, number: str) -> dict:
    from emergency.models import HelpLine

    line = HelpLine.objects.get(pk=line_id)
    data = {
        "name": line.name,
        "name_en": line.name_en,
        "number": number,
        "purpose": line.purpose,
        "purpose_en": line.purpose_en,
        "kind": line.kind,
        "hours": json.dumps(line.hours),
        "order": line.order,
        "_save": "Save",
    }
    data |= {"closed_on_holidays": "on"} if line.closed_on_holidays else {}
    return data | ({"active": "on"} if line.active else {})


def main() -> int:
    env = environment()
    prepare(env)
    session_key, line_id = staff_session(env)
    ports = free_port(), free_port()
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "leuvenhelpt.wsgi:application", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    a, b = ports
    results: list[tuple[str, bool, str]] = []
    try:
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        staff = Browser()
        staff.cookies["sessionid"] = session_key
        status_a = staff.request(a, "GET", "/mijn/")[0]
        status_b = staff.request(b, "GET", "/mijn/")[0]
        results.append(("signed in on A is signed in on B", status_a == status_b == 200, f"A {status_a}, B {status_b}"))

        # B keeps its help form in memory: every worker of B has it before the change.
        for _ in range(6):
            Browser().request(b, "GET", "/hulp/")
        number = f"0800 {int(time.time()) % 100:02d} {int(time.time() * 1000) % 1000:03d}"
        _, _, page = staff.request(a, "GET", f"/admin/emergency/helpline/{line_id}/change/")
        status, _, _ = staff.request(
            a,
            "POST",
            f"/admin/emergency/helpline/{line_id}/change/",
            {"csrfmiddlewaretoken": token(page), **help_line_form(line_id, number)},
        )
        changed = time.monotonic()
        seen = None
        while time.monotonic() - changed < 10:
            if number in Browser().request(b, "GET", "/hulp/")[2]:
                seen = time.monotonic() - changed
                break
            time.sleep(0.02)
        results.append(
            (
                f"a help line changed on A shows on B's kept help form within {TARGET_SECONDS:.0f} s",
                status == 302 and seen is not None and seen < TARGET_SECONDS,
                f"admin answered {status}; B showed it after {seen * 1000:.0f} ms" if seen else "B never showed it",
            )
        )

        # Five wrong passwords, alternately on A and B, lock the account for this address: the sixth try, with
        # the right password, is refused (the sign-in form again, no redirect into the site).
        visitor = Browser()
        answers = []
        for attempt in range(6):
            port = ports[attempt % 2]
            _, _, page = visitor.request(port, "GET", "/accounts/login/")
            password = PASSWORD if attempt == 5 else "wrong-password-1"
            form = {"csrfmiddlewaretoken": token(page), "login": LOCKED, "password": password}
            answers.append(visitor.request(port, "POST", "/accounts/login/", form)[0])
        results.append(
            (
                "failed sign-ins count across both (after 5, the right password is refused too)",
                answers == [200] * 6,
                f"answers A/B alternately: {answers} (302 would be signed in)",
            )
        )

        _, _, page = staff.request(a, "GET", "/mijn/")
        staff.request(a, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token(page)})
        status_b, location, _ = staff.request(b, "GET", "/mijn/")
        results.append(
            ("signed out on A is signed out on B", status_b == 302 and "/accounts/login/" in location, f"B {status_b}")
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    print(
        f"two instances (gunicorn 2 workers each) on ports {a} and {b}, one PostgreSQL, Redis: {env.get('REDIS_URL')}"
    )
    for label, good, detail in results:
        print(f"  {'OK    ' if good else 'FAILED'} {label}: {detail}")
    return 0 if results and all(good for _, good, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
