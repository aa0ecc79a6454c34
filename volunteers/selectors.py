"""Reads that the volunteers pages share: the ranking, the coordinator's overview and radar, a volunteer's matches.

The ranking is one SQL query (PostgreSQL and SQLite alike): the hard conditions filter, the soft
ones are annotated as facts and sort, and each row carries the facts behind its "why" line.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from requests_app.models import HelpRequest
from volunteers.choices import (
    AREA_NAMES,
    DAYPART_LABELS,
    DAYPARTS,
    SPEAKS,
    Area,
    Commitment,
    Language,
    TaskType,
    Weekday,
    bit,
    daypart_of,
)
from volunteers.models import AvailabilitySlot, Match, VolunteerProfile, VolunteerTask

CANDIDATES_SHOWN = 25
OPEN = [Match.Status.PROPOSED, Match.Status.ACCEPTED]


def matchable(today: date) -> Q:
    """Active (or paused until a day that has passed) with a screening that is still valid."""
    return (Q(state=VolunteerProfile.State.ACTIVE) | Q(state=VolunteerProfile.State.PAUSED, pause_until__lt=today)) & Q(
        screening_valid_until__gte=today
    )


def open_load() -> Coalesce:
    """How many matches a volunteer has open (proposed or accepted), as a correlated subquery."""
    counts = (
        Match.objects.filter(volunteer=OuterRef("pk"), status__in=OPEN)
        .order_by()
        .values("volunteer")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


# One statement on PostgreSQL and SQLite alike: the open load per volunteer and who is free on the day
# are aggregated once (hash-joined, not a subquery per volunteer), then the eligible volunteers are
# filtered, counted and sorted. Every value is a parameter; the text is a constant of this module.
RANKING_SQL = """
WITH open_load AS (
    SELECT volunteer_id, COUNT(*) AS n FROM volunteers_match
    WHERE status IN ('proposed', 'accepted') GROUP BY volunteer_id
),
free AS (
    SELECT profile_id, MAX(CASE WHEN start <= %s AND "end" >= %s THEN 1 ELSE 0 END) AS covers
    FROM volunteers_availabilityslot
    WHERE weekday = %s AND start < %s AND "end" > %s
    GROUP BY profile_id
),
eligible AS (
    SELECT p.*, COALESCE(l.n, 0) AS load, COALESCE(f.covers, 0) AS covers,
           CASE WHEN f.profile_id IS NULL THEN 0 ELSE 1 END AS partly,
           CASE WHEN (p.languages & %s) <> 0 THEN 1 ELSE 0 END AS speaks
    FROM volunteers_volunteerprofile p
    LEFT JOIN open_load l ON l.volunteer_id = p.id
    LEFT JOIN free f ON f.profile_id = p.id
    WHERE (p.state = 'active' OR (p.state = 'paused' AND p.pause_until < %s))
      AND p.screening_valid_until >= %s
      AND p.commitment IN ('both', %s)
      AND (p.task_types & %s) <> 0
      AND (p.areas & %s) <> 0
      AND NOT EXISTS (SELECT 1 FROM volunteers_match m WHERE m.request_id = %s AND m.volunteer_id = p.id)
      AND (%s = 0 OR p.id = %s)
)
SELECT eligible.*, COUNT(*) OVER () AS total
FROM eligible
WHERE load < max_active_matches
ORDER BY covers DESC, speaks DESC, partly DESC, load * 100 / max_active_matches,
         last_asked_at IS NOT NULL, last_asked_at, id
LIMIT %s
"""


def _ranked(*, task: VolunteerTask, limit: int | None, today: date | None, only: int = 0) -> list[VolunteerProfile]:
    """``RANKING_SQL`` for the task: the eligible volunteers best first (``only``: that volunteer alone)."""
    today = today or timezone.localdate()
    ops = connection.ops
    start, end = ops.adapt_timefield_value(task.start), ops.adapt_timefield_value(task.end)
    day = ops.adapt_datefield_value(today)
    params = [
        start,
        end,
        task.weekday,
        end,
        start,
        bit(Language, task.language),
        day,
        day,
        Commitment.REGULAR if task.regular else Commitment.ONE_OFF,
        bit(TaskType, task.task_type),
        bit(Area, task.area),
        task.request_id,
        only,
        only,
        limit or 1_000_000,
    ]
    return list(VolunteerProfile.objects.raw(RANKING_SQL, params))


def rank_candidates(*, task: VolunteerTask, limit: int | None = CANDIDATES_SHOWN, today: date | None = None) -> list:
    """Every eligible volunteer for the task, best first, in one SQL statement (``RANKING_SQL``).

    Eligible: matchable (active, or paused until a day that has passed, with a valid screening), does
    this kind of task, serves the area, takes one-off/regular tasks like this one, has room under their
    maximum, and was not asked for this request before. Ranked on: free for the whole time window,
    speaks the language, free for part of it, the lowest load (open matches out of their maximum), the
    longest since they were last asked (never asked first).
    Each row carries ``speaks``, ``covers``, ``partly``, ``load`` and ``total`` (all eligible).
    Two queries whatever the number of volunteers: the ranking, then the accounts of those shown."""
    ranked = _ranked(task=task, limit=limit, today=today)
    # The accounts of the candidates shown, in a second query: joining every volunteer's account
    # before ranking would read all of them.
    users = User.objects.in_bulk([candidate.user_id for candidate in ranked])
    for candidate in ranked:
        candidate.user = users[candidate.user_id]
    return ranked


def candidate_why_line(*, task: VolunteerTask, volunteer: VolunteerProfile, today: date | None = None) -> str:
    """The why line of one volunteer for the task, as the matching page shows it (the proposal keeps it);
    "" when they are not eligible for it. One query: the ranking's, for this volunteer only."""
    ranked = _ranked(task=task, limit=1, today=today, only=volunteer.pk)
    return why_line(ranked[0], task) if ranked else ""


@dataclass
class Fact:
    text: str
    ok: bool


def why_facts(candidate: VolunteerProfile, task: VolunteerTask) -> list[Fact]:
    """The facts behind a candidate's rank, e.g. shopping ✓ · Kessel-Lo ✓ · speaks Arabic ✓ · free … ✓ · 1 of 2."""
    day = Weekday(task.weekday).label
    part = DAYPART_LABELS[daypart_of(task.start)]
    if candidate.covers:
        free = Fact(_("free on %(day)s %(daypart)s") % {"day": day, "daypart": part}, True)
    elif candidate.partly:
        free = Fact(_("partly free on %(day)s %(daypart)s") % {"day": day, "daypart": part}, True)
    else:
        free = Fact(_("not free on %(day)s %(daypart)s") % {"day": day, "daypart": part}, False)
    return [
        Fact(str(TaskType(task.task_type).label), True),
        Fact(str(AREA_NAMES[Area(task.area)]), True),
        Fact(str(SPEAKS[Language(task.language)]), bool(candidate.speaks)),
        free,
        Fact(
            _("%(load)s of %(max)s active matches") % {"load": candidate.load, "max": candidate.max_active_matches},
            True,
        ),
    ]


def why_line(candidate: VolunteerProfile, task: VolunteerTask) -> str:
    return " · ".join(f"{fact.text} {'✓' if fact.ok else '✗'}" for fact in why_facts(candidate, task))


# -- the coordinator's overview ------------------------------------------------------------------
def availability_grid(*, task_type: str = "", area: str = "", language: str = "", today: date | None = None) -> dict:
    """Who can be matched this week: per day and part of the day, how many volunteers are free (one query)."""
    today = today or timezone.localdate()
    profiles = _filtered(VolunteerProfile.objects.filter(matchable(today)), task_type, area, language)
    aggregates = {}
    for weekday in Weekday.values:
        for name, start, end in DAYPARTS:
            aggregates[f"d{weekday}_{name}"] = Count(
                "profile",
                distinct=True,
                filter=Q(weekday=weekday, start__lt=time(end), end__gt=time(start)),
            )
    counts = AvailabilitySlot.objects.filter(profile__in=profiles).aggregate(**aggregates)
    return {
        "dayparts": [DAYPART_LABELS[name] for name, _start, _end in DAYPARTS],
        "rows": [
            (Weekday(weekday).label, [counts[f"d{weekday}_{name}"] for name, _start, _end in DAYPARTS])
            for weekday in Weekday.values
        ],
    }


def _filtered(profiles: QuerySet, task_type: str, area: str, language: str) -> QuerySet:
    if task_type in TaskType.values:
        profiles = profiles.alias(t=F("task_types").bitand(bit(TaskType, task_type))).filter(t__gt=0)
    if area in Area.values:
        profiles = profiles.alias(a=F("areas").bitand(bit(Area, area))).filter(a__gt=0)
    if language in Language.values:
        profiles = profiles.alias(lang=F("languages").bitand(bit(Language, language))).filter(lang__gt=0)
    return profiles


def volunteer_list(*, state: str = "", task_type: str = "", area: str = "", language: str = "") -> QuerySet:
    """Volunteers with their load (open matches of their maximum), for the overview's table."""
    profiles = VolunteerProfile.objects.exclude(state=VolunteerProfile.State.STOPPED)
    if state in VolunteerProfile.State.values:
        profiles = VolunteerProfile.objects.filter(state=state)
    return (
        _filtered(profiles, task_type, area, language)
        .annotate(load=open_load())
        .select_related("user")
        .order_by("user__full_name", "id")
    )


@dataclass
class Radar:
    inactive: list = field(default_factory=list)
    stale_availability: list = field(default_factory=list)
    screening_expiring: list = field(default_factory=list)
    many_declines: list = field(default_factory=list)


INACTIVE_AFTER = timedelta(days=60)
AVAILABILITY_STALE_AFTER = timedelta(days=90)
SCREENING_WARN_BEFORE = timedelta(days=30)
DECLINES_IN_A_ROW = 3
RADAR_LIMIT = 200


def radar(*, now: datetime | None = None) -> Radar:
    """Attention points (one query): not active for 60 days, availability not updated for 90 days,
    screening expiring within a month (or expired), three or more declines in a row."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    inactive = Q(last_active_at__lt=now - INACTIVE_AFTER)
    stale = Q(availability_updated_at__lt=now - AVAILABILITY_STALE_AFTER)
    expiring = Q(screening_valid_until__lte=today + SCREENING_WARN_BEFORE)
    declines = Q(declines_in_a_row__gte=DECLINES_IN_A_ROW)
    rows = (
        VolunteerProfile.objects.filter(state__in=[VolunteerProfile.State.ACTIVE, VolunteerProfile.State.PAUSED])
        .filter(inactive | stale | expiring | declines)
        .annotate(
            is_inactive=_flag(inactive),
            is_stale=_flag(stale),
            is_expiring=_flag(expiring),
            has_declines=_flag(declines),
        )
        .select_related("user")
        .order_by("user__full_name", "id")[:RADAR_LIMIT]
    )
    found = Radar()
    for row in rows:
        if row.is_inactive:
            found.inactive.append(row)
        if row.is_stale:
            found.stale_availability.append(row)
        if row.is_expiring:
            found.screening_expiring.append(row)
        if row.has_declines:
            found.many_declines.append(row)
    return found


# -- the coordinator's pages of one volunteer and of one request's matching -----------------------
def profile_for_coordination(profile_id: int) -> VolunteerProfile | None:
    return VolunteerProfile.objects.select_related("user").filter(pk=profile_id).first()


def volunteer_file(profile: VolunteerProfile) -> dict:
    """What the coordinator's page of one volunteer shows besides the profile (three queries)."""
    return {
        "slots": list(profile.slots.all()),
        "screenings": list(profile.screenings.select_related("checked_by")),
        "matches": list(profile.matches.select_related("request").order_by("-proposed_at")[:20]),
    }


def request_for_matching(reference: str) -> HelpRequest | None:
    return HelpRequest.objects.select_related("person").filter(reference=reference).first()


def task_of_request(help_request: HelpRequest) -> VolunteerTask | None:
    return VolunteerTask.objects.filter(request=help_request).first()


def match_of_request(help_request: HelpRequest, match_id: int) -> Match | None:
    """One match of this request; None (a 404) for another request's match id under this reference."""
    return Match.objects.select_related("volunteer__user").filter(pk=match_id, request=help_request).first()


# -- a volunteer's own pages -----------------------------------------------------------------------
def matches_of(profile: VolunteerProfile) -> QuerySet[Match]:
    """A volunteer's matches with what their page shows (the help seeker's first name and neighbourhood)."""
    return profile.matches.select_related("request__person", "request__volunteer_task").order_by("-proposed_at", "-id")


def match_of_volunteer(user, match_id: int) -> Match | None:
    """One match of this volunteer; None (a 404) for anybody else's."""
    return (
        Match.objects.filter(pk=match_id, volunteer__user=user)
        .select_related("request__person", "request__volunteer_task", "volunteer__user")
        .first()
    )


def profile_of(user) -> VolunteerProfile | None:
    return (
        VolunteerProfile.objects.filter(user=user)
        .prefetch_related(Prefetch("slots", queryset=AvailabilitySlot.objects.order_by("weekday", "start")))
        .first()
    )


def matches_for_request(request) -> list[Match]:
    return list(Match.objects.filter(request=request).select_related("volunteer__user").order_by("proposed_at", "id"))
