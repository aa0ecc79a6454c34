"""Each factory trait reaches its state through the services (so the side effects a test relies on exist)."""

import pytest

from requests_app.workflow import State
from tests.factories import HelpRequestFactory, MatchFactory, ReferralFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("trait", "state"),
    [
        ({}, State.SUBMITTED),
        ({"triaged": True}, State.TRIAGE),
        ({"in_matching": True}, State.MATCHING),
        ({"referred": True}, State.REFERRED),
        ({"withdrawn": True}, State.WITHDRAWN),
    ],
)
def test_a_help_request_trait_reaches_its_state_with_a_timeline(trait, state):
    request = HelpRequestFactory(**trait)
    assert request.state == state
    assert request.timeline.count() >= 1 + bool(trait)  # submitted, then one event per move


@pytest.mark.parametrize(
    ("trait", "status", "request_state"),
    [({}, "proposed", State.REFERRED), ({"accepted": True}, "accepted", State.SUPPORT_STARTED)],
)
def test_a_referral_trait_reaches_its_status_and_moves_its_request(trait, status, request_state):
    referral = ReferralFactory(**trait)
    assert referral.status == status
    assert referral.request.state == request_state


def test_a_declined_referral_returns_the_request_to_triage():
    referral = ReferralFactory(declined=True)
    assert (referral.status, referral.request.state) == ("declined", State.TRIAGE)


@pytest.mark.parametrize(
    ("trait", "state"),
    [
        ({}, "applied"),
        ({"screening": True}, "screening"),
        ({"onboarded": True}, "active"),
        ({"paused": True}, "paused"),
    ],
)
def test_a_volunteer_trait_reaches_its_onboarding_state(trait, state):
    assert VolunteerFactory(**trait).state == state


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        ({}, "proposed"),
        ({"accepted": True}, "accepted"),
        ({"declined": True}, "declined"),
        ({"cancelled": True}, "cancelled"),
    ],
)
def test_a_match_trait_reaches_its_status(trait, status):
    match = MatchFactory(**trait)
    match.refresh_from_db()
    assert match.status == status
