"""Reads that the volunteers pages share: the ranking, the coordinator's overview and radar, a volunteer's matches.

The ranking is one SQL query (PostgreSQL and SQLite alike): the hard conditions filter, the soft
ones are annotated as facts and sort, and each row carries the facts behind its "why" line.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

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


def rank_candidates(*, task: VolunteerTask, limit: int | None = CANDIDATES_SHOWN, today: date | None = None) -> list:
    """Every eligible volunteer for the task, best first, in one query.

    Eligible: matchable, does this kind of task, serves the area, takes one-off/regular tasks like
    this one, has room under their maximum, and was not asked for this request before. Ranked on:
    free for the whole time window, speaks the language, free for part of it, the lowest load
    (open matches out of their maximum), the longest since they were last asked.
    Each row carries ``speaks``, ``covers``, ``overlaps``, ``load`` and ``total`` (all eligible)."""
    today = today or timezone.localdate()
    slots = AvailabilitySlot.objects.filter(profile=OuterRef("pk"), weekday=task.weekday)
    commitment = [Commitment.BOTH, Commitment.REGULAR if task.regular else Commitment.ONE_OFF]
    query = (
        VolunteerProfile.objects.filter(matchable(today), commitment__in=commitment)
        .alias(
            does_task=F("task_types").bitand(bit(TaskType, task.task_type)),
            serves_area=F("areas").bitand(bit(Area, task.area)),
            language_hit=F("languages").bitand(bit(Language, task.language)),
        )
        .filter(does_task__gt=0, serves_area__gt=0)
        .exclude(Exists(Match.objects.filter(request_id=task.request_id, volunteer=OuterRef("pk"))))
        .annotate(
            load=open_load(),
            speaks=_flag(Q(language_hit__gt=0)),
            covers=_flag(Q(Exists(slots.filter(start__lte=task.start, end__gte=task.end)))),
            overlaps=_flag(Q(Exists(slots.filter(start__lt=task.end, end__gt=task.start)))),
        )
        .filter(load__lt=F("max_active_matches"))
        .annotate(
            load_share=F("load") * 100 / F("max_active_matches"),
            total=Window(Count("id")),
        )
        .select_related("user")
        .order_by(
            "-covers",
            "-speaks",
            "-overlaps",
            "load_share",
            F("last_asked_at").asc(nulls_first=True),
            "id",
        )
    )
    return list(query[:limit] if limit else query)


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
    elif candidate.overlaps:
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
