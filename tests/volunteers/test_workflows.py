"""The volunteer's onboarding and the match (volunteers.workflow): every action in every state, through the
services. Allowed by the table → the service takes it and the state becomes the table's target; not allowed →
the service refuses and nothing changes."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from people.errors import ActionRefused
from tests.factories import UserFactory, make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Match, VolunteerProfile
from volunteers.workflow import MATCH, ONBOARDING, MatchStatus, ProfileState

pytestmark = pytest.mark.django_db


# -- onboarding ----------------------------------------------------------------------------------
def profile_in(state: str) -> VolunteerProfile:
    if state == ProfileState.STOPPED:
        profile = make_volunteer(state="applied")
        services.volunteer_stop(profile=profile, actor=profile.user)
        profile.refresh_from_db()
        return profile
    profile = make_volunteer(state=state)
    profile.refresh_from_db()
    return profile


def onboard(action: str, profile: VolunteerProfile) -> None:
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    today = timezone.localdate()
    if action == "start_screening":
        services.screening_start(profile=profile, actor=coordinator)
    elif action == "record_screening":
        services.screening_record(profile=profile, document_date=today - timedelta(days=3), actor=coordinator)
    elif action == "pause":
        services.volunteer_pause(profile=profile, until=today + timedelta(days=20), actor=profile.user)
    elif action == "resume":
        services.volunteer_resume(profile=profile, actor=profile.user)
    elif action == "update":
        services.volunteer_update(
            profile=profile,
            task_types=["visit"],
            languages=["nl"],
            areas=["3000"],
            transport="car",
            commitment="both",
            max_active_matches=3,
        )
    elif action == "stop":
        services.volunteer_stop(profile=profile, actor=profile.user)
    else:
        raise AssertionError(action)


ONBOARDING_PAIRS = list(itertools.product(ProfileState.values, ONBOARDING.action_names))


@pytest.mark.parametrize(("state", "action"), ONBOARDING_PAIRS, ids=[f"{s}-{a}" for s, a in ONBOARDING_PAIRS])
def test_every_onboarding_action_in_every_state(state, action):
    profile = profile_in(state)
    assert profile.state == state
    before = (profile.state, profile.screening_valid_until, profile.pause_until, profile.task_types)
    if ONBOARDING.allowed(state, action):
        onboard(action, profile)
        profile.refresh_from_db()
        assert profile.state == ONBOARDING.target(state, action)
    else:
        with pytest.raises(ActionRefused):
            onboard(action, profile)
        profile.refresh_from_db()
        assert (profile.state, profile.screening_valid_until, profile.pause_until, profile.task_types) == before


def test_stopped_is_final_and_every_edge_has_a_reason():
    assert all(edge.reason.strip() for edge in ONBOARDING.edges)
    assert not any(ONBOARDING.actions(ProfileState.STOPPED).values())


# -- the match -----------------------------------------------------------------------------------
def match_in(status: str) -> Match:
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request, _task = make_matching_request(coordinator=coordinator)
    volunteer = make_volunteer()
    match = services.match_propose(request=request, volunteer=volunteer, actor=coordinator)
    user = volunteer.user
    if status == MatchStatus.ACCEPTED:
        services.match_accept(match=match, actor=user)
    elif status == MatchStatus.DECLINED:
        services.match_decline(match=match, actor=user, reason="too_far")
    elif status == MatchStatus.EXPIRED:
        services.matches_expire(now=timezone.now() + timedelta(days=3))
    elif status == MatchStatus.COMPLETED:
        services.match_accept(match=match, actor=user)
        services.match_complete(
            match=match, actor=user, outcome_kind="helped", outcome="Boodschappen gedaan", hours=Decimal(2)
        )
    elif status == MatchStatus.CANCELLED:
        services.match_cancel(match=match, actor=coordinator, reason="Niet meer nodig")
    match.refresh_from_db()
    assert match.status == status
    return match


def act(action: str, match: Match) -> None:
    volunteer = match.volunteer.user
    if action == "accept":
        services.match_accept(match=match, actor=volunteer)
    elif action == "decline":
        services.match_decline(match=match, actor=volunteer, reason="not_available")
    elif action == "expire":
        if not services.matches_expire(now=timezone.now() + timedelta(days=3)):
            raise ActionRefused("nothing expired")
    elif action == "cancel":
        services.match_cancel(match=match, actor=UserFactory(roles=[Role.COORDINATOR]), reason="Ziek")
    elif action == "complete":
        services.match_complete(
            match=match, actor=volunteer, outcome_kind="helped", outcome="Gedaan", hours=Decimal("1.5")
        )
    elif action == "record_session":
        services.match_session_record(match=match, actor=volunteer, on=timezone.localdate(), hours=Decimal(1))
    elif action == "hand_back":
        services.match_cancel(match=match, actor=volunteer, reason="Ik verhuis")
    else:
        raise AssertionError(action)


MATCH_PAIRS = list(itertools.product(MatchStatus.values, MATCH.action_names))


@pytest.mark.parametrize(("status", "action"), MATCH_PAIRS, ids=[f"{s}-{a}" for s, a in MATCH_PAIRS])
def test_every_match_action_in_every_status(status, action):
    match = match_in(status)
    before = (match.status, match.answered_at, match.ended_at, match.outcome)
    if MATCH.allowed(status, action):
        act(action, match)
        match.refresh_from_db()
        assert match.status == MATCH.target(status, action)
    else:
        with pytest.raises((ActionRefused, ValidationError)):
            act(action, match)
        match.refresh_from_db()
        assert (match.status, match.answered_at, match.ended_at, match.outcome) == before


def test_an_ended_match_is_final_and_every_edge_has_a_reason():
    assert all(edge.reason.strip() for edge in MATCH.edges)
    for status in (MatchStatus.DECLINED, MatchStatus.EXPIRED, MatchStatus.COMPLETED, MatchStatus.CANCELLED):
        assert not any(MATCH.actions(status).values()), status
