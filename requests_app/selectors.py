"""The reads of requests_app's pages: the staff queues (the coordinators' triage queue, a partner's
referrals) with the waiting-time target and the referral suggestions per need, and what one request's page
shows. Every read here decides its own ``select_related`` / ``prefetch_related``, so the query count of a
page does not grow with its rows. Views call these; they do not query the models themselves."""

from datetime import date, datetime, timedelta

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Organization, User
from accounts.roles import Role
from privacy.selectors import consents_in_force
from requests_app.models import (
    WAITING_FIRST,
    FollowUpQuestion,
    HelpRequest,
    Need,
    Referral,
    RequestNeed,
    TimelineEvent,
    Urgency,
)
from requests_app.permissions import can_handle_referral, referrals_for_caseworker, requests_of_help_seeker
from requests_app.status import plain_event
from requests_app.workdays import working_days_between
from requests_app.workflow import WAITING

# A request should hear from us within this many working days (Monday to Friday).
FIRST_CONTACT_TARGET = 2
QUEUE_PAGE_SIZE = 25

# Which kinds of partner fit a need: the refer form suggests these organisations first.
REFERRAL_SUGGESTIONS: dict[str, tuple[str, ...]] = {
    Need.FINANCES: (Organization.Kind.OCMW, Organization.Kind.CAW),
    Need.HOUSING: (Organization.Kind.OCMW, Organization.Kind.CAW),
    Need.HEALTH: (Organization.Kind.MUTUALITEIT, Organization.Kind.ELZ_PARTNER),
    Need.LONELINESS: (Organization.Kind.BUURTWERK,),
    Need.ADMINISTRATION: (Organization.Kind.OCMW,),
}

# The queue's sort orders: most urgent and longest waiting first, or the soonest first-contact promise first.
QUEUE_ORDERS = {
    "urgency": ("-urgency", "created_at", "pk"),
    "due": (F("first_contact_due_at").asc(nulls_last=True), "pk"),
}

# The "age of the request" filter: at least this many days old.
AGE_FILTERS = {"2": 2, "7": 7, "14": 14, "30": 30}


def waits_too_long(request: HelpRequest, today: date | None = None, *, now: datetime | None = None) -> bool:
    """Still waiting without a first contact after its promise ran out (or, for a request without a due time,
    longer than the target)."""
    if request.first_contact_at is not None or request.state not in WAITING:
        return False
    if request.first_contact_due_at is not None:
        return request.first_contact_due_at < (now or timezone.now())
    today = today or timezone.localdate()
    return working_days_between(timezone.localdate(request.created_at), today) > FIRST_CONTACT_TARGET


URGENT_BANNER_SIZE = 5


def urgent_waiting() -> tuple[list[HelpRequest], int]:
    """The crisis requests nobody has contacted yet, the soonest promise first: (up to 5 of them, how many)."""
    found = list(
        HelpRequest.objects.filter(urgency=Urgency.CRISIS, state__in=sorted(WAITING), first_contact_at__isnull=True)
        .only("reference", "first_contact_due_at", "created_at")
        .order_by("first_contact_due_at", "pk")[:50]
    )
    return found[:URGENT_BANNER_SIZE], len(found)


def suggested_kinds(needs: list[str]) -> list[str]:
    """The partner kinds that fit these needs, in the order of the needs, without repeats."""
    kinds: dict[str, None] = {}
    for need in needs:
        for kind in REFERRAL_SUGGESTIONS.get(need, ()):
            kinds[kind] = None
    return list(kinds)


def partner_organizations() -> QuerySet[Organization]:
    """Organisations a request can be referred to (active partners, not the city itself)."""
    return Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.CITY_SERVICE)


def triage_queue(
    *,
    states: list[str] | None = None,
    channel: str = "",
    need: str = "",
    urgency: int | None = None,
    postcode: str = "",
    min_age_days: int | None = None,
    now: datetime | None = None,
    order: str = "urgency",
) -> QuerySet[HelpRequest]:
    """Open requests, most urgent first and then the longest waiting (index ``request_queue``); with
    ``order="due"`` the soonest first-contact promise first (index ``request_contact_due``)."""
    # By default the requests that still wait for help (support started: the partner has it now).
    queryset = HelpRequest.objects.filter(state__in=states or sorted(WAITING))
    if channel:
        queryset = queryset.filter(channel=channel)
    if need:
        queryset = queryset.filter(needs__need=need)
    if urgency:
        queryset = queryset.filter(urgency=urgency)
    if postcode:
        queryset = queryset.filter(person__postcode=postcode)
    if min_age_days:
        queryset = queryset.filter(created_at__lte=(now or timezone.now()) - timedelta(days=min_age_days))
    return (
        queryset.select_related("person", "assigned_to")
        .prefetch_related(Prefetch("needs", queryset=RequestNeed.objects.order_by("need")))
        .only(
            "reference",
            "state",
            "urgency",
            "channel",
            "created_at",
            "first_contact_at",
            "first_contact_due_at",
            "person__postcode",
            "assigned_to__full_name",
            "assigned_to__email",
        )
        .order_by(*QUEUE_ORDERS.get(order, QUEUE_ORDERS["urgency"]))
    )


def request_for_coordination(reference: str) -> QuerySet[HelpRequest]:
    """One request with everything its coordination page shows."""
    return (
        HelpRequest.objects.filter(reference=reference)
        .select_related(
            "person",
            "assigned_to",
            "submitted_by",
            "follows_up",
            "support_track__organization",
            "support_track__volunteer",
            "support_track__referred_on_to",
        )
        .prefetch_related(
            "follow_up_questions",
            "follow_ons",
            Prefetch("needs", queryset=RequestNeed.objects.order_by("need")),
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("actor").order_by("at", "id")),
            Prefetch(
                "referrals", queryset=Referral.objects.select_related("organization", "created_by", "answered_by")
            ),
        )
    )


def request_for_coordinator(user: User, reference: str) -> HelpRequest | None:
    """The request a coordinator's action changes (the service checks its state); None for anybody who is
    not a coordinator, so a view that forgot its role check still changes nothing (a 404)."""
    if not user.is_authenticated or not user.has_role(Role.COORDINATOR):
        return None
    return HelpRequest.objects.filter(reference=reference).first()


def partner_queue(user: User) -> QuerySet[Referral]:
    """The referrals to the caseworker's organisations: the waiting ones first, then the oldest."""
    return (
        referrals_for_caseworker(user)
        .select_related("organization", "request")
        .prefetch_related(Prefetch("request__needs", queryset=RequestNeed.objects.order_by("need")))
        .alias(waiting=WAITING_FIRST)
        .order_by("waiting", "created_at", "pk")
    )


def referral_for_partner(referral_id: int) -> QuerySet[Referral]:
    """One referral with what its partner page shows (and nothing of other partners)."""
    return (
        Referral.objects.filter(pk=referral_id)
        .select_related("organization", "request__person", "request__support_track")
        .prefetch_related(Prefetch("request__needs", queryset=RequestNeed.objects.order_by("need")))
    )


class NoLongerShared(Exception):
    """The referral is to the caseworker's organisation, but the request is no longer shared with it."""

    def __init__(self, referral: Referral):
        self.referral = referral


def partner_referral(user: User, referral_id: int) -> Referral:
    """The referral when the caseworker (or an API client's system account) may open it, with what its page
    shows; ``NoLongerShared`` when it was to their organisation but the help seeker's consent no longer allows
    it (its object permission went); ``Http404`` for anything else, so nobody learns another partner's referral
    exists. The portal's page and the API both load a referral here."""
    referral = referral_for_partner(referral_id).first()
    if referral is None or not referrals_for_caseworker(user).filter(pk=referral.pk).exists():
        raise Http404
    if not can_handle_referral(user, referral):
        raise NoLongerShared(referral)
    return referral


# The help seeker had this long to answer the follow-up question before "no answer" shows.
FOLLOW_UP_ANSWER_DAYS = 14


def attention_queue() -> QuerySet[HelpRequest]:
    """Requests whose help seeker said they were not (fully) helped: first in line for a coordinator."""
    return (
        HelpRequest.objects.filter(attention_since__isnull=False)
        .select_related("person")
        .only("reference", "state", "attention_since", "person__postcode")
        .order_by("attention_since", "pk")
    )


def unanswered_follow_ups(now: datetime | None = None) -> QuerySet[FollowUpQuestion]:
    """Follow-up questions sent more than 14 days ago and not answered (index ``follow_up_unanswered``)."""
    since = (now or timezone.now()) - timedelta(days=FOLLOW_UP_ANSWER_DAYS)
    return (
        FollowUpQuestion.objects.filter(answered_at__isnull=True, sent_at__lt=since)
        .select_related("request")
        .only("moment", "sent_at", "request__reference")
        .order_by("sent_at", "pk")
    )


# -- one request's pages -------------------------------------------------------------------------
def request_file(help_request: HelpRequest) -> dict:
    """What the coordinator's page of one request lists: needs, timeline, referrals, the volunteers asked
    (the volunteers app's matches, through the request) and the consents in force. Five queries."""
    return {
        "needs": list(help_request.needs.all()),
        "timeline": list(help_request.timeline.all()),
        "referrals": list(help_request.referrals.all()),
        "matches": list(help_request.matches.select_related("volunteer__user")),
        "consents": list(
            consents_in_force(person_id=help_request.person_id, purpose=None, help_request_id=help_request.pk)
            .prefetch_related("recipients")
            .order_by("given_at", "pk")
        ),
    }


def referral_of_request(help_request: HelpRequest, referral_id: int) -> Referral | None:
    """One referral of this request; None (a 404) for another request's referral id under this reference."""
    return Referral.objects.select_related("organization").filter(pk=referral_id, request=help_request).first()


def progress_notes(help_request: HelpRequest) -> list[TimelineEvent]:
    """The support track's progress notes (internal: the partner organisation and the coordinators)."""
    return list(help_request.timeline.filter(kind=TimelineEvent.Kind.PROGRESS).select_related("actor"))


def request_with_person(pk: int) -> HelpRequest | None:
    return HelpRequest.objects.select_related("person").filter(pk=pk).first()


def follow_up_question(pk: int) -> FollowUpQuestion | None:
    return FollowUpQuestion.objects.select_related("request__person").filter(pk=pk).first()


# -- the help seeker's own requests (/mijn/aanvragen/ and the private follow-up link) ---------------
def _with_public_details(requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    """What the plain status and the public timeline need, in a fixed number of queries."""
    return requests.select_related(
        "person", "support_track__organization", "support_track__volunteer"
    ).prefetch_related(
        Prefetch("referrals", queryset=Referral.objects.select_related("organization")),
        Prefetch("timeline", queryset=TimelineEvent.objects.filter(public=True), to_attr="public_events"),
        "needs",
    )


def request_followed_by_token(pk: int) -> HelpRequest | None:
    """The request behind a valid follow-up token (``follow.request_from_token`` checks the signature, which
    is the access rule: whoever holds the link), with its public timeline."""
    return _with_public_details(HelpRequest.objects.filter(pk=pk)).first()


def followed_requests(user: User) -> QuerySet[HelpRequest]:
    """The list at /mijn/aanvragen/: the requests this user follows, newest first."""
    return (
        requests_of_help_seeker(user)
        .select_related("person", "support_track__organization", "support_track__volunteer")
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("organization")),
            Prefetch("needs", queryset=RequestNeed.objects.order_by("need")),
        )
        .order_by("-created_at")
    )


def followed_request(user: User, reference: str) -> HelpRequest | None:
    """One request this user follows, with its public timeline; None for anybody else's (a 404)."""
    return _with_public_details(requests_of_help_seeker(user).filter(reference=reference)).first()


def plain_timeline(help_request: HelpRequest, events=None) -> list[tuple[TimelineEvent, str]]:
    """The public timeline in the help seeker's words: only the rows that say something to them.
    ``events``: already fetched (the follow pages prefetch them); else read here, oldest first (one query)."""
    if events is None:
        events = help_request.timeline.filter(public=True).order_by("at", "id")
    return [(event, text) for event in events if (text := plain_event(event, help_request))]
