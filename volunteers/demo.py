"""Demo volunteers for ``seed_demo``: a mix of tasks, languages, areas and states, and a request in matching
with a proposal waiting for vrijwilliger@leuvenhelpt.test. Made once; every step goes through the services."""

from datetime import time, timedelta

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from people.models import Person
from requests_app import services as request_services
from volunteers import services
from volunteers.models import VolunteerProfile

DEMO_EMAIL = "vrijwilliger@leuvenhelpt.test"

# (e-mail, name, tasks, languages, areas, transport, state, slots as (weekday, from, until))
VOLUNTEERS = [
    (
        DEMO_EMAIL,
        "",
        ["shopping", "visit", "digital"],
        ["nl", "en"],
        ["3010", "3000"],
        "bike",
        "active",
        [(1, 13, 17), (3, 9, 12)],
    ),
    (
        "fatima.benali@vrijwilligers.test",
        "Fatima Benali",
        ["shopping", "paperwork"],
        ["nl", "ar", "fr"],
        ["3010", "3012"],
        "public",
        "active",
        [(1, 14, 18), (4, 9, 12)],
    ),
    (
        "wout.vermeulen@vrijwilligers.test",
        "Wout Vermeulen",
        ["lift", "shopping"],
        ["nl"],
        ["3001", "3000", "3010"],
        "car",
        "active",
        [(0, 9, 17), (1, 9, 17), (2, 9, 17)],
    ),
    (
        "els.goossens@vrijwilligers.test",
        "Els Goossens",
        ["visit", "paperwork"],
        ["nl", "fr"],
        ["3000", "3018"],
        "bike",
        "paused",
        [(2, 14, 17)],
    ),
    (
        "mehmet.yilmaz@vrijwilligers.test",
        "Mehmet Yılmaz",
        ["digital", "paperwork"],
        ["nl", "tr", "en"],
        ["3010", "3001"],
        "public",
        "screening",
        [(5, 10, 13)],
    ),
    (
        "lotte.de.smet@vrijwilligers.test",
        "Lotte De Smet",
        ["shopping", "visit"],
        ["nl", "es"],
        ["3012", "3018"],
        "bike",
        "applied",
        [(6, 14, 17)],
    ),
]


def seed(*, stdout) -> None:
    coordinator = User.objects.filter(email="coordinator@leuvenhelpt.test").first()
    demo = User.objects.filter(email=DEMO_EMAIL).first()
    if coordinator is None or demo is None or VolunteerProfile.objects.filter(user=demo).exists():
        stdout.write("Volunteers: demo volunteers already there.")
        return
    today = timezone.localdate()
    profiles = {}
    for email, name, tasks, languages, areas, transport, state, slots in VOLUNTEERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name
        )
        profile = services.volunteer_apply(
            user=user,
            law_consent=True,
            task_types=tasks,
            languages=languages,
            areas=areas,
            transport=transport,
            commitment="both",
            max_active_matches=2,
        )
        services.availability_set(profile=profile, slots=[(d, time(a), time(b)) for d, a, b in slots])
        if state != "applied":
            services.screening_start(profile=profile, actor=coordinator)
        if state in ("active", "paused"):
            services.screening_record(profile=profile, document_date=today - timedelta(days=40), actor=coordinator)
        if state == "paused":
            services.volunteer_pause(profile=profile, until=today + timedelta(days=21), actor=user)
        profiles[email] = profile
    # A request in matching with its task, proposed to the demo volunteer.
    person = Person.objects.create(
        full_name="Georgette Wouters",
        phone="016 44 55 66",
        street="Diestsesteenweg",
        house_number="112",
        postcode="3010",
        municipality="Kessel-Lo",
    )
    request = request_services.request_submit(
        person=person,
        channel="phone",
        needs=["food", "loneliness"],
        description="Ik ben slecht te been en kan mijn boodschappen niet meer dragen.",
        urgency=2,
    )
    request_services.request_take_up(request=request, actor=coordinator)
    request_services.request_route_to_volunteers(request=request, actor=coordinator)
    services.task_save(
        request=request,
        actor=coordinator,
        task_type="shopping",
        area="3010",
        language="nl",
        weekday=1,
        valid_from=today,
        valid_until=today + timedelta(days=91),
        start=time(14),
        end=time(16),
        regular=True,
        summary="Wekelijks boodschappen doen bij de supermarkt om de hoek en even samen koffie drinken.",
        consent_channel="phone",
    )
    services.match_propose(request=request, volunteer=profiles[DEMO_EMAIL], actor=coordinator)
    stdout.write(f"Volunteers: {len(VOLUNTEERS)} demo volunteers and a proposal waiting for {DEMO_EMAIL}.")
