"""The staff actions users found slow on the demo (issue 18 item 14): server time and queries per action.

Seeds the demo data (``seed_demo``) into a PostgreSQL database of its own (``BENCH_STAFF_DATABASE_URL``), then,
in process through Django's test client with DEBUG off, times each action as a user does it: the POST and the
page the browser is sent to afterwards. Each run gets fresh preconditions (made through the services, untimed):

- KCC "Hulpvraag maken": a contact with the caller found and a question noted; POST the referral;
- KCC "Contact afsluiten": that contact, closed as referred to Leuven Helpt; then the console;
- coordinator "Naar de matching": a request taken up; POST "Send to volunteer matching", then the request
  page, then the matching page the coordinator opens next;
- editor "Product bewaren": a product of the Leuven catalogue saved unchanged in a draft; then the edition.

Target: each POST under 300 ms median server time. Prints the median, the slowest run and the queries of each
step; exits 1 when a target is missed.

    python benchmarks/bench_staff_actions.py   (or: make bench)
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
TARGET_MS = 300

os.environ.update(
    DEBUG="0",
    HTTPS="0",
    STATIC_MANIFEST="0",
    SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
    ALLOWED_HOSTS="testserver,localhost",
    EMAIL_URL="console://",  # replaced by the in-memory backend below: nothing leaves the machine
    DATABASE_URL=os.environ.get("BENCH_STAFF_DATABASE_URL", "postgres://root@127.0.0.1:5432/leuvenhelpt_bench_staff"),
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
    from django.test.utils import override_settings

    from accounts.models import User

    # Without a broker the outbox delivers in the request (eagerly): into memory, as a quick relay would take it.
    override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}).enable()

    if not User.objects.filter(email="kcc@leuvenhelpt.test").exists():
        print("seeding the demo data ...", flush=True)
        subprocess.run([*manage, "seed_demo", "--force"], cwd=ROOT, check=True, capture_output=True)


class Step:
    """One timed request: its times over the runs and the queries of the last run."""

    def __init__(self, label: str):
        self.label, self.times, self.queries = label, [], 0

    def run(self, client, method: str, url: str, data=None, expect: int = 200):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
            self.times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == expect, (self.label, response.status_code, url)
        self.queries = len(captured)
        return response

    def line(self, *, target: bool) -> tuple[str, bool]:
        median = statistics.median(self.times)
        good = median < TARGET_MS or not target
        verdict = (" OK" if good else " FAIL") if target else ""
        text = f"  {self.label:44} {median:6.1f} ms median, {max(self.times):6.1f} max, {self.queries:3} queries"
        return text + (f" (target < {TARGET_MS} ms){verdict}" if target else ""), good


def kcc_actions(runs: int) -> list[tuple[Step, bool]]:
    from django.test import Client

    from accounts.models import User
    from benchmarks.sessions import sign_in
    from helpdesk import services
    from helpdesk.models import Route
    from people.models import Person

    agent = User.objects.get(email="kcc@leuvenhelpt.test")
    client = Client()
    sign_in(client, agent)
    person = Person.objects.filter(anonymised_at__isnull=True, phone__gt="").order_by("pk").first()
    route = Route.objects.get(key="leuven-helpt")
    refer, after_refer = Step("KCC Hulpvraag maken: POST"), Step("  then the contact page")
    close, after_close = Step("KCC Contact afsluiten: POST"), Step("  then the console")
    for _ in range(runs):
        contact = services.contact_start(agent=agent, channel="phone")
        services.contact_set_person(contact=contact, person=person)
        services.contact_add_question(contact=contact, text="Hulp bij boodschappen")
        response = refer.run(
            client,
            "post",
            f"/kcc/contact/{contact.pk}/doorverwijzen/",
            {
                "refer-route": route.pk,
                "refer-needs": ["food"],
                "refer-description": "Kan de boodschappen niet meer dragen.",
                "refer-urgency": "2",
                "refer-contact_way": "phone",
                "refer-consent_contact": "on",
            },
            expect=302,
        )
        after_refer.run(client, "get", response.url)
        response = close.run(
            client, "post", f"/kcc/contact/{contact.pk}/afronden/", {"close-outcome": "referred_lh"}, expect=302
        )
        after_close.run(client, "get", response.url)
    return [(refer, True), (after_refer, False), (close, True), (after_close, False)]


def coordinator_actions(runs: int) -> list[tuple[Step, bool]]:
    from django.test import Client

    from accounts.models import User
    from benchmarks.sessions import sign_in
    from people.models import Person
    from requests_app import services

    coordinator = User.objects.get(email="coordinator@leuvenhelpt.test")
    client = Client()
    sign_in(client, coordinator)
    person = Person.objects.filter(anonymised_at__isnull=True).order_by("pk").first()
    route, after_route, matching = (
        Step("Naar de matching: POST"),
        Step("  then the request page"),
        Step("  then the matching page"),
    )
    for _ in range(runs):
        request = services.request_submit(
            person=person, channel="phone", needs=["food"], description="Kan de boodschappen niet dragen."
        )
        services.request_take_up(request=request, actor=coordinator)
        response = route.run(
            client,
            "post",
            f"/coordinatie/{request.reference}/vrijwilligers/",
            {"route-note": "Boodschappen"},
            expect=302,
        )
        after_route.run(client, "get", response.url)
        matching.run(client, "get", f"/vrijwilligers/coordinatie/aanvraag/{request.reference}/")
    return [(route, True), (after_route, False), (matching, False)]


def editor_actions(runs: int) -> list[tuple[Step, bool]]:
    from django.test import Client

    from accounts.models import User
    from assistant import editor, services
    from assistant.models import Edition
    from benchmarks.sessions import sign_in

    user = User.objects.get(email="redacteur@leuvenhelpt.test")
    client = Client()
    sign_in(client, user)
    published = Edition.objects.filter(state="published").latest("published_at")
    draft = Edition.objects.filter(state="draft").order_by("-pk").first() or services.edition_draft_from(
        edition=published, actor=user
    )
    save, after = Step("Editor Product bewaren: POST"), Step("  then the edition")
    key = "bewonerskaart"
    for _ in range(runs):
        draft.refresh_from_db()
        position = editor.item_index(draft.document, "products", key)
        data = {"original_key": key} | editor.product_initial(draft.document["products"][position])
        response = save.run(client, "post", f"/assistent/redactie/edities/{draft.pk}/producten/{key}/", data, 302)
        after.run(client, "get", response.url)
    return [(save, True), (after, False)]


def main() -> int:
    prepare()
    from django.db import connection

    print(f"PostgreSQL {connection.cursor().connection.info.server_version}, demo data; median of {RUNS} runs")
    ok = True
    for measure in (kcc_actions, coordinator_actions, editor_actions):
        for step, target in measure(RUNS):
            text, good = step.line(target=target)
            ok &= good
            print(text, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
