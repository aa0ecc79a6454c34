"""The KCC KPIs asserted exactly on a known history, made through the helpdesk services.

March 2026 (the period), contacts started at 10:00:
- P1 on the phone, answered at once; later another phone contact of P1, still open;
- P2 on the phone, transferred (it worked); at the counter, a callback; on the phone, referred to Leuven
  Helpt (a help request on the phone channel);
- P3 by e-mail, transferred (it failed);
- someone not identified at the counter, answered at once;
- and a help request on the website.
February: someone not identified by letter, answered.
"""

from datetime import date

import pytest
import time_machine

from accounts.roles import Role
from helpdesk import services
from helpdesk.models import ContactMoment, Route
from insights import kpis
from insights.periods import Period
from insights.services import summary_refresh
from insights.values import Count, Number, Share
from tests.factories import OrganizationFactory, PersonFactory, UserFactory
from tests.insights.history import at, received

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
Outcome = ContactMoment.Outcome


def raw(value):
    if isinstance(value, Count | Number):
        return value.n
    if isinstance(value, Share):
        return (value.part, value.whole)
    raise TypeError(value)


def cells(table) -> dict:
    return {row.key: [raw(value) for value in row.values] for row in table.rows}


def contact(agent, when, channel, person=None, outcome=None, **close):
    with time_machine.travel(when, tick=False):
        moment = services.contact_start(agent=agent, channel=channel)
        if person is not None:
            services.contact_set_person(contact=moment, person=person)
        if outcome == Outcome.REFERRED_LEUVEN_HELPT:
            services.contact_refer(
                contact=moment,
                agent=agent,
                route=Route.objects.first(),
                description="Vraagt hulp bij facturen.",
                needs=["finances"],
            )
        if outcome is not None:
            services.contact_close(contact=moment, outcome=outcome, **close)
    return moment


@pytest.fixture
def history(db):
    agent = UserFactory(roles=[Role.KCC_AGENT])
    team = OrganizationFactory()
    p1, p2, p3 = PersonFactory(), PersonFactory(), PersonFactory()
    contact(agent, at(2026, 3, 2), "phone", p1, Outcome.ANSWERED)
    contact(
        agent, at(2026, 3, 3), "phone", p2, Outcome.TRANSFERRED, transfer_to="Dienst Wonen", transfer_succeeded=True
    )
    contact(agent, at(2026, 3, 5), "counter", p2, Outcome.CALLBACK, callback_organization=team)
    contact(agent, at(2026, 3, 9), "phone", p2, Outcome.REFERRED_LEUVEN_HELPT)
    contact(agent, at(2026, 3, 10), "email", p3, Outcome.TRANSFERRED, transfer_to="OCMW", transfer_succeeded=False)
    contact(agent, at(2026, 3, 11), "counter", None, Outcome.ANSWERED)
    contact(agent, at(2026, 3, 12), "phone", p1)  # still open
    received(at(2026, 3, 12), channel="web")
    contact(agent, at(2026, 2, 20), "letter", None, Outcome.ANSWERED)
    summary_refresh(full=True)


def test_first_contact_resolution_is_the_share_answered_at_once(history):
    assert cells(kpis.kcc_resolution(MARCH)) == {
        "ended": [6, (6, 6)],  # the open contact is not counted
        "answered": [2, (2, 6)],
        "transferred_ok": [1, (1, 6)],
        "transferred_failed": [1, (1, 6)],
        "callback": [1, (1, 6)],
        "referred_lh": [1, (1, 6)],
        "referred_gbo": [0, (0, 6)],
    }
    before = cells(kpis.kcc_resolution(MARCH.previous))
    assert before["ended"] == [1, (1, 1)] and before["answered"] == [1, (1, 1)]


def test_contacts_per_channel_beside_the_help_requests(history):
    table = cells(kpis.contacts_by_channel(MARCH))
    assert table["phone"] == [4, 1]  # P1 twice, P2 twice; the request made by the agent on the phone
    assert table["counter"] == [2, 0]
    assert table["email"] == [1, 0]
    assert table["web"] == [0, 1]
    assert table["letter"] == [0, 0] and table["assistant"] == [0, 0]
    assert cells(kpis.contacts_by_channel(MARCH.previous))["letter"] == [1, 0]


def test_contact_points_count_the_registers_against_the_target_of_one(history):
    """KPI 2 counts registers where a question first lands (target 1), not channels (a breakdown)."""
    from insights.models import ContactPoint

    portal = ContactPoint.objects.get(is_this_portal=True)
    assert cells(kpis.contact_points(MARCH)) == {"registers": [1], f"point-{portal.pk}": [1], "doors": [4]}
    assert cells(kpis.contact_points(MARCH.previous))["registers"] == [1]
    assert cells(kpis.contact_points(MARCH.previous))["doors"] == [1]
    other = ContactPoint.objects.create(name="Eigen intake OCMW")
    table = cells(kpis.contact_points(MARCH))
    assert table["registers"] == [2] and table[f"point-{other.pk}"] == [1]
    ContactPoint.objects.filter(pk=other.pk).update(active=False)
    assert cells(kpis.contact_points(MARCH))["registers"] == [1]
    kpi = kpis.BY_KEY["contact_points"]
    assert (str(kpi.baseline), str(kpi.target)) == ("Dienst bestaat nog niet structureel", "1 multikanaal contactpunt")


def test_people_passed_on_more_than_once_at_the_kcc(history):
    assert cells(kpis.kcc_handoffs(MARCH)) == {
        "people": [3, (3, 3)],  # P1, P2, P3 (the unidentified caller is not a person)
        "none": [1, (1, 3)],  # P1
        "one": [1, (1, 3)],  # P3
        "more": [1, (1, 3)],  # P2: transfer, callback, referral
    }
    assert list(
        ContactMoment.objects.filter(outcome=Outcome.REFERRED_LEUVEN_HELPT).values_list("handoffs", flat=True)
    ) == [3]
