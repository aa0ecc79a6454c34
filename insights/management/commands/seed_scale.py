"""`python manage.py seed_scale --requests N --people N --volunteers N --contacts N`: a large, realistic load for
benchmarks.

On PostgreSQL everything is generated inside the database (``generate_series``) in one transaction,
so a million requests take a minute, and the support-track trigger still checks every handled
request at commit. Requests are spread over three years and every state: most are closed, a few
thousand are open. Elsewhere (SQLite) it is refused above 20,000 requests. ``--volunteers N`` adds N
volunteers (accounts with the volunteer role, profiles in every onboarding state, two or three weekly
slots each) the same way, and ``--contacts N`` N ended KCC contact moments (for the insights' KCC
figures; ``--requests 0 --people 0 --contacts N`` adds only those, over the people already there).

It writes the rows of every app (requests, volunteers, KCC contacts), so it lives in the top layer, beside
the insights whose benchmarks read them (docs/architecture.md).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts import services as account_services
from accounts.demo import ORGANIZATIONS
from accounts.models import Organization, User
from accounts.roles import Role
from helpdesk.models import ContactMoment
from people.models import Person
from requests_app.models import HelpRequest

# Share of requests per state, out of 100 (the rest are closed).
STATE_SQL = """CASE
    WHEN i %% 100 < 2 THEN 'submitted' WHEN i %% 100 < 4 THEN 'triage' WHEN i %% 100 < 5 THEN 'matching'
    WHEN i %% 100 < 7 THEN 'referred' WHEN i %% 100 < 20 THEN 'support_started'
    WHEN i %% 100 < 30 THEN 'withdrawn' WHEN i %% 100 < 38 THEN 'closed_without_support' ELSE 'closed' END"""
SCALE_USER = "schaal-burger@leuvenhelpt.test"
SCALE_AGENT = "schaal-agent@leuvenhelpt.test"
# Realistic Flemish names (the KCC caller search is measured on them): 40 × 60 combinations.
FIRST_NAMES = [
    "Jan",
    "Maria",
    "Marc",
    "Anna",
    "Luc",
    "Els",
    "Peter",
    "Katrien",
    "Dirk",
    "Sofie",
    "Koen",
    "An",
    "Tom",
    "Lies",
    "Bart",
    "Griet",
    "Wim",
    "Hilde",
    "Johan",
    "Nele",
    "Geert",
    "Inge",
    "Stefan",
    "Ann",
    "Kris",
    "Veerle",
    "Patrick",
    "Martine",
    "Filip",
    "Karin",
    "Joris",
    "Lotte",
    "Pieter",
    "Emma",
    "Wouter",
    "Julie",
    "Mohamed",
    "Fatima",
    "Ahmed",
    "Yasmina",
]
LAST_NAMES = [
    name.replace("_", " ")
    for name in [
        "Peeters",
        "Janssens",
        "Maes",
        "Jacobs",
        "Mertens",
        "Willems",
        "Claes",
        "Goossens",
        "Wouters",
        "De_Smet",
        "Dubois",
        "Lambert",
        "Dupont",
        "Hermans",
        "Michiels",
        "Vermeulen",
        "Aerts",
        "Desmet",
        "Martens",
        "Van_Damme",
        "Verstraete",
        "Pauwels",
        "Smets",
        "Coppens",
        "Bogaerts",
        "Vandenberghe",
        "Declercq",
        "Segers",
        "Stevens",
        "Leclercq",
        "Vervoort",
        "Hendrickx",
        "Van_den_Bossche",
        "Cools",
        "Wuyts",
        "Verhoeven",
        "Laenen",
        "Baert",
        "Devos",
        "Lemmens",
        "Thys",
        "Geerts",
        "Van_Hoof",
        "Vanderstraeten",
        "Celis",
        "Moens",
        "Dewitte",
        "Bosmans",
        "Verbeke",
        "Coenen",
        "Cuypers",
        "Engelen",
        "Raes",
        "Smeets",
        "Wijns",
        "Mahieu",
        "Daems",
        "Nijs",
        "El_Amrani",
        "Benali",
    ]
]


class Command(BaseCommand):
    help = "Generate many people and help requests (for benchmarks), on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=10_000)
        parser.add_argument("--people", type=int, default=2_000)
        parser.add_argument("--volunteers", type=int, default=0, help="volunteers with profiles and weekly slots")
        parser.add_argument(
            "--contacts",
            type=int,
            default=0,
            help="KCC contact moments over the people in the database (alone: --requests 0 --people 0)",
        )

    def handle(self, *args, requests: int, people: int, volunteers: int, contacts: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale generates its data inside PostgreSQL: point DATABASE_URL at PostgreSQL.")
        only_contacts = contacts > 0 and requests == 0 and people == 0
        if not only_contacts and (requests < 1 or people < 1):
            raise CommandError("--requests and --people must be at least 1.")
        if volunteers < 0 or contacts < 0:
            raise CommandError("--volunteers and --contacts cannot be negative.")
        started = time.monotonic()
        with transaction.atomic():
            if not only_contacts:
                organizations = self.organizations()
                first_person = self.people(people)
                self.requests(requests, first_person, people, [o.pk for o in organizations])
            if volunteers:
                self.volunteers(volunteers)
            if contacts:
                self.contacts(contacts)
        with connection.cursor() as cursor:
            # A fresh visibility map lets counts use index-only scans, as in a settled database
            # (VACUUM cannot run inside a transaction, e.g. in a test).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE", [])
        if not only_contacts:
            self.citizen(first_person)
            self.stdout.write(
                f"seed_scale: {people} people, {requests} requests in {time.monotonic() - started:.0f} s "
                f"({HelpRequest.objects.count()} requests in the database)."
            )
        if volunteers:
            self.stdout.write(f"seed_scale: {volunteers} volunteers.")
        if contacts:
            self.stdout.write(
                f"seed_scale: {contacts} KCC contact moments in {time.monotonic() - started:.0f} s "
                f"({ContactMoment.objects.count()} in the database)."
            )

    def organizations(self) -> list[Organization]:
        account_services.roles_ensure()
        found = []
        for data in ORGANIZATIONS:
            organization = Organization.objects.filter(slug=data["slug"]).first()
            if organization is None:
                values = {k: v for k, v in data.items() if k != "slug"}
                organization = account_services.organization_create(slug=data["slug"], **values)
            if organization.kind != Organization.Kind.CITY_SERVICE:
                found.append(organization)
        return found

    def people(self, count: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO requests_app_person
                    (full_name, date_of_birth, phone, email, street, house_number, box, postcode, municipality,
                     preferred_language, notify_channel, created_at, updated_at)
                SELECT (%s::text[])[1 + i %% 40] || ' ' || (%s::text[])[1 + (i / 40) %% 60],
                       date '1930-01-01' + ((i * 7919) %% 27000)::int,
                       '04' || lpad((i %% 100000000)::text, 8, '0'), '', '', '', '',
                       (ARRAY['3000', '3001', '3010', '3012', '3018'])[1 + i %% 5], '',
                       CASE WHEN i %% 10 = 0 THEN 'en' ELSE 'nl' END, 'email', now(), now()
                FROM generate_series(1, %s) AS i
                RETURNING id
                """,
                [FIRST_NAMES, LAST_NAMES, count],
            )
            return min(row[0] for row in cursor.fetchall())

    def requests(self, count: int, first_person: int, people: int, organizations: list[int]) -> None:
        base = HelpRequest.objects.count()
        with connection.cursor() as cursor:
            # STATE_SQL is a constant of this module; every value is a parameter.
            cursor.execute(
                f"""
                INSERT INTO requests_app_helprequest
                    (reference, person_id, channel, description, urgency, contact_way, contact_time, product_key,
                     contact_consent_at, on_behalf_consent, state, created_at, updated_at,
                     first_contact_at, support_started_at, closed_at, close_reason, first_contact_due_at)
                SELECT 'LH-' || lpad(upper(to_hex(%(base)s + i)), 6, '0') || '-' || lpad((i %% 100)::text, 2, '0'),
                       %(first)s + (i * 7919) %% %(people)s,
                       (ARRAY['web', 'assistant', 'phone', 'counter', 'email', 'letter', 'outreach', 'partner'])[1 + i %% 8],
                       'Ik heb hulp nodig (gegenereerd).', 1 + (i * 31) %% 4, 'phone', '', '',
                       created, '', state, created, created,
                       CASE WHEN state NOT IN ('submitted', 'triage') THEN created + interval '1 day' END,
                       CASE WHEN state IN ('support_started', 'closed') THEN created + interval '3 days' END,
                       CASE WHEN state IN ('closed', 'withdrawn', 'closed_without_support')
                            THEN created + interval '30 days' END,
                       '',
                       -- the promise, roughly (urgent: the same day; others two working days)
                       CASE WHEN (i * 31) %% 4 = 3 THEN created + interval '8 hours' ELSE created + interval '2 days' END
                FROM (
                    SELECT i, {STATE_SQL} AS state,
                           now() - ((i * 104729) %% (3 * 365 * 24 * 60)) * interval '1 minute' AS created
                    FROM generate_series(1::bigint, %(count)s) AS i
                ) AS generated
                """,  # noqa: S608
                {"base": base, "first": first_person, "people": people, "count": count},
            )
            cursor.execute(
                """
                INSERT INTO requests_app_requestneed (request_id, need)
                SELECT h.id, (ARRAY['finances', 'housing', 'health', 'loneliness', 'administration', 'mobility',
                                  'food', 'safety', 'family', 'work', 'other'])[1 + h.id %% 11]
                FROM requests_app_helprequest h WHERE description = 'Ik heb hulp nodig (gegenereerd).'
                  AND NOT EXISTS (SELECT 1 FROM requests_app_requestneed n WHERE n.request_id = h.id)
                """,
                [],
            )
            cursor.execute(
                """
                INSERT INTO requests_app_timelineevent (request_id, at, kind, from_state, to_state, note, public)
                SELECT id, created_at, 'transition', '', 'submitted', '', true
                FROM requests_app_helprequest h WHERE description = 'Ik heb hulp nodig (gegenereerd).'
                  AND NOT EXISTS (SELECT 1 FROM requests_app_timelineevent e WHERE e.request_id = h.id)
                """,
                [],
            )
            # A referral to a partner for every request that reached one; accepted where support started.
            cursor.execute(
                """
                INSERT INTO requests_app_referral
                    (request_id, organization_id, status, note, reason, reason_note, created_at, answered_at)
                SELECT id, (%s::bigint[])[1 + id %% cardinality(%s::bigint[])],
                       CASE WHEN state = 'referred' THEN 'proposed' ELSE 'accepted' END, '', '', '',
                       created_at + interval '1 day',
                       CASE WHEN state = 'referred' THEN NULL ELSE created_at + interval '3 days' END
                FROM requests_app_helprequest h
                WHERE state IN ('referred', 'support_started', 'closed')
                  AND NOT EXISTS (SELECT 1 FROM requests_app_referral r WHERE r.request_id = h.id)
                """,
                [organizations, organizations],
            )
            cursor.execute(
                """
                INSERT INTO requests_app_supporttrack
                    (request_id, referral_id, organization_id, contact_person, started_on, ended_on, outcome,
                     created_at, status, first_meeting_on, outcome_kind)
                SELECT r.request_id, r.id, r.organization_id, 'Maatschappelijk werker', r.answered_at::date,
                       CASE WHEN h.state = 'closed' THEN h.closed_at::date END, '', r.answered_at,
                       CASE WHEN h.state = 'closed' THEN 'ended' WHEN h.id %% 3 = 0 THEN 'started' ELSE 'under_way' END,
                       CASE WHEN h.state = 'closed' OR h.id %% 3 <> 0 THEN r.answered_at::date + (h.id %% 8)::int END,
                       CASE WHEN h.state <> 'closed' THEN ''
                            WHEN h.id %% 10 = 0 THEN 'not_helped' WHEN h.id %% 10 = 1 THEN 'partly' ELSE 'helped' END
                FROM requests_app_referral r JOIN requests_app_helprequest h ON h.id = r.request_id
                WHERE r.status = 'accepted'
                  AND NOT EXISTS (SELECT 1 FROM requests_app_supporttrack t WHERE t.request_id = r.request_id)
                """,
                [],
            )

    def volunteers(self, count: int) -> None:
        """Volunteer accounts (volunteer role, no usable password) with profiles and slots, in the database.

        The bit sets follow ``volunteers.choices`` (5 task types, 8 languages, 5 areas): everyone speaks
        Dutch, most are active and screened, some paused, in screening or applied; loads are free."""
        from django.contrib.auth.models import Group

        group = Group.objects.get(name=Role.VOLUNTEER).pk
        base = User.objects.count()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO accounts_user
                    (password, is_superuser, email, is_staff, is_active, date_joined, full_name,
                     preferred_language, phone, system_account)
                SELECT '!', false, 'schaal-vrijwilliger-' || (%(base)s + i) || '@vrijwilligers.test', false, true,
                       now(), 'Vrijwilliger ' || (%(base)s + i), 'nl', '', false
                FROM generate_series(1, %(count)s) AS i
                RETURNING id
                """,
                {"base": base, "count": count},
            )
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "INSERT INTO accounts_user_groups (user_id, group_id) SELECT unnest(%s::bigint[]), %s",
                [ids, group],
            )
            cursor.execute(
                """
                INSERT INTO volunteers_volunteerprofile
                    (user_id, state, task_types, languages, areas, transport, commitment, max_active_matches,
                     pause_until, law_consent_at, screening_valid_until, availability_updated_at, last_asked_at,
                     last_active_at, declines_in_a_row, created_at, updated_at)
                SELECT u, state,
                       (1 + (u * 7) %% 31)::int,                 -- at least one of the 5 task types
                       (1 | ((u * 13) %% 256))::int,             -- Dutch, plus some of the other 7 languages
                       (1 << (u %% 5)::int) | (1 << ((u / 5) %% 5)::int),  -- one or two of the 5 areas
                       (ARRAY['none', 'bike', 'public', 'car'])[1 + u %% 4],
                       (ARRAY['both', 'one_off', 'regular'])[1 + u %% 3],
                       (1 + u %% 3)::smallint,
                       CASE WHEN state = 'paused' THEN current_date + (1 + u %% 30)::int END,
                       now(),
                       CASE WHEN state IN ('active', 'paused') THEN current_date + (30 + u %% 330)::int END,
                       now() - (u %% 120) * interval '1 day',
                       CASE WHEN u %% 3 = 0 THEN NULL ELSE now() - (u %% 90) * interval '1 day' END,
                       now() - (u %% 100) * interval '1 day', ((u %% 7) / 4)::smallint, now(), now()
                FROM (
                    SELECT u, CASE WHEN u %% 20 < 15 THEN 'active' WHEN u %% 20 < 17 THEN 'paused'
                                   WHEN u %% 20 < 19 THEN 'screening' ELSE 'applied' END AS state
                    FROM unnest(%(ids)s::bigint[]) AS u
                ) AS generated
                """,
                {"ids": ids},
            )
            # Two or three weekly slots each: a morning, an afternoon and (for a third) an evening.
            cursor.execute(
                """
                INSERT INTO volunteers_availabilityslot (profile_id, weekday, start, "end")
                SELECT p.id, slot.weekday, slot.start, slot.finish
                FROM volunteers_volunteerprofile p
                CROSS JOIN LATERAL (VALUES
                    ((p.id %% 7)::smallint, time '09:00', time '12:00'),
                    (((p.id * 3 + 1) %% 7)::smallint, time '13:00' + (p.id %% 3) * interval '1 hour',
                     time '17:00'),
                    (((p.id * 5 + 2) %% 7)::smallint, time '18:00', time '21:00')
                ) AS slot(weekday, start, finish)
                WHERE p.user_id = ANY(%(ids)s::bigint[]) AND (slot.start < time '18:00' OR p.id %% 3 = 0)
                """,
                {"ids": ids},
            )

    def contacts(self, count: int) -> None:
        """KCC contact moments over three years, all ended, by one generated agent: channels mostly the phone,
        outcomes as a call centre sees them (55 % answered at once, 15 % transferred — three in four of them
        successfully —, 10 % callback, 12 % referred to Leuven Helpt, 8 % to GBO/OCMW), one in six callers
        unknown, hand-offs 0 for an answered contact and 1–3 otherwise. Callers are people already in the
        database (ids that no longer exist become unknown callers)."""
        agent = User.objects.filter(email=SCALE_AGENT).first() or User.objects.create_user(
            email=SCALE_AGENT, password=None, full_name="Schaal Agent"
        )
        account_services.user_set_roles(user=agent, roles=[Role.KCC_AGENT])
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM requests_app_person", [])
            low, high = cursor.fetchone()
            if not high:
                raise CommandError("--contacts needs people in the database: generate some with --people first.")
            cursor.execute(
                """
                INSERT INTO helpdesk_contactmoment
                    (channel, created_at, ended_at, agent_id, person_id, summary, outcome, transfer_to,
                     transfer_succeeded, handoffs, intake)
                SELECT (ARRAY['phone', 'phone', 'phone', 'phone', 'counter', 'counter', 'email', 'letter', 'web',
                              'outreach'])[1 + i %% 10],
                       created, created + interval '7 minutes', %(agent)s, p.id, '', outcome,
                       CASE WHEN outcome = 'transferred' THEN 'Dienst Burgerzaken' ELSE '' END,
                       CASE WHEN outcome = 'transferred' THEN i %% 4 <> 0 END,
                       CASE WHEN outcome = 'answered' THEN 0 ELSE 1 + (i / 7) %% 3 END,
                       '{}'::jsonb
                FROM (
                    SELECT i,
                           now() - ((i * 104729) %% (3 * 365 * 24 * 60)) * interval '1 minute' AS created,
                           CASE WHEN i %% 100 < 55 THEN 'answered' WHEN i %% 100 < 70 THEN 'transferred'
                                WHEN i %% 100 < 80 THEN 'callback' WHEN i %% 100 < 92 THEN 'referred_lh'
                                ELSE 'referred_gbo' END AS outcome,
                           CASE WHEN i %% 6 = 0 THEN NULL
                                ELSE %(low)s + (i * 7919) %% (%(high)s - %(low)s + 1) END AS caller
                    FROM generate_series(1::bigint, %(count)s) AS i
                ) AS generated
                LEFT JOIN requests_app_person p ON p.id = generated.caller
                """,
                {"agent": agent.pk, "low": low, "high": high, "count": count},
            )

    def citizen(self, first_person: int) -> None:
        """A citizen account that follows the requests of the first generated person (for the benchmark)."""
        user = User.objects.filter(email=SCALE_USER).first() or User.objects.create_user(
            email=SCALE_USER, password=None, full_name="Schaal Burger"
        )
        account_services.user_set_roles(user=user, roles=[Role.CITIZEN])
        Person.objects.filter(user=user).update(user=None)
        Person.objects.filter(pk=first_person).update(user=user)
