"""The volunteer KPIs asserted exactly on a known history, made through the volunteers services.

Volunteers V1–V7 (active, screened), P1 (paused until 8 February), P2 (paused until 1 May), A (applied),
S (in screening), all signed up on 1 February 2026. Tasks: shopping in Kessel-Lo on Tuesday afternoon.

- February: R7 proposed to V3 on the 20th, accepted; still running.
- March (the period), proposals at 10:00:
  R1 → V1 accepted (2nd), completed on the 20th with 2.5 hours;
  R2 → V2 declined (too far), then → V3 accepted;
  R3 → V4 not answered: expired;
  R4 → V5 and V6 at once: V5 accepts (V6's proposal is no longer needed), later hands it back;
  R5 → V1 declined (not available);
  R6 → V2 on the 30th, not answered yet.
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from accounts.roles import Role
from insights import kpis
from insights.models import MatchDay
from insights.periods import Period
from insights.services import changed_days, summary_refresh
from insights.values import Count, Hours, Share
from tests.factories import UserFactory, make_matching_request, make_volunteer
from tests.insights.history import at
from volunteers import services
from volunteers.models import Match

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def raw(value):
    if isinstance(value, Count):
        return value.n
    if isinstance(value, Share):
        return (value.part, value.whole)
    if isinstance(value, Hours):
        return (value.total, value.matches)
    raise TypeError(value)


def cells(table) -> dict:
    return {row.key: [raw(value) for value in row.values] for row in table.rows}


def propose(request, volunteer, coordinator, when):
    with time_machine.travel(when, tick=False):
        return services.match_propose(request=request, volunteer=volunteer, actor=coordinator)


def matching_request(coordinator, when):
    with time_machine.travel(when, tick=False):
        request, _task = make_matching_request(coordinator=coordinator)
    return request


@pytest.fixture
def history(db):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    with time_machine.travel(at(2026, 2, 1), tick=False):
        v = {n: make_volunteer() for n in range(1, 7)}
        v[7] = make_volunteer(slots=())
        p1 = make_volunteer(state="paused")  # until 8 February
        p2 = make_volunteer(state="paused")
        services.volunteer_pause(profile=p2, until=date(2026, 5, 1), actor=p2.user)
        make_volunteer(state="applied")
        make_volunteer(state="screening")

    r7 = matching_request(coordinator, at(2026, 2, 20))
    m = propose(r7, v[3], coordinator, at(2026, 2, 20))
    with time_machine.travel(at(2026, 2, 20, 12), tick=False):
        services.match_accept(match=m, actor=v[3].user)

    r1 = matching_request(coordinator, at(2026, 3, 2))
    m = propose(r1, v[1], coordinator, at(2026, 3, 2))
    with time_machine.travel(at(2026, 3, 2, 12), tick=False):
        services.match_accept(match=m, actor=v[1].user)
    with time_machine.travel(at(2026, 3, 20), tick=False):
        services.match_complete(
            match=m, actor=v[1].user, outcome_kind="helped", outcome="Boodschappen gedaan.", hours=Decimal("2.5")
        )

    r2 = matching_request(coordinator, at(2026, 3, 3))
    m = propose(r2, v[2], coordinator, at(2026, 3, 3))
    second = propose(r2, v[3], coordinator, at(2026, 3, 3))
    with time_machine.travel(at(2026, 3, 3, 12), tick=False):
        services.match_decline(match=m, actor=v[2].user, reason=Match.DeclineReason.TOO_FAR)
        services.match_accept(match=second, actor=v[3].user)

    r3 = matching_request(coordinator, at(2026, 3, 12))
    propose(r3, v[4], coordinator, at(2026, 3, 12))
    with time_machine.travel(at(2026, 3, 14, 11), tick=False):
        assert services.matches_expire() == 1

    r4 = matching_request(coordinator, at(2026, 3, 16))
    m5 = propose(r4, v[5], coordinator, at(2026, 3, 16))
    propose(r4, v[6], coordinator, at(2026, 3, 16))
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        services.match_accept(match=m5, actor=v[5].user)
    with time_machine.travel(at(2026, 3, 25), tick=False):
        services.match_cancel(match=m5, actor=v[5].user, reason="Ik verhuis.")

    r5 = matching_request(coordinator, at(2026, 3, 23))
    m = propose(r5, v[1], coordinator, at(2026, 3, 23))
    with time_machine.travel(at(2026, 3, 23, 12), tick=False):
        services.match_decline(match=m, actor=v[1].user, reason=Match.DeclineReason.NOT_AVAILABLE)

    r6 = matching_request(coordinator, at(2026, 3, 30))
    propose(r6, v[2], coordinator, at(2026, 3, 30))

    summary_refresh(full=True)
    return {"v": v, "p1": p1, "p2": p2, "coordinator": coordinator}


def test_matches_proposed_in_the_period_by_what_became_of_them(history):
    assert cells(kpis.matches(MARCH)) == {
        "proposed": [8, (8, 8)],
        "accepted": [3, (3, 8)],  # R1 (completed), R2 (V3), R4 (V5, handed back)
        "declined": [2, (2, 8)],
        "expired": [1, (1, 8)],
        "waiting": [1, (1, 8)],
        "not_needed": [1, (1, 8)],  # V6: V5 accepted R4 first
        "completed": [1, (1, 8)],
        "handed_back": [1, (1, 8)],
    }
    before = cells(kpis.matches(MARCH.previous))
    assert before["proposed"] == [1, (1, 1)] and before["accepted"] == [1, (1, 1)]
    assert before["declined"] == [0, (0, 1)]


def test_declined_matches_by_reason(history):
    assert cells(kpis.match_declines(MARCH)) == {
        "not_available": [1, (1, 2)],
        "too_far": [1, (1, 2)],
        "not_suited": [0, (0, 2)],
        "too_busy": [0, (0, 2)],
        "other": [0, (0, 2)],
    }
    assert cells(kpis.match_declines(MARCH.previous))["too_far"] == [0, (0, 0)]


def test_hours_given_on_the_completed_matches_are_hidden_under_five_matches(history):
    table = kpis.volunteer_hours(MARCH)
    assert cells(table) == {"completed": [1, (Decimal("2.5"), 1)]}
    hours = table.rows[0].values[1]
    assert hours.text() == "< 5" and hours.csv() == "< 5" and hours.chart() is None
    assert cells(kpis.volunteer_hours(MARCH.previous)) == {"completed": [0, (0, 0)]}


def test_hours_are_shown_from_five_matches():
    hours = Hours(Decimal("12.5"), 5)
    assert hours.shown and hours.csv() == Decimal("12.5") and hours.chart() == 12.5
    assert Hours(Decimal(0), 0).text() == "–" and Hours(Decimal(0), 0).csv() == ""


def test_volunteers_active_in_the_period_are_counted_once_each(history):
    assert cells(kpis.volunteers_active(MARCH)) == {
        "asked": [6],  # V1–V6; V1 and V2 were asked twice
        "supporting": [3],  # V1 (until the 20th), V3 (since February), V5 (until handing back)
        "completed": [1],  # V1
    }
    assert cells(kpis.volunteers_active(MARCH.previous)) == {"asked": [1], "supporting": [1], "completed": [0]}
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    assert cells(kpis.volunteers_active(april)) == {"asked": [0], "supporting": [1], "completed": [0]}  # V3


def test_volunteers_now_and_available_this_week(history):
    with time_machine.travel(at(2026, 4, 1), tick=False):  # a Wednesday
        table = cells(kpis.volunteers_now(MARCH))
    assert table == {
        "active": [7],  # V1–V7
        # V1, V2 (one open proposal of two), V4, V5, V6 and P1 (pause over); not V3 (two accepted
        # matches, her maximum), V7 (no weekly slot), P2 (paused until May).
        "available": [6],
        "paused": [2],
        "onboarding": [2],
    }
    # The week of 27 April: P2's pause (until Friday 1 May) ends within it.
    with time_machine.travel(at(2026, 4, 27), tick=False):
        assert cells(kpis.volunteers_now(MARCH))["available"] == [7]


def test_a_match_answered_later_is_counted_again_on_the_day_it_was_proposed(history):
    waiting = Match.objects.get(status=Match.Status.PROPOSED)
    with time_machine.travel(at(2026, 3, 31), tick=False):
        summary_refresh()
    rows = sorted(MatchDay.objects.values_list("day", "status", "reason", "accepted", "matches", "hours"))
    assert cells(kpis.matches(MARCH))["waiting"] == [1, (1, 8)]
    with time_machine.travel(at(2026, 4, 20), tick=False):
        since = at(2026, 4, 19)
        assert date(2026, 3, 30) not in changed_days(since=since, today=date(2026, 4, 20))
        services.match_decline(match=waiting, actor=waiting.volunteer.user, reason=Match.DeclineReason.TOO_BUSY)
        assert date(2026, 3, 30) in changed_days(since=since, today=date(2026, 4, 20))
        summary_refresh()
    table = cells(kpis.matches(MARCH))
    assert table["waiting"] == [0, (0, 8)] and table["declined"] == [3, (3, 8)]
    assert cells(kpis.match_declines(MARCH))["too_busy"] == [1, (1, 3)]
    incremental = sorted(MatchDay.objects.values_list("day", "status", "reason", "accepted", "matches", "hours"))
    assert incremental != rows
    summary_refresh()
    summary_refresh(full=True)
    assert (
        sorted(MatchDay.objects.values_list("day", "status", "reason", "accepted", "matches", "hours")) == incremental
    )
