"""proposed → accepted | declined | expired; accepted → completed | cancelled — and the request's state machine."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from people.errors import ActionRefused
from requests_app.models import HelpRequest, SupportTrack
from requests_app.status import plain_status
from requests_app.workflow import State
from tests.factories import make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Match, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    volunteer = make_volunteer(full_name="Jonas Claes")
    return services.match_propose(request=request, volunteer=volunteer, actor=coordinator)


def _state(match) -> str:
    return HelpRequest.objects.get(pk=match.request_id).state


def test_accepting_starts_the_support_track_with_the_volunteer(client, proposed):
    client.force_login(proposed.volunteer.user)
    response = client.post(reverse("volunteers:match_accept", args=[proposed.pk]))
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACCEPTED and proposed.accepted_at is not None
    assert _state(proposed) == State.SUPPORT_STARTED
    track = SupportTrack.objects.get(request_id=proposed.request_id)
    assert (track.volunteer, track.organization, track.contact_person) == (proposed.volunteer.user, None, "Jonas")
    request = HelpRequest.objects.select_related("support_track__volunteer").get(pk=proposed.request_id)
    assert plain_status(request) == "Uw begeleiding is gestart: een vrijwilliger, Jonas"
    assert "Claes" not in plain_status(request)


def test_accepting_cancels_the_other_open_proposals(coordinator, proposed):
    other = services.match_propose(request=proposed.request, volunteer=make_volunteer(), actor=coordinator)
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    other.refresh_from_db()
    assert other.status == Match.Status.CANCELLED
    assert not other.shows_contact_details()
    with pytest.raises(ActionRefused):
        services.match_accept(match=other, actor=other.volunteer.user)


def test_acting_on_another_volunteers_match_is_refused(client, proposed):
    someone_else = make_volunteer()
    client.force_login(someone_else.user)
    for name in ("match", "match_accept", "match_decline", "match_complete", "match_hand_back"):
        method = client.get if name == "match" else client.post
        assert method(reverse(f"volunteers:{name}", args=[proposed.pk])).status_code == 404
    with pytest.raises(ActionRefused, match="niet van u"):
        services.match_accept(match=proposed, actor=someone_else.user)
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


def test_accepting_more_active_matches_than_allowed_is_refused(coordinator):
    volunteer = make_volunteer(max_active_matches=1)
    first_request, _ = make_matching_request(coordinator=coordinator)
    first = services.match_propose(request=first_request, volunteer=volunteer, actor=coordinator)
    services.match_accept(match=first, actor=volunteer.user)
    VolunteerProfile.objects.filter(pk=volunteer.pk).update(max_active_matches=2)
    second_request, _ = make_matching_request(coordinator=coordinator)
    second = services.match_propose(request=second_request, volunteer=volunteer, actor=coordinator)
    VolunteerProfile.objects.filter(pk=volunteer.pk).update(max_active_matches=1)  # lowered in the meantime
    with pytest.raises(ActionRefused, match="U hebt al 1 actieve matches"):
        services.match_accept(match=second, actor=volunteer.user)
    assert _state(second) == State.MATCHING


def test_declining_with_a_reason_tells_the_coordinators_and_returns_the_request_to_triage(
    client, coordinator, proposed, django_capture_on_commit_callbacks
):
    client.force_login(proposed.volunteer.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:match_decline", args=[proposed.pk]), {"decline-reason": "too_far"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.decline_reason) == (Match.Status.DECLINED, "too_far")
    assert _state(proposed) == State.TRIAGE
    assert coordinator.email in [address for message in mail.outbox for address in message.to]
    assert VolunteerProfile.objects.get(pk=proposed.volunteer_id).declines_in_a_row == 1


def test_declining_without_a_reason_is_refused_in_dutch(client, proposed):
    client.force_login(proposed.volunteer.user)
    response = client.post(reverse("volunteers:match_decline", args=[proposed.pk]), {"decline-reason": ""})
    assert response.status_code == 400
    assert "Kies waarom u dit niet kunt doen." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


def test_a_decline_asks_the_next_candidate_when_the_coordinator_chose_so(
    coordinator, django_capture_on_commit_callbacks
):
    request, _task = make_matching_request(coordinator=coordinator)
    first = make_volunteer()
    second = make_volunteer()
    match = services.match_propose(request=request, volunteer=first, actor=coordinator, then_ask_next=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_decline(match=match, actor=first.user, reason="not_available")
    following = Match.objects.get(request=request, volunteer=second)
    assert (following.status, following.then_ask_next) == (Match.Status.PROPOSED, 0)
    assert _state(match) == State.MATCHING
    assert second.user.email in [address for message in mail.outbox for address in message.to]


def test_an_unanswered_proposal_expires_after_48_hours_once(coordinator, proposed, django_capture_on_commit_callbacks):
    assert services.matches_expire(now=timezone.now() + timedelta(hours=47)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.matches_expire(now=timezone.now() + timedelta(hours=49)) == 1
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.EXPIRED
    assert _state(proposed) == State.TRIAGE
    assert coordinator.email in [address for message in mail.outbox for address in message.to]
    assert services.matches_expire(now=timezone.now() + timedelta(hours=50)) == 0  # idempotent
    with pytest.raises(ActionRefused):
        services.match_accept(match=proposed, actor=proposed.volunteer.user)


def test_a_late_answer_is_refused_even_before_the_expiry_job_ran(proposed):
    Match.objects.filter(pk=proposed.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ActionRefused, match="staat niet meer open"):
        services.match_accept(match=proposed, actor=proposed.volunteer.user)


def test_a_session_of_a_weekly_match_does_not_end_the_support(client, proposed):
    """Issue 18.2: one visit recorded as done used to close the whole request."""
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    today = timezone.localdate()
    response = client.post(
        reverse("volunteers:match_session", args=[proposed.pk]),
        {"session-on": today.isoformat(), "session-hours": "1,5"},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.hours) == (Match.Status.ACCEPTED, Decimal("1.5"))
    assert _state(proposed) == State.SUPPORT_STARTED
    track = SupportTrack.objects.get(request_id=proposed.request_id)
    assert (track.status, track.first_meeting_on, track.ended_on) == ("under_way", today, None)
    client.post(
        reverse("volunteers:match_session", args=[proposed.pk]), {"session-on": today.isoformat(), "session-hours": "2"}
    )
    proposed.refresh_from_db()
    assert proposed.hours == Decimal("3.5") and proposed.sessions.count() == 2
    assert _state(proposed) == State.SUPPORT_STARTED
    page = client.get(reverse("volunteers:match", args=[proposed.pk])).content.decode()
    assert "Is de begeleiding voorbij?" in page


def test_a_session_in_the_future_is_refused_and_keeps_what_was_typed(client, proposed):
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("volunteers:match_session", args=[proposed.pk]), {"session-on": tomorrow, "session-hours": "2"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze datum ligt in de toekomst" in html and tomorrow in html
    assert not proposed.sessions.exists()


def test_ending_the_support_closes_the_match_and_the_track_with_an_outcome(client, proposed):
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    response = client.post(
        reverse("volunteers:match_complete", args=[proposed.pk]),
        {"complete-outcome_kind": "helped", "complete-outcome": "Boodschappen gedaan.", "complete-hours": "1,5"},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.hours) == (Match.Status.COMPLETED, Decimal("1.5"))
    assert _state(proposed) == State.CLOSED
    track = SupportTrack.objects.get(request_id=proposed.request_id)
    assert (track.status, track.outcome_kind, track.outcome) == ("ended", "helped", "Boodschappen gedaan.")
    assert track.ended_on == timezone.localdate() == track.first_meeting_on
    page = client.get(reverse("volunteers:mine")).content.decode()
    assert "Totaal aantal uren geholpen: 1,5" in page


def test_helped_before_any_session_is_refused_clearly(client, proposed):
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    response = client.post(
        reverse("volunteers:match_complete", args=[proposed.pk]),
        {"complete-outcome_kind": "helped", "complete-outcome": "Goed verlopen", "complete-hours": ""},
        follow=True,
    )
    assert "Noteer eerst het eerste gesprek" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACCEPTED and _state(proposed) == State.SUPPORT_STARTED


def test_not_helped_needs_a_reason_and_keeps_what_was_typed(client, proposed):
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    response = client.post(
        reverse("volunteers:match_complete", args=[proposed.pk]),
        {"complete-outcome_kind": "not_helped", "complete-outcome": "", "complete-hours": "2"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf waarom de hulpvrager niet (volledig) geholpen is." in html
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACCEPTED and not proposed.sessions.exists()


def test_handing_back_cancels_the_match_and_tells_the_coordinators(
    client, coordinator, proposed, django_capture_on_commit_callbacks
):
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteers:match_hand_back", args=[proposed.pk]), {"handback-reason": "Ik verhuis."}
        )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.CANCELLED and proposed.ended_at is not None
    assert coordinator.email in [address for message in mail.outbox for address in message.to]


def test_two_acceptances_for_one_request_are_refused_by_the_database_too(coordinator, proposed):
    from django.db import IntegrityError, transaction

    other = services.match_propose(request=proposed.request, volunteer=make_volunteer(), actor=coordinator)
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=other.pk).update(status=Match.Status.ACCEPTED)


def test_a_decimal_point_is_one_and_a_half_hours_in_dutch_too_not_fifteen(client, proposed):
    """The site's one number field: "1.5" on a Dutch page is one and a half (a localized field reads 15)."""
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    response = client.post(
        reverse("volunteers:match_session", args=[proposed.pk]),
        {"session-on": timezone.localdate().isoformat(), "session-hours": "1.5"},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.hours == Decimal("1.5")


def test_more_hours_than_the_task_lasts_are_refused_with_the_task_window(client, proposed):
    """The task runs 14:00–16:00: 15 hours in one session (a "1,5" that lost its comma) cannot be right."""
    services.match_accept(match=proposed, actor=proposed.volunteer.user)
    client.force_login(proposed.volunteer.user)
    response = client.post(
        reverse("volunteers:match_session", args=[proposed.pk]),
        {"session-on": timezone.localdate().isoformat(), "session-hours": "15"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "14:00" in html and "16:00" in html and "hoogstens 3 uur" in html
    assert 'value="15"' in html
    proposed.refresh_from_db()
    assert not proposed.sessions.exists()


def test_a_weekly_task_allows_its_window_per_session(coordinator):
    request, _task = make_matching_request(coordinator=coordinator, regular=True, start=9, end=12)
    match = services.match_propose(request=request, volunteer=make_volunteer(), actor=coordinator)
    assert services.session_hours_limit(match=match) == Decimal("4.0")  # 09:00–12:00, and an hour's travel
