"""The referral's table (requests_app.workflow.REFERRAL): every action in every status, through the services.

Allowed by the table → the service takes it and the status becomes the table's target; not allowed → the
service refuses and nothing changes."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from people.errors import ActionRefused
from requests_app import services
from requests_app.models import Referral, TimelineEvent
from requests_app.workflow import REFERRAL, ReferralStatus
from tests.factories import OrganizationFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def referral_in(status: str, coordinator) -> Referral:
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    # Two partners: the request stays referred whatever happens to the first one.
    referral, other = services.request_refer(
        consent_channel="phone",
        request=request,
        organizations=[OrganizationFactory(), OrganizationFactory()],
        actor=coordinator,
    )
    if status == ReferralStatus.ACCEPTED:
        services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    elif status == ReferralStatus.DECLINED:
        services.referral_decline(referral=referral, actor=coordinator, reason="no_capacity")
    elif status == ReferralStatus.WITHDRAWN:
        services.referral_withdraw(referral=referral, actor=coordinator)
    other.refresh_from_db()
    if status != ReferralStatus.PROPOSED and other.status == ReferralStatus.PROPOSED:
        services.referral_withdraw(referral=other, actor=coordinator)  # only this referral can be escalated
    referral.refresh_from_db()
    assert referral.status == status
    return referral


def take(action: str, referral: Referral, coordinator) -> None:
    if action == "accept":
        services.referral_accept(referral=referral, actor=coordinator, contact_person="Tom")
    elif action == "decline":
        services.referral_decline(referral=referral, actor=coordinator, reason="outside_area")
    elif action == "withdraw":
        services.referral_withdraw(referral=referral, actor=coordinator)
    elif action == "escalate":
        if not services.referrals_escalate(today=timezone.localdate() + timedelta(days=30)):
            raise ActionRefused("nothing escalated")
    else:
        raise AssertionError(action)


PAIRS = list(itertools.product(ReferralStatus.values, REFERRAL.action_names))


def test_the_table_has_a_reason_for_every_edge_and_an_answer_is_final():
    assert all(edge.reason.strip() for edge in REFERRAL.edges)
    for status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN):
        assert not any(REFERRAL.actions(status).values()), status


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_every_action_in_every_status(status, action):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    referral = referral_in(status, coordinator)
    events = TimelineEvent.objects.filter(request=referral.request).count()
    if REFERRAL.allowed(status, action):
        take(action, referral, coordinator)
        referral.refresh_from_db()
        assert referral.status == REFERRAL.target(status, action)
        if action == "escalate":
            assert referral.escalated_at is not None
    else:
        with pytest.raises(ActionRefused):
            take(action, referral, coordinator)
        referral.refresh_from_db()
        assert referral.status == status, "a refused action changes nothing"
        assert TimelineEvent.objects.filter(request=referral.request).count() == events
