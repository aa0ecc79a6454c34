"""Demo history for /inzichten/: half a year of finished help requests, and assistant sessions.

The other demo data is a handful of requests made today, too few for any figure above "< 5". This
adds 150 requests spread over the last 180 days, all in a final or handled state (support started,
closed, withdrawn, closed without support), so the coordinators' and partners' queues stay as the
other demo data makes them. Like ``seed_scale`` it writes the rows directly (bulk, not one service
call per step: the demo is loaded before every browser test), keeping the model's rules: a handled
request has its accepted referral and support track; a declined referral has a reason. Made once
(skipped when the demo people exist); the same every time (a fixed random seed). The summary is
counted afterwards.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.models import User
from assistant.models import Edition, UsageCount
from helpdesk.models import ContactMoment
from insights.services import summary_refresh
from people.models import Person
from requests_app.models import HelpRequest, Referral, RequestNeed, SupportTrack, TimelineEvent
from requests_app.selectors import partner_organizations
from requests_app.workflow import State
from volunteers.demo import DEMO_EMAIL
from volunteers.models import Match, VolunteerProfile

REQUESTS = 150
BATCH = 500  # rows per bulk UPDATE (one CASE expression each)
DAYS = 180
PREFIX = "Demo-inwoner "
CHANNELS = ["web", "assistant", "phone", "counter", "email", "letter", "outreach", "partner"]
CHANNEL_WEIGHTS = [25, 20, 25, 12, 8, 2, 5, 3]
NEEDS = ["finances", "housing", "health", "loneliness", "administration", "mobility", "food", "family", "work"]
DESCRIPTION = "Demo-aanvraag voor de inzichten."


def seed(*, stdout) -> None:
    partners = list(partner_organizations().order_by("name"))
    if not partners:
        stdout.write("Insights: no partner organisations; skipped.")
        return
    if Person.objects.filter(full_name__startswith=PREFIX).exists():
        summary_refresh(full=True)
        stdout.write("Insights: demo history already there (summary counted again).")
        return
    volunteers = list(
        VolunteerProfile.objects.filter(state=VolunteerProfile.State.ACTIVE)
        .exclude(user__email=DEMO_EMAIL)
        .select_related("user")
        .order_by("pk")
    )
    with transaction.atomic():
        _history(random.Random(2026), timezone.now(), partners, volunteers)  # noqa: S311 - demo data # nosec B311
        _sessions(random.Random(2027), timezone.now())  # noqa: S311 - demo data # nosec B311
        _contacts(random.Random(2028), timezone.now())  # noqa: S311 - demo data # nosec B311
    summary_refresh(full=True)
    stdout.write(
        f"Insights: {REQUESTS} demo requests over the last {DAYS} days (some with volunteer matches), "
        "KCC contact moments and assistant sessions."
    )


def _history(rng, now, partners, volunteers) -> None:
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"{PREFIX}{n:03d}", phone=f"0470 00 {n // 100:02d} {n % 100:02d}", postcode="3000")
            for n in range(1, REQUESTS + 1)
        ]
    )
    plans = []
    for person in people:
        created = now - timedelta(days=rng.uniform(2, DAYS), minutes=rng.randint(0, 600))
        fate = rng.random()
        state = (
            State.WITHDRAWN
            if fate < 0.1
            else State.CLOSED_WITHOUT_SUPPORT
            if fate < 0.2
            else State.SUPPORT_STARTED
            if fate < 0.6
            else State.CLOSED
        )
        contact = None if state == State.WITHDRAWN else created + timedelta(hours=rng.uniform(2, 96))
        support = (
            contact + timedelta(days=rng.uniform(0.5, 20)) if state in (State.SUPPORT_STARTED, State.CLOSED) else None
        )
        closed = {State.CLOSED: support + timedelta(days=30) if support else None}.get(state)
        if state in (State.WITHDRAWN, State.CLOSED_WITHOUT_SUPPORT):
            closed = created + timedelta(days=2)
        plans.append((person, created, state, contact, support, closed))
    requests = HelpRequest.objects.bulk_create(
        [
            HelpRequest(
                person=person,
                channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                description=DESCRIPTION,
                urgency=rng.choice([1, 2, 2, 3]),
                contact_consent_at=created,
                state=state,
                first_contact_at=contact,
                support_started_at=support,
                closed_at=closed,
            )
            for person, created, state, contact, support, closed in plans
        ]
    )
    needs, referrals, events, matches, tracks = [], [], [], [], []
    for request, (_person, created, state, _contact, support, closed) in zip(requests, plans, strict=True):
        needs += [RequestNeed(request=request, need=need) for need in rng.sample(NEEDS, rng.choice([1, 1, 2]))]
        events.append(TimelineEvent(request=request, kind="transition", to_state=State.SUBMITTED, public=True))
        if support is None:
            continue
        # Some finished requests went to a volunteer (completed: no open match weighs on anyone's load),
        # often after another volunteer declined or did not answer.
        if state == State.CLOSED and len(volunteers) >= 2 and rng.random() < 0.45:
            helper, other = rng.sample(volunteers, 2)
            asked = support - timedelta(days=1)
            if rng.random() < 0.5:
                no = rng.random() < 0.7
                matches.append(
                    Match(
                        request=request,
                        volunteer=other,
                        status=Match.Status.DECLINED if no else Match.Status.EXPIRED,
                        proposed_at=asked - timedelta(days=2),
                        expires_at=asked,
                        answered_at=asked - timedelta(days=1) if no else asked,
                        decline_reason=rng.choice(Match.DeclineReason.values) if no else "",
                    )
                )
            matches.append(
                Match(
                    request=request,
                    volunteer=helper,
                    status=Match.Status.COMPLETED,
                    proposed_at=asked,
                    expires_at=asked + timedelta(days=2),
                    answered_at=support,
                    accepted_at=support,
                    ended_at=closed,
                    outcome="Demo: geholpen.",
                    hours=rng.choice([1, 1.5, 2, 2.5, 3, 4, 6]),
                )
            )
            tracks.append(
                SupportTrack(
                    request=request,
                    volunteer=helper.user,
                    contact_person=helper.user.get_short_name(),
                    started_on=timezone.localdate(support),
                )
            )
            continue
        first, second = rng.sample(partners, 2)
        if rng.random() < 0.25:  # declined first, then accepted elsewhere
            referrals.append(
                Referral(
                    request=request,
                    organization=first,
                    status=Referral.Status.DECLINED,
                    reason=rng.choice(Referral.DeclineReason.values),
                    answered_at=created + timedelta(days=1),
                )
            )
        referrals.append(
            Referral(request=request, organization=second, status=Referral.Status.ACCEPTED, answered_at=support)
        )
    RequestNeed.objects.bulk_create(needs)
    TimelineEvent.objects.bulk_create(events)
    Referral.objects.bulk_create(referrals)
    _share_with_partners(referrals)
    Match.objects.bulk_create(matches)
    SupportTrack.objects.bulk_create(
        tracks
        + [
            SupportTrack(
                request_id=referral.request_id,
                referral=referral,
                organization_id=referral.organization_id,
                contact_person="Maatschappelijk werker",
                started_on=timezone.localdate(referral.answered_at),
            )
            for referral in referrals
            if referral.status == Referral.Status.ACCEPTED
        ]
    )
    # Back to their days (the creation times are set on saving): one UPDATE per table, not one per row.
    created_of = {request.pk: created for request, (_person, created, *_rest) in zip(requests, plans, strict=True)}
    for request in requests:
        request.created_at = created_of[request.pk]
    for event in events:
        event.at = created_of[event.request_id]
    for referral in referrals:
        referral.created_at = created_of[referral.request_id] + timedelta(hours=3)
    HelpRequest.objects.bulk_update(requests, ["created_at"], batch_size=BATCH)
    TimelineEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    Referral.objects.bulk_update(referrals, ["created_at"], batch_size=BATCH)


def _share_with_partners(referrals: list[Referral]) -> None:
    """The object permissions a referral made through ``request_refer`` gets, so that a caseworker can read back
    the demo's history (in bulk: one insert per organisation and permission)."""
    by_organization: dict[int, list[Referral]] = {}
    for referral in referrals:
        by_organization.setdefault(referral.organization_id, []).append(referral)
    groups = {org.pk: org.group for org in partner_organizations().select_related("group")}
    for organization_id, handled in by_organization.items():
        group = groups[organization_id]
        assign_perm("requests_app.view_referral", group, Referral.objects.filter(pk__in=[r.pk for r in handled]))
        request_ids = {r.request_id for r in handled}
        assign_perm("requests_app.view_helprequest", group, HelpRequest.objects.filter(pk__in=request_ids))


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


KCC_CHANNELS = ["phone", "counter", "email", "letter", "web", "outreach"]
KCC_WEIGHTS = [55, 20, 12, 3, 6, 4]
KCC_OUTCOMES = [
    (ContactMoment.Outcome.ANSWERED, 60),
    (ContactMoment.Outcome.TRANSFERRED, 15),
    (ContactMoment.Outcome.CALLBACK, 10),
    (ContactMoment.Outcome.REFERRED_LEUVEN_HELPT, 15),
]
KCC_CONTACTS = 240


def _contacts(rng, now) -> None:
    """KCC contact moments of the demo people over the same days, with their hand-offs counted as the
    console counts them (this contact and the earlier ones that passed the person on)."""
    agent = User.objects.filter(email="kcc@leuvenhelpt.test").first()
    if agent is None:
        return
    people = list(
        Person.objects.filter(full_name__startswith=PREFIX).prefetch_related("requests").order_by("full_name")
    )
    plans = (
        sorted(
            (now - timedelta(days=rng.uniform(2, DAYS), minutes=rng.randint(0, 600)), rng.choice(people + [None] * 20))
            for _n in range(KCC_CONTACTS)
        )
        if people
        else []
    )
    passed_on: dict[int, int] = {}
    moments = []
    for created, person in plans:
        outcome = rng.choices([o for o, _w in KCC_OUTCOMES], [w for _o, w in KCC_OUTCOMES])[0]
        request = next(iter(person.requests.all()), None) if person else None
        if outcome == ContactMoment.Outcome.REFERRED_LEUVEN_HELPT and request is None:
            outcome = ContactMoment.Outcome.ANSWERED
        handoff = outcome != ContactMoment.Outcome.ANSWERED
        count = (passed_on.get(person.pk, 0) if person else 0) + handoff
        if person is not None:
            passed_on[person.pk] = count
        transferred = outcome == ContactMoment.Outcome.TRANSFERRED
        moments.append(
            ContactMoment(
                channel=rng.choices(KCC_CHANNELS, KCC_WEIGHTS)[0],
                ended_at=created + timedelta(minutes=rng.randint(3, 25)),
                agent=agent,
                person=person,
                outcome=outcome,
                transfer_to="Dienst Wonen" if transferred else "",
                transfer_succeeded=(rng.random() < 0.8) if transferred else None,
                handoffs=count,
                help_request=request if outcome == ContactMoment.Outcome.REFERRED_LEUVEN_HELPT else None,
            )
        )
    ContactMoment.objects.bulk_create(moments)
    for moment, (created, _person) in zip(moments, plans, strict=True):
        moment.created_at = created
    ContactMoment.objects.bulk_update(moments, ["created_at"], batch_size=BATCH)
