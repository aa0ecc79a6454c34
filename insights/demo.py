"""Demo history for /inzichten/: half a year of help requests in every state, and assistant sessions.

The other demo data is a handful of requests made today, too few for any figure above "< 5". This
adds 240 requests spread over the last 180 days, each taken through the request services (take up,
contact, refer, decline, accept, route to volunteers, withdraw, close without support) and then moved
back to its day, plus daily anonymous assistant session counts. Made once (skipped when the demo
people exist); the same every time (a fixed random seed).
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from assistant.models import Edition, UsageCount
from insights.services import summary_refresh
from requests_app import services
from requests_app.models import HelpRequest, Person, Referral, SupportTrack, TimelineEvent
from requests_app.queues import partner_organizations

REQUESTS = 240
DAYS = 180
PREFIX = "Demo-inwoner "
CHANNELS = ["web", "assistant", "phone", "counter", "email", "letter", "outreach", "partner"]
CHANNEL_WEIGHTS = [25, 20, 25, 12, 8, 2, 5, 3]
NEEDS = ["finances", "housing", "health", "loneliness", "administration", "mobility", "food", "family", "work"]


def seed(*, stdout) -> None:
    coordinator = User.objects.filter(email="coordinator@leuvenhelpt.test").first()
    caseworker = User.objects.filter(email="hulpverlener@leuvenhelpt.test").first()
    partners = list(partner_organizations().order_by("name"))
    if coordinator is None or caseworker is None or not partners:
        stdout.write("Insights: no demo coordinator or partners; skipped.")
        return
    if Person.objects.filter(full_name__startswith=PREFIX).exists():
        summary_refresh(full=True)
        stdout.write("Insights: demo history already there (summary counted again).")
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    now = timezone.now()
    with transaction.atomic():
        for number in range(1, REQUESTS + 1):
            _one(rng, number, now, coordinator, caseworker, partners)
        _sessions(rng, now)
    summary_refresh(full=True)
    stdout.write(f"Insights: {REQUESTS} demo requests over the last {DAYS} days, and assistant sessions.")


def _one(rng, number, now, coordinator, caseworker, partners: list[Organization]) -> None:
    person = Person.objects.create(
        full_name=f"{PREFIX}{number:03d}", phone=f"0470 00 {number // 100:02d} {number % 100:02d}", postcode="3000"
    )
    request = services.request_submit(
        person=person,
        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
        needs=rng.sample(NEEDS, rng.choice([1, 1, 2])),
        description="Demo-aanvraag voor de inzichten.",
        urgency=rng.choice([1, 2, 2, 3]),
    )
    created = now - timedelta(days=rng.uniform(1, DAYS))
    fate = rng.random()
    first_contact = created + timedelta(hours=rng.uniform(2, 96))
    if fate < 0.06:  # withdrawn before anyone looked at it
        services.request_withdraw(request=request, actor=None, reason="")
        _move_back(request, created, first_contact=None, support=None)
        return
    services.request_take_up(request=request, actor=coordinator)
    services.request_record_contact(request=request, actor=coordinator)
    if fate < 0.12:
        services.request_close_without_support(request=request, actor=coordinator, reason="Demo: geen hulp nodig.")
        _move_back(request, created, first_contact=first_contact, support=None)
        return
    if fate < 0.17:  # still in triage
        _move_back(request, created, first_contact=first_contact, support=None)
        return
    if fate < 0.30:  # the volunteer route: no volunteer yet (matches come with the volunteers app)
        services.request_route_to_volunteers(request=request, actor=coordinator)
        _move_back(request, created, first_contact=first_contact, support=None)
        return
    chosen = rng.sample(partners, 2)
    (referral,) = services.request_refer(request=request, organizations=[chosen[0]], actor=coordinator)
    if rng.random() < 0.25:  # declined first, then referred elsewhere
        services.referral_decline(
            referral=referral, actor=caseworker, reason=rng.choice(Referral.DeclineReason.values), note=""
        )
        (referral,) = services.request_refer(request=request, organizations=[chosen[1]], actor=coordinator)
    if fate < 0.40:  # waiting for the partner
        _move_back(request, created, first_contact=first_contact, support=None)
        return
    services.referral_accept(referral=referral, actor=caseworker, contact_person="Maatschappelijk werker")
    support = first_contact + timedelta(days=rng.uniform(0.5, 20))
    if fate > 0.75:
        services.request_close(request=request, actor=caseworker, outcome="")
    _move_back(request, created, first_contact=first_contact, support=support)


def _move_back(request: HelpRequest, created, *, first_contact, support) -> None:
    """Place a demo request at its day: everything that happened to it moves back with it."""
    shift = timezone.now() - created
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=created,
        first_contact_at=first_contact,
        support_started_at=support,
        closed_at=None if support is None else support + timedelta(days=30),
    )
    HelpRequest.objects.filter(pk=request.pk, state__in=["withdrawn", "closed_without_support"]).update(
        closed_at=created + timedelta(days=2)
    )
    HelpRequest.objects.filter(pk=request.pk, state="support_started").update(closed_at=None)
    for referral in Referral.objects.filter(request=request):
        Referral.objects.filter(pk=referral.pk).update(
            created_at=referral.created_at - shift,
            answered_at=None if referral.answered_at is None else (support or created + timedelta(days=3)),
        )
    if support is not None:
        SupportTrack.objects.filter(request=request).update(started_on=timezone.localdate(support))
    TimelineEvent.objects.filter(request=request).update(at=created)


def _sessions(rng, now) -> None:
    edition = Edition.objects.filter(state=Edition.State.PUBLISHED).first()
    if edition is None:
        return
    today = timezone.localdate(now)
    for back in range(DAYS):
        day = today - timedelta(days=back)
        started = rng.randint(15, 70)
        for event, count in (
            (UsageCount.Event.SESSION_STARTED, started),
            (UsageCount.Event.SESSION_FINISHED, int(started * rng.uniform(0.4, 0.8))),
        ):
            UsageCount.objects.get_or_create(edition=edition, day=day, event=event, key="", defaults={"count": count})
