"""Building volunteers and requests in matching through the services, as the app does."""

from datetime import date, time, timedelta

from django.utils import timezone

from accounts.roles import Role
from requests_app import services as request_services
from tests.factories import PersonFactory, UserFactory, make_request
from volunteers import services
from volunteers.models import VolunteerProfile


def make_volunteer(
    *,
    state: str = "active",
    tasks=("shopping",),
    languages=("nl",),
    areas=("3010",),
    slots=((1, 14, 17),),
    max_active_matches: int = 2,
    commitment: str = "both",
    user=None,
    **user_fields,
) -> VolunteerProfile:
    """A volunteer in ``state`` (applied, screening, active, paused), screened by a coordinator when active."""
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    user = user or UserFactory(**user_fields)
    profile = services.volunteer_apply(
        user=user,
        law_consent=True,
        task_types=list(tasks),
        languages=list(languages),
        areas=list(areas),
        transport="bike",
        commitment=commitment,
        max_active_matches=max_active_matches,
    )
    if slots:
        services.availability_set(profile=profile, slots=[(d, time(a), time(b)) for d, a, b in slots])
    if state == "applied":
        return profile
    services.screening_start(profile=profile, actor=coordinator)
    if state == "screening":
        return profile
    services.screening_record(
        profile=profile, document_date=timezone.localdate() - timedelta(days=10), actor=coordinator
    )
    if state == "paused":
        services.volunteer_pause(profile=profile, until=timezone.localdate() + timedelta(days=7), actor=user)
    profile.refresh_from_db()
    return profile


def task_when(*, weekday: int, regular: bool, today: date | None = None) -> dict:
    """A one-off task on the next ``weekday`` from today (today included); a weekly one on it for three months."""
    today = today or timezone.localdate()
    if regular:
        return {"weekday": weekday, "valid_from": today, "valid_until": today + timedelta(days=91)}
    return {"on": today + timedelta(days=(weekday - today.weekday()) % 7)}


def make_matching_request(
    *,
    coordinator=None,
    task_type: str = "shopping",
    area: str = "3010",
    language: str = "nl",
    weekday: int = 1,
    start: int = 14,
    end: int = 16,
    regular: bool = False,
    consent: bool = True,
    **person_fields,
):
    """A request routed to volunteers, with its task described (and, unless ``consent=False``, the help
    seeker's consent to share it with a volunteer recorded by phone). Returns (request, task)."""
    coordinator = coordinator or UserFactory(roles=[Role.COORDINATOR])
    person = PersonFactory(
        full_name=person_fields.pop("full_name", "Georgette Wouters"),
        street=person_fields.pop("street", "Diestsesteenweg"),
        house_number=person_fields.pop("house_number", "112"),
        phone=person_fields.pop("phone", "016 44 55 66"),
        postcode=area,
        **person_fields,
    )
    request = make_request(
        person=person, needs=["food"], description="Ik heb een geheime medische reden die niemand mag weten."
    )
    request_services.request_take_up(request=request, actor=coordinator)
    request_services.request_route_to_volunteers(request=request, actor=coordinator)
    task = services.task_save(
        request=request,
        actor=coordinator,
        task_type=task_type,
        area=area,
        language=language,
        start=time(start),
        end=time(end),
        regular=regular,
        **task_when(weekday=weekday, regular=regular),
        summary="Boodschappen doen bij de supermarkt.",
        consent_channel="phone" if consent else "",
    )
    return request, task
