"""Every KPI asserted exactly on a known history: March 2026 against the 31 days before it.

The history (March 2026, the period; received at 10:00):
- A: 5 phone requests (finances), first contact after 2 h, referred to CAW, accepted: support after 24 h;
- B: 1 web request (housing + finances), contact after 4 h, CAW declines (no capacity), OCMW accepts: 48 h;
- C: 1 web request (loneliness), contact after 4 h, CAW declines (not eligible), back to triage, then a
  volunteer: support after 72 h;
- D: 2 assistant requests (finances), withdrawn before anyone looked at them;
- E: 1 counter request (health), closed without support;
- F: 1 phone request (housing), referred to OCMW, not answered yet.
Before (15 February): 6 phone requests, still submitted. Long before (2025): 1, outside both periods.
"""

from datetime import date, timedelta

import pytest

from accounts.models import Organization
from accounts.roles import Role
from assistant.models import UsageCount
from insights import kpis
from insights.periods import Period
from insights.services import summary_refresh
from insights.values import Count, Duration, Number, Share
from requests_app import services
from requests_app.models import Referral
from tests.factories import OrganizationFactory, UserFactory
from tests.insights.history import at, place, received, refer, volunteer_support

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def raw(value):
    """What a cell holds: a count, (part, whole), whole hours, or None when it is not shown."""
    if isinstance(value, Count | Number):
        return value.n
    if isinstance(value, Share):
        return (value.part, value.whole)
    if isinstance(value, Duration):
        return round(value.hours, 2) if value.shown else None
    raise TypeError(value)


def cells(table) -> dict:
    return {row.key: [raw(value) for value in row.values] for row in table.rows}


@pytest.fixture
def history(db):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    caseworker = UserFactory(roles=[Role.CASEWORKER])
    volunteer = UserFactory(roles=[Role.VOLUNTEER], full_name="Vera Vrijwilliger")
    Organization.objects.exclude(kind=Organization.Kind.CITY_SERVICE).delete()
    caw = OrganizationFactory(name="CAW Test", kind=Organization.Kind.CAW)
    ocmw = OrganizationFactory(name="OCMW Test", kind=Organization.Kind.OCMW)
    day = at(2026, 3, 10)

    for _ in range(5):  # A
        request = received(day, channel="phone", needs=["finances"])
        referral = refer(request, caw, coordinator)
        services.referral_accept(referral=referral, actor=caseworker, contact_person="Maatschappelijk werker")
        place(request, day, contact_hours=2, support_hours=24)

    b = received(day, channel="web", needs=["housing", "finances"])  # B
    first = refer(b, caw, coordinator)
    services.referral_decline(referral=first, actor=caseworker, reason=Referral.DeclineReason.NO_CAPACITY)
    second = refer(b, ocmw, coordinator)
    services.referral_accept(referral=second, actor=caseworker, contact_person="Sociaal assistent")
    place(b, day, contact_hours=4, support_hours=48)

    c = received(day, channel="web", needs=["loneliness"])  # C
    declined = refer(c, caw, coordinator)
    services.referral_decline(referral=declined, actor=caseworker, reason=Referral.DeclineReason.NOT_ELIGIBLE)
    volunteer_support(c, coordinator, volunteer)
    place(c, day, contact_hours=4, support_hours=72)

    for _ in range(2):  # D
        services.request_withdraw(request=received(day, channel="assistant"), actor=None)
    e = received(day, channel="counter", needs=["health"])  # E
    services.request_take_up(request=e, actor=coordinator)
    services.request_close_without_support(request=e, actor=coordinator, reason="Geen hulp meer nodig.")
    f = received(day, channel="phone", needs=["housing"])  # F
    refer(f, ocmw, coordinator)
    place(f, day)

    for _ in range(6):
        received(at(2026, 2, 15), channel="phone", needs=["finances"])
    received(at(2025, 3, 10), channel="web")

    summary_refresh(full=True)
    return {"caw": caw, "ocmw": ocmw}


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    assert MARCH.previous == Period(date(2026, 1, 29), date(2026, 2, 28))
    assert MARCH.previous.days == MARCH.days == 31


def test_requests_outcome(history):
    assert cells(kpis.requests_outcome(MARCH)) == {
        "total": [11, (11, 11)],
        "handled": [7, (7, 11)],
        "waiting": [1, (1, 11)],
        "withdrawn": [2, (2, 11)],
        "closed": [1, (1, 11)],
    }
    before = cells(kpis.requests_outcome(MARCH.previous))
    assert before["total"] == [6, (6, 6)] and before["waiting"] == [6, (6, 6)] and before["handled"][0] == 0


def test_requests_by_channel(history):
    table = cells(kpis.requests_by_channel(MARCH))
    assert table["phone"] == [6, 5, (5, 6)]
    assert table["web"] == [2, 2, (2, 2)]
    assert table["assistant"] == [2, 0, (0, 2)]
    assert table["counter"] == [1, 0, (0, 1)]
    assert table["email"] == [0, 0, (0, 0)]
    assert list(table) == ["web", "assistant", "phone", "counter", "email", "letter", "outreach", "partner"]


def test_requests_by_need_count_a_request_for_each_of_its_needs(history):
    table = cells(kpis.requests_by_need(MARCH))
    assert table["finances"] == [8, 6, (6, 8)]  # A (5), B, D (2)
    assert table["housing"] == [2, 1, (1, 2)]  # B handled, F waiting
    assert table["loneliness"] == [1, 1, (1, 1)]
    assert table["health"] == [1, 0, (0, 1)]


def test_a_request_handled_by_a_volunteer_after_a_declined_referral_is_on_the_volunteer_route(history):
    assert cells(kpis.requests_by_route(MARCH)) == {
        "volunteer": [1, 1, (1, 1)],  # C
        "professional": [7, 6, (6, 7)],  # A, B, F (F not handled yet)
        "none": [3, 0, (0, 3)],  # D (withdrawn) and E (closed without support)
    }


def test_waiting_times_by_route(history):
    table = cells(kpis.waiting_by_route(MARCH))
    # Professional first contact: 2 h ×5 and 4 h → median 2, p90 at rank 4.5 → 3; support: 24 ×5 and 48.
    assert table["professional"] == [6, 2.0, 3.0, 6, 24.0, 36.0]
    # A single volunteer request: no median or percentile on fewer than 5.
    assert table["volunteer"] == [1, None, None, 1, None, None]
    # Everyone: first contact 2 ×5, 4, 4 → median 2, p90 4; support 24 ×5, 48, 72 → p90 48 + 0.4 × 24.
    assert table["all"] == [7, 2.0, 4.0, 7, 24.0, 57.6]


def test_waiting_times_by_partner(history):
    table = cells(kpis.waiting_by_partner(MARCH))
    assert table[str(history["caw"].pk)] == [5, 2.0, 2.0, 5, 24.0, 24.0]
    assert table[str(history["ocmw"].pk)] == [1, None, None, 1, None, None]


def test_referral_declined_then_accepted_elsewhere_counts_for_each_partner(history):
    table = cells(kpis.referrals_by_partner(MARCH))
    # Sent, accepted, declined, unanswered, withdrawn before an answer.
    assert table[str(history["caw"].pk)] == [7, 5, 2, 0, 0]
    assert table[str(history["ocmw"].pk)] == [2, 1, 0, 1, 0]
    assert cells(kpis.declines_by_reason(MARCH))[str(history["caw"].pk)] == [1, 1, 0, 0]


def test_handoffs_before_support(history):
    assert cells(kpis.handoffs(MARCH)) == {
        "none": [3, (3, 11)],  # D, E
        "one": [6, (6, 11)],  # A, F
        "more": [2, (2, 11)],  # B (declined, accepted elsewhere), C (declined, then a volunteer)
        "handled_more": [2, (2, 11)],
        "handoffs": [10, (0, 0)],  # 5 + 2 + 2 + 1
    }


def test_assistant_sessions_and_the_requests_they_led_to(history):
    from assistant.models import Edition
    from tests.conftest import _catalogue_document

    edition = Edition.objects.create(label="test", state=Edition.State.DRAFT, document=_catalogue_document("test"))
    for day, started, finished in ((date(2026, 3, 1), 10, 6), (date(2026, 3, 31), 5, 2), (date(2026, 4, 1), 9, 9)):
        UsageCount.objects.create(edition=edition, day=day, event=UsageCount.Event.SESSION_STARTED, count=started)
        UsageCount.objects.create(edition=edition, day=day, event=UsageCount.Event.SESSION_FINISHED, count=finished)
    assert cells(kpis.assistant_sessions(MARCH)) == {
        "started": [15, (15, 15)],
        "finished": [8, (8, 15)],
        "help_request": [2, (2, 15)],  # D: asked from the assistant (then withdrawn)
    }


def test_products_consultable_leaves_out_a_product_that_no_answers_make_apply(db):
    from assistant.services import edition_import
    from tests.conftest import _catalogue_document

    document = _catalogue_document("kpi")
    never = dict(document["products"][0], key="nooit", name={"nl": "Nooit"})
    never["applies_if"] = {"and": [{"var": "lives_in_leuven"}, {"!": {"var": "lives_in_leuven"}}]}
    document["products"].append(never)
    edition_import(document=document, publish=True)
    assert cells(kpis.products_consultable(MARCH)) == {"published": [2], "consultable": [1]}


def test_products_consultable_is_zero_without_a_published_catalogue(db):
    assert cells(kpis.products_consultable(MARCH)) == {"published": [0], "consultable": [0]}


def test_a_period_without_requests_is_all_zero(history):
    empty = Period(date(2024, 1, 1), date(2024, 1, 31))
    assert cells(kpis.requests_outcome(empty))["total"] == [0, (0, 0)]
    assert cells(kpis.waiting_by_route(empty))["all"] == [0, None, None, 0, None, None]


@pytest.mark.parametrize(
    ("counts", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([(3, 1)], 0.5, 3),
        ([(1, 1), (2, 1), (3, 1), (4, 1)], 0.5, 2.5),
        ([(2, 5), (4, 1)], 0.9, 3.0),
        ([(24, 5), (48, 1), (72, 1)], 0.9, 57.6),
        ([(10, 0), (5, 2)], 0.5, 5),
    ],
)
def test_percentile_interpolates_as_postgresql_percentile_cont(counts, fraction, expected):
    result = kpis.percentile(counts, fraction)
    assert result == expected if expected is None else result == pytest.approx(expected)


def test_a_request_received_just_before_midnight_belongs_to_that_day(db):
    late = received(at(2026, 3, 31, 23) + timedelta(minutes=59))
    early = received(at(2026, 4, 1, 0))
    summary_refresh(full=True)
    assert cells(kpis.requests_outcome(MARCH))["total"][0] == 1
    assert late.pk != early.pk


def test_missed_first_contact_promises_are_counted():
    """The beat job marks a missed promise; the summary counts it per day of receipt."""
    from django.utils import timezone

    from requests_app.models import HelpRequest
    from tests.factories import make_request

    make_request()
    missed = make_request()
    make_request()
    HelpRequest.objects.filter(pk=missed.pk).update(first_contact_missed_at=timezone.now())
    summary_refresh(full=True)
    cells = kpis.first_contact_promise(kpis_this_month()).cells()
    assert cells["missed"][0] == Count(1) and cells["kept"][0] == Count(2)


def kpis_this_month():
    from django.utils import timezone

    from insights.periods import this_month

    return this_month(timezone.localdate())


def test_the_outcome_kpis_count_the_closed_loop():
    """Under way within 10 working days, outcomes by route, who said they were helped, re-referrals."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.roles import Role
    from insights.periods import Period
    from requests_app import services
    from requests_app.models import FollowUpQuestion
    from tests.factories import OrganizationFactory, UserFactory, make_request

    coordinator = UserFactory(roles=[Role.COORDINATOR])
    caw, ocmw = OrganizationFactory(kind="caw"), OrganizationFactory(kind="ocmw")
    tracks = []
    for _n in range(6):
        request = make_request()
        services.request_take_up(request=request, actor=coordinator)
        (referral,) = services.request_refer(
            consent_channel="phone", request=request, organizations=[caw], actor=coordinator
        )
        tracks.append(services.referral_accept(referral=referral, actor=coordinator, contact_person="An"))
    for track in tracks[:5]:
        services.support_first_meeting(track=track, actor=coordinator, met_on=timezone.localdate())
    for track in tracks[:4]:
        services.support_end(track=track, actor=coordinator, outcome_kind="helped")
    services.support_end(
        track=tracks[4], actor=coordinator, outcome_kind="referred_on", referred_to=ocmw, consent_channel="phone"
    )
    today = timezone.localdate()
    period = Period(today - timedelta(days=1), today)
    assert cells(kpis.under_way_in_time(period))["all"][:2] == [7, 5]  # 6 requests + the one referred on
    table = cells(kpis.outcomes_by_route(period))
    assert table["helped"] == [4, 0] and table["referred_on"] == [1, 0]
    assert cells(kpis.re_referrals(period))["all"][:2] == [7, 1]
    for track in tracks[:5]:
        question = FollowUpQuestion.objects.create(request=track.request, moment="after_end")
        services.follow_up_answer(question=question, answer="yes" if track != tracks[0] else "no")
    answers = cells(kpis.said_helped(period))
    assert answers["all"][0] == 5 and answers["yes"][0] == 4 and answers["no"][0] == 1
    # Four yeses out of five: under five, so the share is hidden.
    assert kpis.said_helped(period).row("yes").values[1].shown is False
