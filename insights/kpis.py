"""The impact map's KPIs: each one small query over one source, registered in ``KPIS``.

The dashboard, its charts and the CSV export all walk ``KPIS``. A KPI computes a ``Table`` for one
``Period`` (rows with a stable key, one value per column); the page shows the chosen period and the
previous one of equal length beside it. Every KPI has its function and every source is recorded (the
"not yet available" branch for unbuilt sources went when the volunteers app and the KCC console were merged).

The request and referral KPIs read the daily summary (``insights.models``, kept up to date by
``insights.services.summary_refresh``), not the million requests themselves. Their population is the
requests *received* in the period (a cohort): what became of them is counted up to the last refresh.
Referral KPIs count the referrals *sent* in the period, match KPIs the volunteer matches *proposed* in
it (``MatchDay``). Who was active in the period is a count of distinct volunteers, which day rows
cannot add up: it reads the matches themselves, and the profiles for today's snapshot. Each KPI's
exact definition is in ``docs/insights.md``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from assistant.models import UsageCount
from assistant.selectors import catalogue_for, published_edition
from helpdesk.models import ContactMoment
from insights import values as v
from insights.models import ContactPoint, MatchDay, NeedDay, Outcome, ReferralDay, RequestDay, Route, WaitDay
from insights.periods import Period
from people.models import Channel
from requests_app.models import FollowUpQuestion, HelpRequest, Need, Referral, SupportTrack
from requests_app.workdays import working_days_between
from requests_app.workflow import Outcome as TrackOutcome
from volunteers.models import AvailabilitySlot, Match, VolunteerProfile


# -- tables -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    values: list[v.Value]


@dataclass(frozen=True)
class Table:
    columns: list[str | Promise]
    rows: list[Row]

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key), None)

    def cells(self) -> dict[str, list[v.Value]]:
        """Rows by key (what the tests compare)."""
        return {row.key: row.values for row in self.rows}


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise


REQUESTS = Source("requests", _("Help requests"))
ASSISTANT = Source("assistant", _("Digital assistant"))
VOLUNTEERS = Source("volunteers", _("Volunteers and matches"))
KCC = Source("kcc", _("KCC contact moments"))


@dataclass(frozen=True)
class Kpi:
    key: str
    title: str | Promise
    definition: str | Promise
    source: Source
    compute: Callable[[Period], Table]
    # Which column the chart shows (this period against the previous one); None: no chart.
    chart_column: int | None = 0
    # A snapshot of today (e.g. the catalogue): no previous period beside it.
    snapshot: bool = False
    notes: list[str | Promise] = field(default_factory=list)
    # The seed's KPIs: the value before the portal (baseline) and what the city aims for (target), shown
    # beside the current value (the first cell of the table).
    baseline: str | Promise = ""
    target: str | Promise = ""


# -- helpers ------------------------------------------------------------------------------------
def days(model, period: Period) -> QuerySet:
    """The summary rows of the period's days (``insights.models``)."""
    return model.objects.filter(day__gte=period.start, day__lte=period.end)


def partners() -> list[Organization]:
    """Every partner organisation (rows of the per-partner tables, the same in both periods)."""
    return list(Organization.objects.exclude(kind=Organization.Kind.CITY_SERVICE).order_by("name"))


def percentile(counts: list[tuple[int, int]], fraction: float) -> float | None:
    """The percentile of values given as (value, how many), interpolating between the closest ranks
    as PostgreSQL's ``percentile_cont`` does on the list of all values."""
    ordered = sorted((value, n) for value, n in counts if n)
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    position = fraction * (total - 1)
    low_rank, high_rank = int(position), min(int(position) + 1, total - 1)
    low = high = None
    seen = 0
    for value, n in ordered:
        if low is None and low_rank < seen + n:
            low = value
        if high_rank < seen + n:
            high = value
            break
        seen += n
    return low + (high - low) * (position - low_rank)


WAITING_COLUMNS = [
    _("Requests with a first contact"),
    _("Median to first contact"),
    _("90th percentile to first contact"),
    _("Requests with support started"),
    _("Median to support start"),
    _("90th percentile to support start"),
]


def _waiting(period: Period, group: str | None) -> dict:
    """Per group (a route, a partner id, or everything when ``group`` is None): the six waiting columns."""
    grouped = days(WaitDay, period).values_list("measure", group or "measure", "hours").annotate(n=Sum("requests"))
    hours: dict = {}
    for measure, key, whole_hours, n in grouped.order_by():
        hours.setdefault(None if group is None else key, {}).setdefault(measure, []).append((whole_hours, n))
    result = {}
    for key, by_measure in hours.items():
        cells = []
        for measure in (WaitDay.Measure.FIRST_CONTACT, WaitDay.Measure.SUPPORT):
            counts = by_measure.get(measure, [])
            n = sum(count for _value, count in counts)
            cells += [v.Count(n)] + [
                v.Duration(None if p is None else timedelta(hours=p), n)
                for p in (percentile(counts, 0.5), percentile(counts, 0.9))
            ]
        result[key] = cells
    return result


EMPTY_WAITING = [v.Count(0), v.Duration(None), v.Duration(None), v.Count(0), v.Duration(None), v.Duration(None)]


def _handled_columns(rows: dict[str, tuple[int, int]], labels: list[tuple[str, str | Promise]]) -> Table:
    """Received, support started and the share handled, for each (key, label)."""
    table_rows = []
    for key, label in labels:
        total, handled = rows.get(key, (0, 0))
        table_rows.append(Row(key, label, [v.Count(total), v.Count(handled), v.Share(handled, total)]))
    return Table([_("Requests"), _("Support started"), _("Share handled")], table_rows)


HANDLED = Q(outcome=Outcome.HANDLED)


def _by(field: str, period: Period) -> dict[str, tuple[int, int]]:
    grouped = (
        days(RequestDay, period)
        .values_list(field)
        .annotate(total=Sum("requests"), handled=Coalesce(Sum("requests", filter=HANDLED), 0))
    )
    return {key: (total, handled) for key, total, handled in grouped.order_by()}


# -- the assistant ------------------------------------------------------------------------------
NEVER_APPLIES = re.compile(r"^products\[(\d+)\]\.applies_if: can never be true")


def products_consultable(period: Period) -> Table:
    """Products of the published catalogue, and those that some answers make apply (today)."""

    ref = published_edition()
    published = consultable = 0
    if ref is not None:
        catalogue = catalogue_for(ref)
        never = {int(match.group(1)) for match in map(NEVER_APPLIES.match, catalogue.warnings) if match}
        published = len(catalogue.products)
        consultable = sum(1 for product in catalogue.products if product.index not in never)
    return Table(
        [_("Products")],
        [
            Row("published", _("Products in the published catalogue"), [v.Number(published)]),
            Row("consultable", _("Products that some answers make apply"), [v.Number(consultable)]),
        ],
    )


def assistant_sessions(period: Period) -> Table:
    """Assistant sessions started and finished (anonymous daily counts) and the help requests asked
    from the assistant in the period."""

    Event = UsageCount.Event
    totals = dict(
        UsageCount.objects.filter(
            day__gte=period.start, day__lte=period.end, event__in=[Event.SESSION_STARTED, Event.SESSION_FINISHED]
        )
        .values_list("event")
        .annotate(total=Sum("count"))
        .order_by()
    )
    started, finished = totals.get(Event.SESSION_STARTED, 0), totals.get(Event.SESSION_FINISHED, 0)
    led = days(RequestDay, period).filter(channel=Channel.ASSISTANT).aggregate(n=Coalesce(Sum("requests"), 0))["n"]
    return Table(
        [_("Sessions"), _("Share of started")],
        [
            Row("started", _("Sessions started"), [v.Count(started), v.Share(started, started)]),
            Row("finished", _("Sessions finished"), [v.Count(finished), v.Share(finished, started)]),
            Row("help_request", _("Led to a help request"), [v.Count(led), v.Share(led, started)]),
        ],
    )


# -- help requests ------------------------------------------------------------------------------
def requests_outcome(period: Period) -> Table:
    """What became of the requests received: support started (handled), still waiting, withdrawn, closed."""
    counts = dict(days(RequestDay, period).values_list("outcome").annotate(n=Sum("requests")).order_by())
    total = sum(counts.values())
    rows = [Row("total", _("Requests received"), [v.Count(total), v.Share(total, total)])]
    rows += [
        Row(key, label, [v.Count(counts.get(key, 0)), v.Share(counts.get(key, 0), total)])
        for key, label in Outcome.choices
    ]
    return Table([_("Requests"), _("Share of received")], rows)


def requests_by_channel(period: Period) -> Table:
    return _handled_columns(_by("channel", period), list(Channel.choices))


def requests_by_need(period: Period) -> Table:
    """A request with several needs counts once for each of them."""
    grouped = (
        days(NeedDay, period)
        .values_list("need")
        .annotate(total=Sum("requests"), handled=Coalesce(Sum("requests", filter=Q(handled=True)), 0))
    )
    return _handled_columns({need: (total, handled) for need, total, handled in grouped.order_by()}, list(Need.choices))


def requests_by_route(period: Period) -> Table:
    return _handled_columns(_by("route", period), list(Route.choices))


def waiting_by_route(period: Period) -> Table:
    times = _waiting(period, "route")
    rows = [Row(key, label, times.get(key, EMPTY_WAITING)) for key, label in Route.choices if key != Route.NONE]
    rows.append(Row("all", _("All requests"), _waiting(period, None).get(None, EMPTY_WAITING)))
    return Table(WAITING_COLUMNS, rows)


def waiting_by_partner(period: Period) -> Table:
    """Requests whose support track is with a partner, by that partner."""
    times = _waiting(period, "partner_id")
    return Table(WAITING_COLUMNS, [Row(str(o.pk), o.name, times.get(o.pk, EMPTY_WAITING)) for o in partners()])


# -- referrals ----------------------------------------------------------------------------------
def referrals_by_partner(period: Period) -> Table:
    """Referrals sent in the period, by partner and by what the partner did with them."""
    counts: dict[int, dict[str, int]] = {}
    for partner, status, n in (
        days(ReferralDay, period).values_list("partner_id", "status").annotate(n=Sum("referrals")).order_by()
    ):
        counts.setdefault(partner, {})[status] = n
    Status = Referral.Status
    rows = []
    for organization in partners():
        found = counts.get(organization.pk, {})
        rows.append(
            Row(
                str(organization.pk),
                organization.name,
                [v.Count(sum(found.values()))]
                + [
                    v.Count(found.get(status, 0))
                    for status in (Status.ACCEPTED, Status.DECLINED, Status.PROPOSED, Status.WITHDRAWN)
                ],
            )
        )
    return Table(
        [_("Referrals sent"), _("Accepted"), _("Declined"), _("Unanswered"), _("Withdrawn before an answer")], rows
    )


def declines_by_reason(period: Period) -> Table:
    """Referrals sent in the period that the partner declined, by partner and reason."""
    grouped = (
        days(ReferralDay, period)
        .filter(status=Referral.Status.DECLINED)
        .values_list("partner_id", "reason")
        .annotate(n=Sum("referrals"))
        .order_by()
    )
    data = {(partner, reason): n for partner, reason, n in grouped}
    reasons = list(Referral.DeclineReason.choices)
    rows = [
        Row(str(o.pk), o.name, [v.Count(data.get((o.pk, reason), 0)) for reason, _label in reasons]) for o in partners()
    ]
    return Table([label for _reason, label in reasons], rows)


def handoffs(period: Period) -> Table:
    """ "Van het kastje naar de muur": per request received, the hand-offs before a support track started
    (every referral to a partner, and every time it went to volunteer matching)."""
    totals = days(RequestDay, period).aggregate(
        received=Coalesce(Sum("requests"), 0),
        none=Coalesce(Sum("requests", filter=Q(handoffs=0)), 0),
        one=Coalesce(Sum("requests", filter=Q(handoffs=1)), 0),
        more=Coalesce(Sum("requests", filter=Q(handoffs=2)), 0),
        handled_more=Coalesce(Sum("requests", filter=Q(handoffs=2) & HANDLED), 0),
        total=Coalesce(Sum("handoff_total"), 0),
    )
    requests = totals["received"]
    rows = [
        ("none", _("Not handed off (yet)"), totals["none"]),
        ("one", _("Handed off once"), totals["one"]),
        ("more", _("Handed off more than once"), totals["more"]),
        ("handled_more", _("Handed off more than once, then support started"), totals["handled_more"]),
    ]
    return Table(
        [_("Requests"), _("Share of received")],
        [Row(key, label, [v.Count(n), v.Share(n, requests)]) for key, label, n in rows]
        + [Row("handoffs", _("Hand-offs in total"), [v.Count(totals["total"]), v.Share(0, 0)])],
    )


def first_contact_promise(period: Period) -> Table:
    """Requests received whose first-contact promise (the same day when urgent, else 2 working days) was
    missed: the beat job escalated them to the coordinators."""
    totals = days(RequestDay, period).aggregate(
        received=Coalesce(Sum("requests"), 0), missed=Coalesce(Sum("contact_missed"), 0)
    )
    received, missed = totals["received"], totals["missed"]
    return Table(
        [_("Requests"), _("Share of received")],
        [
            Row(
                "kept",
                _("Contacted in time (or still within the promise)"),
                [v.Count(received - missed), v.Share(received - missed, received)],
            ),
            Row("missed", _("Promise missed: escalated"), [v.Count(missed), v.Share(missed, received)]),
        ],
    )


# -- the KCC ------------------------------------------------------------------------------------
def contacts(period: Period) -> QuerySet[ContactMoment]:
    """Contact moments started in the period (``created_at`` is indexed)."""
    return ContactMoment.objects.filter(created_at__gte=period.since, created_at__lt=period.until)


def _channels(period: Period) -> tuple[dict[str, int], dict[str, int]]:
    moments = dict(contacts(period).values_list("channel").annotate(n=Count("pk")).order_by())
    requests = dict(days(RequestDay, period).values_list("channel").annotate(n=Sum("requests")).order_by())
    return moments, requests


def contact_points(period: Period) -> Table:
    """The contact points: the registers where a help question first lands (``insights.ContactPoint``: this
    portal, plus any other the city still keeps). The target is one. The channels through which questions
    reached this portal in the period are a breakdown, not contact points."""

    points = list(ContactPoint.objects.filter(active=True))
    moments, requests = _channels(period)
    doors = {channel for channel, n in moments.items() if n} | {channel for channel, n in requests.items() if n}
    return Table(
        [_("Contact points")],
        [
            Row("registers", _("Registers where a help question first lands"), [v.Number(len(points))]),
            *[Row(f"point-{point.pk}", point.name, [v.Number(1)]) for point in points],
            Row("doors", _("Channels into this portal used in the period (breakdown)"), [v.Number(len(doors))]),
        ],
    )


def contacts_by_channel(period: Period) -> Table:
    """Per channel: KCC contact moments started and help requests received in the period."""
    moments, received = _channels(period)
    return Table(
        [_("Contact moments (KCC)"), _("Help requests received")],
        [
            Row(key, label, [v.Count(moments.get(key, 0)), v.Count(received.get(key, 0))])
            for key, label in Channel.choices
        ],
    )


def kcc_resolution(period: Period) -> Table:
    """Contact moments started in the period and ended, by outcome; answered at once is first-contact
    resolution."""
    Outcome = ContactMoment.Outcome
    grouped = (
        contacts(period)
        .exclude(outcome="")
        .values_list("outcome", "transfer_succeeded")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[str, int] = {}
    transfers: dict[bool, int] = {}
    for outcome, succeeded, n in grouped:
        found[outcome] = found.get(outcome, 0) + n
        if outcome == Outcome.TRANSFERRED:
            transfers[succeeded] = n
    ended = sum(found.values())
    rows = [
        ("ended", _("Contact moments ended"), ended),
        ("answered", _("Answered at once (first-contact resolution)"), found.get(Outcome.ANSWERED, 0)),
        ("transferred_ok", _("Transferred, transfer succeeded"), transfers.get(True, 0)),
        ("transferred_failed", _("Transferred, transfer failed"), transfers.get(False, 0)),
        ("callback", _("Callback requested"), found.get(Outcome.CALLBACK, 0)),
        ("referred_lh", _("Referred to Leuven Helpt"), found.get(Outcome.REFERRED_LEUVEN_HELPT, 0)),
        ("referred_gbo", _("Referred to GBO/OCMW"), found.get(Outcome.REFERRED_GBO_OCMW, 0)),
    ]
    return Table(
        [_("Contact moments"), _("Share of ended")],
        [Row(key, label, [v.Count(n), v.Share(n, ended)]) for key, label, n in rows],
    )


def kcc_handoffs(period: Period) -> Table:
    """People who contacted the KCC in the period, by the most hand-offs (transfers, callbacks,
    referrals since their last started support track) recorded on one of their contacts in it."""
    counts = (
        contacts(period)
        .filter(person__isnull=False)
        .exclude(outcome="")
        .aggregate(
            people=Count("person", distinct=True),
            once=Count("person", distinct=True, filter=Q(handoffs__gte=1)),
            more=Count("person", distinct=True, filter=Q(handoffs__gte=2)),
        )
    )
    people = counts["people"]
    rows = [
        ("people", _("People who contacted the KCC"), people),
        ("none", _("Not handed off"), people - counts["once"]),
        ("one", _("Handed off once"), counts["once"] - counts["more"]),
        ("more", _("Handed off more than once without support starting"), counts["more"]),
    ]
    return Table(
        [_("People"), _("Share of people")],
        [Row(key, label, [v.Count(n), v.Share(n, people)]) for key, label, n in rows],
    )


# -- volunteers ---------------------------------------------------------------------------------
def volunteers_now(period: Period) -> Table:
    """Volunteer profiles today by where they are (a snapshot), and those available this week:
    matchable on a day left in this week (active, or paused until a day before Sunday), screening still
    valid, at least one weekly slot and room for another match."""
    today = timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday())
    State = VolunteerProfile.State
    valid = Q(screening_valid_until__gte=today)
    load = (
        Match.objects.filter(volunteer=OuterRef("pk"), status__in=[Match.Status.PROPOSED, Match.Status.ACCEPTED])
        .order_by()
        .values("volunteer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts = (
        VolunteerProfile.objects.annotate(
            slotted=Exists(AvailabilitySlot.objects.filter(profile=OuterRef("pk"))),
            load=Coalesce(Subquery(load), 0),
        )
        .order_by()
        .aggregate(
            active=Count("pk", filter=Q(state=State.ACTIVE) & valid),
            available=Count(
                "pk",
                filter=(Q(state=State.ACTIVE) | Q(state=State.PAUSED, pause_until__lt=sunday))
                & valid
                & Q(slotted=True, load__lt=F("max_active_matches")),
            ),
            paused=Count("pk", filter=Q(state=State.PAUSED)),
            onboarding=Count("pk", filter=Q(state__in=[State.APPLIED, State.SCREENING])),
        )
    )
    rows = [
        ("active", _("Active, with a valid screening")),
        ("available", _("Available this week")),
        ("paused", _("Paused")),
        ("onboarding", _("Signed up, screening not finished")),
    ]
    return Table([_("Volunteers")], [Row(key, label, [v.Count(counts[key])]) for key, label in rows])


def volunteers_active(period: Period) -> Table:
    """Distinct volunteers in the period: asked (a match proposed to them), supporting (an accepted
    match that ran during the period) and who completed a match in it."""
    since, until = period.since, period.until
    counts = Match.objects.order_by().aggregate(
        asked=Count("volunteer", distinct=True, filter=Q(proposed_at__gte=since, proposed_at__lt=until)),
        supporting=Count(
            "volunteer",
            distinct=True,
            filter=Q(accepted_at__lt=until) & (Q(ended_at__isnull=True) | Q(ended_at__gte=since)),
        ),
        completed=Count(
            "volunteer",
            distinct=True,
            filter=Q(status=Match.Status.COMPLETED, ended_at__gte=since, ended_at__lt=until),
        ),
    )
    rows = [
        ("asked", _("Asked for a request")),
        ("supporting", _("Supporting someone (an accepted match)")),
        ("completed", _("Completed a match")),
    ]
    return Table([_("Volunteers")], [Row(key, label, [v.Count(counts[key])]) for key, label in rows])


def _matches(period: Period) -> dict[tuple[str, bool], int]:
    grouped = days(MatchDay, period).values_list("status", "accepted").annotate(n=Sum("matches")).order_by()
    return {(status, accepted): n for status, accepted, n in grouped}


def matches(period: Period) -> Table:
    """Matches proposed in the period, by what became of them so far."""
    found = _matches(period)
    Status = Match.Status

    def status(name: str, accepted: bool | None = None) -> int:
        return sum(n for (s, a), n in found.items() if s == name and (accepted is None or a == accepted))

    proposed = sum(found.values())
    rows = [
        ("proposed", _("Proposed to a volunteer"), proposed),
        ("accepted", _("Accepted"), sum(n for (_s, a), n in found.items() if a)),
        ("declined", _("Declined"), status(Status.DECLINED)),
        ("expired", _("Not answered within 48 hours (expired)"), status(Status.EXPIRED)),
        ("waiting", _("Still waiting for an answer"), status(Status.PROPOSED)),
        (
            "not_needed",
            _("No longer needed: another volunteer accepted, or a coordinator withdrew the proposal"),
            status(Status.CANCELLED, False),
        ),
        ("completed", _("Completed"), status(Status.COMPLETED)),
        (
            "handed_back",
            _("Cancelled after accepting: handed back, or cancelled by a coordinator"),
            status(Status.CANCELLED, True),
        ),
    ]
    return Table(
        [_("Matches"), _("Share of proposed")],
        [Row(key, label, [v.Count(n), v.Share(n, proposed)]) for key, label, n in rows],
    )


def match_declines(period: Period) -> Table:
    """Matches proposed in the period that the volunteer declined, by the reason they chose."""
    grouped = (
        days(MatchDay, period)
        .filter(status=Match.Status.DECLINED)
        .values_list("reason")
        .annotate(n=Sum("matches"))
        .order_by()
    )
    found = dict(grouped)
    declined = sum(found.values())
    return Table(
        [_("Declined matches"), _("Share of declined")],
        [
            Row(key, label, [v.Count(found.get(key, 0)), v.Share(found.get(key, 0), declined)])
            for key, label in Match.DeclineReason.choices
        ],
    )


def volunteer_hours(period: Period) -> Table:
    """Matches proposed in the period and completed so far, and the hours the volunteers gave on them."""
    totals = (
        days(MatchDay, period)
        .filter(status=Match.Status.COMPLETED)
        .aggregate(n=Coalesce(Sum("matches"), 0), hours=Coalesce(Sum("hours"), Decimal(0)))
    )
    return Table(
        [_("Completed matches"), _("Hours given")],
        [Row("completed", _("Completed matches"), [v.Count(totals["n"]), v.Hours(totals["hours"], totals["n"])])],
    )


# -- closing the loop: how the support went ------------------------------------------------------------
UNDER_WAY_WORKING_DAYS = 10


def under_way_in_time(period: Period) -> Table:
    """Requests received in the period whose support got under way (the first meeting) within 10 working
    days of receipt, out of those received."""

    received = HelpRequest.objects.filter(created_at__gte=period.since, created_at__lt=period.until)
    total = received.count()
    met = received.filter(support_track__first_meeting_on__isnull=False).values_list(
        "created_at", "support_track__first_meeting_on"
    )
    in_time = sum(
        1
        for created_at, met_on in met.iterator()
        if working_days_between(timezone.localdate(created_at), met_on) <= UNDER_WAY_WORKING_DAYS
    )
    return Table(
        [_("Requests"), _("Under way within 10 working days"), _("Share")],
        [Row("all", _("Requests received"), [v.Count(total), v.Count(in_time), v.Share(in_time, total)])],
    )


def outcomes_by_route(period: Period) -> Table:
    """Support tracks that ended in the period, by route (a partner or a volunteer) and outcome."""

    ended = SupportTrack.objects.filter(ended_on__gte=period.start, ended_on__lte=period.end)
    counts: dict[tuple[bool, str], int] = {}
    for by_volunteer in (False, True):
        grouped = ended.filter(volunteer__isnull=not by_volunteer).values_list("outcome_kind").annotate(n=Count("pk"))
        for kind, n in grouped.order_by():
            counts[(by_volunteer, kind)] = n
    rows = [
        Row(kind, label, [v.Count(counts.get((False, kind), 0)), v.Count(counts.get((True, kind), 0))])
        for kind, label in [*TrackOutcome.choices, ("", _("Ended without an outcome (match stopped)"))]
    ]
    return Table([_("Partners"), _("Volunteers")], rows)


def said_helped(period: Period) -> Table:
    """Answers to "Did you get the help you needed?" given in the period; the share who said yes (shown only
    from five answers and five yeses: the "< 5" rule)."""

    answers = dict(
        FollowUpQuestion.objects.filter(answered_at__gte=period.since, answered_at__lt=period.until)
        .values_list("answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(answers.values())
    rows = [
        Row(key, label, [v.Count(answers.get(key, 0)), v.Share(answers.get(key, 0), total)])
        for key, label in FollowUpQuestion.Answer.choices
    ]
    return Table(
        [_("Answers"), _("Share")], [Row("all", _("Answered"), [v.Count(total), v.Share(total, total)]), *rows]
    )


def re_referrals(period: Period) -> Table:
    """Requests received in the period that continue an earlier one (referred on, or opened again after the
    help seeker said they were not helped): the "kastje naar de muur" count per request."""

    received = HelpRequest.objects.filter(created_at__gte=period.since, created_at__lt=period.until)
    counts = received.aggregate(total=Count("pk"), again=Count("pk", filter=Q(follows_up__isnull=False)))
    total, again = counts["total"], counts["again"]
    return Table(
        [_("Requests"), _("Continue an earlier request"), _("Share")],
        [Row("all", _("Requests received"), [v.Count(total), v.Count(again), v.Share(again, total)])],
    )


# -- the register ---------------------------------------------------------------------------------
KPIS: list[Kpi] = [
    Kpi(
        "products",
        _("Products you can consult via the assistant"),
        _("Products of the published catalogue, and those that some answers make apply. A snapshot of today."),
        ASSISTANT,
        products_consultable,
        snapshot=True,
        baseline=_("0 products"),
        target=_("To be decided"),
    ),
    Kpi(
        "contact_points",
        _("Multichannel contact points"),
        _(
            "The registers where a help question first lands: this portal (web, assistant, KCC, counter, partners "
            "all land in its one register, a person's history) plus any other register the city still keeps "
            "(kept as data in the admin). The channels into the portal are shown as a breakdown."
        ),
        KCC,
        contact_points,
        chart_column=None,
        baseline=_("No structural service yet"),
        target=_("1 multichannel contact point"),
    ),
    Kpi(
        "contacts_by_channel",
        _("Contacts per channel"),
        _("KCC contact moments started in the period and help requests received in it, by channel."),
        KCC,
        contacts_by_channel,
    ),
    Kpi(
        "assistant_sessions",
        _("Assistant sessions"),
        _("Sessions started and finished (anonymous daily counts) and help requests asked from the assistant."),
        ASSISTANT,
        assistant_sessions,
    ),
    Kpi(
        "requests_outcome",
        _("Help requests and how many were handled"),
        _("Requests received in the period and what became of them so far. Handled means a support track started."),
        REQUESTS,
        requests_outcome,
    ),
    Kpi(
        "requests_by_channel",
        _("Help requests by channel"),
        _("Requests received in the period by the channel they came in through, and the share handled."),
        REQUESTS,
        requests_by_channel,
    ),
    Kpi(
        "requests_by_need",
        _("Help requests by need"),
        _("Requests received in the period by need; a request with several needs counts for each of them."),
        REQUESTS,
        requests_by_need,
    ),
    Kpi(
        "requests_by_route",
        _("Help requests by route"),
        _(
            "Volunteer or professional: who supports, or else where the request is going (looking for a "
            "volunteer, or referred to a partner)."
        ),
        REQUESTS,
        requests_by_route,
    ),
    Kpi(
        "waiting_by_route",
        _("Time to first contact and to support start, by route"),
        _("Median and 90th percentile from receiving the request, shown when they rest on at least 5 requests."),
        REQUESTS,
        waiting_by_route,
        chart_column=1,
    ),
    Kpi(
        "waiting_by_partner",
        _("Time to first contact and to support start, by partner organisation"),
        _("Requests supported by a partner: median and 90th percentile from receiving the request."),
        REQUESTS,
        waiting_by_partner,
        chart_column=4,
    ),
    Kpi(
        "referrals_by_partner",
        _("Referrals by partner"),
        _("Referrals sent in the period: accepted, declined, still unanswered, or withdrawn before an answer."),
        REQUESTS,
        referrals_by_partner,
    ),
    Kpi(
        "declines_by_reason",
        _("Declined referrals by reason"),
        _("Referrals sent in the period that the partner declined, by the reason given."),
        REQUESTS,
        declines_by_reason,
        chart_column=None,
    ),
    Kpi(
        "handoffs",
        _("From pillar to post: hand-offs before support started"),
        _(
            "Per request received: referrals to partners and routings to volunteer matching before a support "
            "track started."
        ),
        REQUESTS,
        handoffs,
    ),
    Kpi(
        "first_contact_promise",
        _("First contact on time"),
        _(
            "Per request received: was the help seeker contacted before the promised time (the same day when "
            "urgent, otherwise within 2 working days without public holidays)?"
        ),
        REQUESTS,
        first_contact_promise,
    ),
    Kpi(
        "kcc_resolution",
        _("KCC first-contact resolution"),
        _(
            "Contact moments started in the period and ended, by outcome. First-contact resolution is the share "
            "the agent answered at once."
        ),
        KCC,
        kcc_resolution,
    ),
    Kpi(
        "kcc_handoffs",
        _("From pillar to post at the KCC"),
        _(
            "People who contacted the KCC in the period, by the hand-offs (transfers, callbacks, referrals) "
            "recorded on their contacts since their last started support track."
        ),
        KCC,
        kcc_handoffs,
    ),
    Kpi(
        "volunteers_now",
        _("Volunteers now"),
        _(
            "Volunteer profiles today: active with a valid screening; available this week (matchable, with a "
            "weekly slot and room for another match); paused; signed up but not yet screened. A snapshot of today."
        ),
        VOLUNTEERS,
        volunteers_now,
        snapshot=True,
    ),
    Kpi(
        "volunteers_active",
        _("Volunteers active in the period"),
        _(
            "Different volunteers who were asked for a request, who supported someone (an accepted match running "
            "during the period) and who completed a match in the period."
        ),
        VOLUNTEERS,
        volunteers_active,
    ),
    Kpi(
        "matches",
        _("Volunteer matches"),
        _("Matches proposed in the period and what became of them so far."),
        VOLUNTEERS,
        matches,
    ),
    Kpi(
        "match_declines",
        _("Declined matches by reason"),
        _("Matches proposed in the period that the volunteer declined, by the reason they chose."),
        VOLUNTEERS,
        match_declines,
    ),
    Kpi(
        "volunteer_hours",
        _("Hours given by volunteers"),
        _(
            "Matches proposed in the period and completed so far, with the hours the volunteers recorded; "
            "hours shown when given on at least 5 matches."
        ),
        VOLUNTEERS,
        volunteer_hours,
        chart_column=None,
    ),
]
KPIS += [
    Kpi(
        "under_way_in_time",
        _("Support under way within 10 working days"),
        _(
            "Requests received in the period whose support got under way (the supporter recorded the first "
            "meeting) within 10 working days of receipt."
        ),
        REQUESTS,
        under_way_in_time,
        chart_column=2,
    ),
    Kpi(
        "outcomes_by_route",
        _("Outcomes by route"),
        _("Support tracks that ended in the period, by how they ended, for partners and for volunteers."),
        REQUESTS,
        outcomes_by_route,
    ),
    Kpi(
        "said_helped",
        _("Help seekers who said they were helped"),
        _(
            "Answers in the period to “Did you get the help you needed?” (asked after the support started and "
            "after it ended). A share is shown only from five answers."
        ),
        REQUESTS,
        said_helped,
        chart_column=1,
    ),
    Kpi(
        "re_referrals",
        _("Re-referrals per request"),
        _(
            "Requests received in the period that continue an earlier request: referred on by a partner, or "
            "opened again after a track that did not help."
        ),
        REQUESTS,
        re_referrals,
        chart_column=2,
    ),
]

BY_KEY = {kpi.key: kpi for kpi in KPIS}
