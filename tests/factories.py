"""Factories per app, each going through the services wherever a state has side effects (timeline, consents,
permissions, outbox). A trait per state: ``HelpRequestFactory(triaged=True)``, ``ReferralFactory(accepted=True)``,
``VolunteerFactory(onboarded=True)``, ``MatchFactory(accepted=True)``; ``make_request``, ``make_volunteer`` and
``make_matching_request`` are the services-driven builders behind them, for tests that need their arguments."""

from datetime import date, time, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts import services
from accounts.models import Membership, Organization, User
from accounts.roles import Role
from volunteers.models import VolunteerProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.test")
    full_name = factory.Faker("name", locale="nl_BE")
    preferred_language = User.Language.DUTCH
    password = factory.django.Password("Correct-horse-battery-9")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            services.user_set_roles(user=self, roles=list(extracted))

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Organization.Kind.CAW

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organization_create(**kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.membership_add(**kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Person"

    full_name = factory.Faker("name", locale="nl_BE")
    phone = factory.Sequence(lambda n: f"0470 {n:02d} 34 56")
    postcode = "3010"


def make_request(**kwargs):
    """A submitted help request through the service, as a person would ask for help."""
    from requests_app import services

    values = {
        "person": kwargs.pop("person", None) or PersonFactory(),
        "channel": "phone",
        "needs": ["finances"],
        "description": "Ik heb schulden en weet niet waar te beginnen.",
    }
    values.update(kwargs)
    return services.request_submit(**values)


def _coordinator() -> User:
    return UserFactory(roles=[Role.COORDINATOR])


class HelpRequestFactory(factory.django.DjangoModelFactory):
    """A submitted help request (``make_request``); ``triaged=True`` a coordinator took it up, ``in_matching=True``
    it was then sent to volunteer matching, ``referred=True`` it was referred to a new partner, ``withdrawn=True``
    the help seeker withdrew it. ``coordinator`` acts (a new one by default)."""

    class Meta:
        model = "requests_app.HelpRequest"

    class Params:
        triaged = factory.Trait(reach="triage")
        in_matching = factory.Trait(reach="matching")
        referred = factory.Trait(reach="referred")
        withdrawn = factory.Trait(reach="withdrawn")

    reach = "submitted"
    coordinator = None

    @classmethod
    def _create(cls, model_class, *args, reach: str, coordinator=None, **kwargs):
        from requests_app import services as request_services

        request = make_request(**kwargs)
        if reach == "withdrawn":
            return request_services.request_withdraw(request=request, actor=None)
        if reach == "submitted":
            return request
        coordinator = coordinator or _coordinator()
        request_services.request_take_up(request=request, actor=coordinator)
        if reach == "matching":
            request_services.request_route_to_volunteers(request=request, actor=coordinator)
        if reach == "referred":
            request_services.request_refer(
                consent_channel="phone", request=request, organizations=[OrganizationFactory()], actor=coordinator
            )
        request.refresh_from_db()
        return request


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral of a triaged request to ``organization`` (a new partner by default), waiting for its answer;
    ``accepted=True`` the partner started the support, ``declined=True`` it declined (no capacity)."""

    class Meta:
        model = "requests_app.Referral"

    class Params:
        accepted = factory.Trait(reach="accepted")
        declined = factory.Trait(reach="declined")

    reach = "proposed"
    coordinator = None
    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class, *args, reach: str, organization, coordinator=None, **request_fields):
        from requests_app import services as request_services

        coordinator = coordinator or _coordinator()
        request = HelpRequestFactory(triaged=True, coordinator=coordinator, **request_fields)
        (referral,) = request_services.request_refer(
            consent_channel="phone", request=request, organizations=[organization], actor=coordinator
        )
        if reach == "accepted":
            request_services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima Benali")
        if reach == "declined":
            request_services.referral_decline(referral=referral, actor=coordinator, reason="no_capacity")
        referral.refresh_from_db()
        return referral


class VolunteerFactory(factory.django.DjangoModelFactory):
    """A volunteer who applied (``make_volunteer``); ``screening=True`` a coordinator started the screening,
    ``onboarded=True`` it was recorded (the volunteer is active), ``paused=True`` the active volunteer paused."""

    class Meta:
        model = "volunteers.VolunteerProfile"

    class Params:
        screening = factory.Trait(state="screening")
        onboarded = factory.Trait(state="active")
        paused = factory.Trait(state="paused")

    state = "applied"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_volunteer(**kwargs)


class MatchFactory(factory.django.DjangoModelFactory):
    """A match proposed for a request in matching (``make_matching_request``) to ``volunteer`` (a new onboarded
    one by default); ``accepted=True`` the volunteer said yes, ``declined=True`` no (too far),
    ``cancelled=True`` the coordinator cancelled the accepted match."""

    class Meta:
        model = "volunteers.Match"

    class Params:
        accepted = factory.Trait(reach="accepted")
        declined = factory.Trait(reach="declined")
        cancelled = factory.Trait(reach="cancelled")

    reach = "proposed"
    coordinator = None
    volunteer = None
    then_ask_next = 0

    @classmethod
    def _create(cls, model_class, *args, reach: str, coordinator=None, volunteer=None, then_ask_next=0, **request):
        from volunteers import services as volunteer_services

        coordinator = coordinator or _coordinator()
        help_request, _task = make_matching_request(coordinator=coordinator, **request)
        match = volunteer_services.match_propose(
            request=help_request,
            volunteer=volunteer or make_volunteer(),
            actor=coordinator,
            then_ask_next=then_ask_next,
        )
        user = match.volunteer.user
        if reach == "declined":
            return volunteer_services.match_decline(match=match, actor=user, reason="too_far")
        if reach in ("accepted", "cancelled"):
            match = volunteer_services.match_accept(match=match, actor=user)
        if reach == "cancelled":
            match = volunteer_services.match_cancel(match=match, actor=coordinator, reason="De hulpvrager belde af.")
        return match


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
    from volunteers import services

    coordinator = _coordinator()
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
        profile.refresh_from_db()
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
    from requests_app import services as request_services
    from volunteers import services

    coordinator = coordinator or _coordinator()
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
