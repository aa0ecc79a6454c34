"""Writes of the insights app: bringing the daily summary (``insights.models``) up to date.

``summary_refresh`` rebuilds, in one transaction, the summary rows of the days that changed since the
last run (or of every day with ``full=True``): it deletes those days' rows and counts them again from
the requests, so running it twice gives the same rows. A request belongs to the day it was received
(in the city's time zone), a referral to the day it was sent, a volunteer match to the day it was
proposed.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from insights.models import MatchDay, NeedDay, Outcome, ReferralDay, RequestDay, Route, SummaryRun, WaitDay
from requests_app.models import HelpRequest, Referral, RequestNeed, TimelineEvent
from requests_app.workflow import HANDLED, WAITING, State
from volunteers.models import Match

# Changes that do not touch the request itself (a referral withdrawn while another stays open) are
# caught by refreshing the last days every time, and every day by the nightly full rebuild.
RECENT_DAYS = 7
BATCH = 5000


class WholeHours(Func):
    """Whole hours from ``start`` to ``end`` (rounded down)."""

    output_field = IntegerField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600)::integer",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            # julianday() is a float: round to whole seconds first, or 4 h may come out as 3.99999 h.
            template="CAST(ROUND((julianday(%(expressions)s)) * 86400) AS INTEGER) / 3600",
            arg_joiner=") - julianday(",
            **extra,
        )


def route() -> Case:
    """Who supports (the support track); without one, where the request is going: volunteer matching →
    volunteer, a referral to a partner → professional; otherwise no route yet."""
    return Case(
        When(support_track__volunteer__isnull=False, then=Value(Route.VOLUNTEER)),
        When(support_track__organization__isnull=False, then=Value(Route.PROFESSIONAL)),
        When(state=State.MATCHING, then=Value(Route.VOLUNTEER)),
        When(Exists(Referral.objects.filter(request=OuterRef("pk"))), then=Value(Route.PROFESSIONAL)),
        default=Value(Route.NONE),
    )


def outcome() -> Case:
    return Case(
        When(state__in=sorted(HANDLED), then=Value(Outcome.HANDLED)),
        When(state__in=sorted(WAITING), then=Value(Outcome.WAITING)),
        When(state=State.WITHDRAWN, then=Value(Outcome.WITHDRAWN)),
        default=Value(Outcome.CLOSED),
    )


def handoffs() -> CombinedExpression:
    """Referrals to partners plus routings to volunteer matching. The workflow does both only before
    support starts (from triage), so all of a request's are hand-offs before its support track."""
    referrals = Referral.objects.filter(request=OuterRef("pk")).order_by().values("request").annotate(n=Count("pk"))
    matchings = (
        TimelineEvent.objects.filter(
            request=OuterRef("pk"), kind=TimelineEvent.Kind.TRANSITION, to_state=State.MATCHING
        )
        .order_by()
        .values("request")
        .annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(referrals.values("n")), 0) + Coalesce(Subquery(matchings.values("n")), 0)


def _received_on(days: list[date] | None, field: str = "created_at") -> Q:
    """Rows whose ``field`` falls on one of ``days`` (local days), as ranges an index can use."""
    if days is None:
        return Q()
    condition = Q(pk__in=[])
    for first, last in _ranges(days):
        since = timezone.make_aware(datetime.combine(first, time.min))
        until = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
        condition |= Q(**{f"{field}__gte": since, f"{field}__lt": until})
    return condition


def _ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    ranges: list[list[date]] = []
    for day in sorted(set(days)):
        if ranges and day - ranges[-1][1] == timedelta(days=1):
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return [(first, last) for first, last in ranges]


def changed_days(*, since: datetime, today: date) -> set[date]:
    """Days whose summary may have changed since ``since``: requests changed (state, first contact,
    support), referrals sent or answered (on their day and on their request's day), matches proposed,
    answered or ended (on the day they were proposed), and the last days."""
    day = TruncDate("created_at")
    requests = HelpRequest.objects.filter(updated_at__gte=since).annotate(day=day)
    referrals = Referral.objects.filter(Q(created_at__gte=since) | Q(answered_at__gte=since))
    found = set(requests.values_list("day", flat=True).distinct())
    found |= set(referrals.annotate(day=day).values_list("day", flat=True).distinct())
    found |= set(referrals.annotate(day=TruncDate("request__created_at")).values_list("day", flat=True).distinct())
    matches = Match.objects.filter(Q(proposed_at__gte=since) | Q(answered_at__gte=since) | Q(ended_at__gte=since))
    found |= set(matches.annotate(day=TruncDate("proposed_at")).values_list("day", flat=True).distinct())
    return found | {today - timedelta(days=back) for back in range(RECENT_DAYS)}


def _request_rows(received: QuerySet[HelpRequest]) -> list[RequestDay]:
    grouped = (
        received.annotate(
            day=TruncDate("created_at"),
            route=route(),
            outcome=outcome(),
            n=handoffs(),
        )
        .annotate(group=Least(F("n"), Value(2)))
        .values("day", "channel", "route", "outcome", "group")
        .annotate(
            requests=Count("pk"),
            handoff_total=Sum("n"),
            contact_missed=Count("pk", filter=Q(first_contact_missed_at__isnull=False)),
        )
        .order_by()
    )
    return [
        RequestDay(
            day=row["day"],
            channel=row["channel"],
            route=row["route"],
            outcome=row["outcome"],
            handoffs=row["group"],
            requests=row["requests"],
            handoff_total=row["handoff_total"],
            contact_missed=row["contact_missed"],
        )
        for row in grouped.iterator(chunk_size=BATCH)
    ]


def _need_rows(condition: Q) -> list[NeedDay]:
    handled = ExpressionWrapper(Q(request__state__in=sorted(HANDLED)), output_field=BooleanField())
    grouped = (
        RequestNeed.objects.filter(_prefix(condition, "request__"))
        .annotate(day=TruncDate("request__created_at"), handled=handled)
        .values("day", "need", "handled")
        .annotate(requests=Count("pk"))
        .order_by()
    )
    return [NeedDay(**row) for row in grouped.iterator(chunk_size=BATCH)]


def _prefix(condition: Q, prefix: str) -> Q:
    """The same condition on a related model (``created_at`` → ``request__created_at``)."""
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            copy.children.append(_prefix(child, prefix))
        else:
            field, value = cast(tuple[str, Any], child)  # a Q's leaf is a (lookup, value) pair
            copy.children.append((prefix + field, value))
    return copy


def _wait_rows(received: QuerySet[HelpRequest]) -> list[WaitDay]:
    rows = []
    for measure, field in (
        (WaitDay.Measure.FIRST_CONTACT, "first_contact_at"),
        (WaitDay.Measure.SUPPORT, "support_started_at"),
    ):
        grouped = (
            received.filter(**{f"{field}__isnull": False})
            .annotate(
                day=TruncDate("created_at"),
                route=route(),
                partner=F("support_track__organization"),
                hours=WholeHours(F(field), F("created_at")),
            )
            .values("day", "route", "partner", "hours")
            .annotate(requests=Count("pk"))
            .order_by()
        )
        rows += [
            WaitDay(
                day=row["day"],
                route=row["route"],
                partner_id=row["partner"],
                measure=measure,
                hours=max(row["hours"], 0),
                requests=row["requests"],
            )
            for row in grouped.iterator(chunk_size=BATCH)
        ]
    return rows


def _referral_rows(condition: Q) -> list[ReferralDay]:
    grouped = (
        Referral.objects.filter(condition)
        .annotate(day=TruncDate("created_at"))
        .values("day", "organization", "status", "reason")
        .annotate(referrals=Count("pk"))
        .order_by()
    )
    return [
        ReferralDay(
            day=row["day"],
            partner_id=row["organization"],
            status=row["status"],
            reason=row["reason"],
            referrals=row["referrals"],
        )
        for row in grouped.iterator(chunk_size=BATCH)
    ]


def _match_rows(condition: Q) -> list[MatchDay]:
    grouped = (
        Match.objects.filter(condition)
        .annotate(
            day=TruncDate("proposed_at"),
            accepted=ExpressionWrapper(Q(accepted_at__isnull=False), output_field=BooleanField()),
        )
        .values("day", "status", "decline_reason", "accepted")
        .annotate(matches=Count("pk"), hours=Coalesce(Sum("hours"), Value(Decimal(0))))
        .order_by()
    )
    return [
        MatchDay(
            day=row["day"],
            status=row["status"],
            reason=row["decline_reason"],
            accepted=row["accepted"],
            matches=row["matches"],
            hours=row["hours"],
        )
        for row in grouped.iterator(chunk_size=BATCH)
    ]


@transaction.atomic
def summary_refresh(*, full: bool = False) -> int:
    """Bring the daily summary up to date: the days changed since the last run, or every day with
    ``full`` (and on the first run). Returns how many days were counted again. One run at a time:
    the run row is locked for the transaction."""
    SummaryRun.objects.get_or_create(pk=1)
    run = SummaryRun.objects.select_for_update().get(pk=1)
    started = timezone.now()
    days = (
        None
        if full or run.refreshed_at is None
        else sorted(changed_days(since=run.refreshed_at, today=timezone.localdate(started)))
    )
    tables = (RequestDay, NeedDay, WaitDay, ReferralDay, MatchDay)
    for model in tables:
        (model.objects.all() if days is None else model.objects.filter(day__in=days)).delete()
    received = _received_on(days)
    requests = HelpRequest.objects.filter(received)
    RequestDay.objects.bulk_create(_request_rows(requests), batch_size=BATCH)
    NeedDay.objects.bulk_create(_need_rows(received), batch_size=BATCH)
    WaitDay.objects.bulk_create(_wait_rows(requests), batch_size=BATCH)
    ReferralDay.objects.bulk_create(_referral_rows(received), batch_size=BATCH)
    MatchDay.objects.bulk_create(_match_rows(_received_on(days, "proposed_at")), batch_size=BATCH)
    counted = len(days) if days is not None else RequestDay.objects.values("day").distinct().count()
    run.refreshed_at, run.days, run.full = started, counted, days is None
    run.save()
    return counted
