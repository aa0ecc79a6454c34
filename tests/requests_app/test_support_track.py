"""After the support started: the first meeting, progress notes, the end with an outcome, referring on.

The support track has its own table in ``workflow.py`` (started → under way → ended); every (source,
target) pair is walked here like the request's own table in ``test_workflow.py``."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from people.errors import ActionRefused
from requests_app import services
from requests_app.models import HelpRequest, Referral, SupportTrack, TimelineEvent
from requests_app.workflow import SUPPORT_TRACK, Outcome, State, TrackState
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def started(coordinator, caw, caseworker) -> SupportTrack:
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    return services.referral_accept(referral=referral, actor=caseworker, contact_person="Fatima Benali")


def put_track_in(state: str, coordinator, caw, caseworker) -> SupportTrack:
    track = started(coordinator, caw, caseworker)
    if state == TrackState.STARTED:
        return track
    if state == TrackState.UNDER_WAY:
        return services.support_first_meeting(track=track, actor=caseworker, met_on=timezone.localdate())
    return services.support_end(track=track, actor=caseworker, outcome_kind=Outcome.UNREACHABLE)


def attempt_track(target: str, track: SupportTrack, caseworker):
    if target == TrackState.UNDER_WAY:
        return services.support_first_meeting(track=track, actor=caseworker, met_on=timezone.localdate())
    if target == TrackState.ENDED:
        kind = Outcome.HELPED if track.first_meeting_on else Outcome.UNREACHABLE
        return services.support_end(track=track, actor=caseworker, outcome_kind=kind)
    # Back to "started": no service does that; recording a first meeting again must not either.
    return services.support_first_meeting(track=track, actor=caseworker, met_on=timezone.localdate())


TRACK_PAIRS = [(s, t) for s, t in itertools.product(TrackState, TrackState) if s != t]


@pytest.mark.parametrize(("source", "target"), TRACK_PAIRS, ids=[f"{s}->{t}" for s, t in TRACK_PAIRS])
def test_every_track_source_and_target(source, target, coordinator, caw, caseworker):
    track = put_track_in(source, coordinator, caw, caseworker)
    assert track.status == source
    if SUPPORT_TRACK.can_move(source, target):
        attempt_track(target, track, caseworker)
        track.refresh_from_db()
        assert track.status == target
    else:
        events = TimelineEvent.objects.filter(request=track.request).count()
        with pytest.raises((ActionRefused, ValidationError)):
            attempt_track(target, track, caseworker)
        track.refresh_from_db()
        assert track.status == source, "a refused action changes nothing"
        assert TimelineEvent.objects.filter(request=track.request).count() == events


def test_the_track_table_names_a_reason_for_every_edge():
    assert all(edge.reason.strip() for edge in SUPPORT_TRACK.edges)
    transitions = SUPPORT_TRACK.transitions()
    assert (TrackState.ENDED, TrackState.STARTED) not in transitions
    assert (TrackState.UNDER_WAY, TrackState.STARTED) not in transitions
    # Progress notes while it runs, never after the end.
    assert SUPPORT_TRACK.sources("note") == [TrackState.STARTED, TrackState.UNDER_WAY]


def test_first_meeting_makes_the_track_under_way_and_tells_the_help_seeker(coordinator, caw, caseworker):
    track = started(coordinator, caw, caseworker)
    assert track.status == TrackState.STARTED
    services.support_first_meeting(track=track, actor=caseworker, met_on=timezone.localdate())
    track.refresh_from_db()
    assert track.status == TrackState.UNDER_WAY and track.first_meeting_on == timezone.localdate()
    event = TimelineEvent.objects.filter(request=track.request, kind="track").get()
    assert event.public is True
    assert HelpRequest.objects.get(pk=track.request_id).first_contact_at is not None


@pytest.mark.parametrize(
    ("days", "message"), [(1, "in de toekomst"), (-400, "voor de start van de begeleiding")], ids=["future", "before"]
)
def test_first_meeting_date_is_bounded(coordinator, caw, caseworker, days, message):
    track = started(coordinator, caw, caseworker)
    with translation.override("nl"), pytest.raises(ValidationError, match=message):
        services.support_first_meeting(
            track=track, actor=caseworker, met_on=timezone.localdate() + timedelta(days=days)
        )


@pytest.mark.parametrize("kind", [Outcome.HELPED, Outcome.PARTLY, Outcome.NOT_HELPED, Outcome.REFERRED_ON])
def test_an_outcome_before_the_first_meeting_is_refused(coordinator, caw, caseworker, ocmw, kind):
    track = started(coordinator, caw, caseworker)
    with translation.override("nl"), pytest.raises(ActionRefused, match="Noteer eerst het eerste gesprek"):
        services.support_end(track=track, actor=caseworker, outcome_kind=kind, note="x", referred_to=ocmw)
    track.refresh_from_db()
    assert track.status == TrackState.STARTED
    assert HelpRequest.objects.get(pk=track.request_id).state == State.SUPPORT_STARTED


def test_the_database_refuses_an_outcome_without_a_meeting(coordinator, caw, caseworker):
    track = started(coordinator, caw, caseworker)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportTrack.objects.filter(pk=track.pk).update(
            status="ended", ended_on=timezone.localdate(), outcome_kind="helped"
        )


def test_unreachable_ends_without_a_meeting_and_closes_the_request(coordinator, caw, caseworker):
    track = started(coordinator, caw, caseworker)
    services.support_end(track=track, actor=caseworker, outcome_kind=Outcome.UNREACHABLE, note="3x gebeld")
    request = HelpRequest.objects.get(pk=track.request_id)
    assert request.state == State.CLOSED and request.closed_at is not None
    track.refresh_from_db()
    assert (track.status, track.outcome_kind, track.ended_on) == ("ended", "unreachable", timezone.localdate())


def test_not_helped_needs_a_reason(coordinator, caw, caseworker):
    track = put_track_in(TrackState.UNDER_WAY, coordinator, caw, caseworker)
    with pytest.raises(ValidationError):
        services.support_end(track=track, actor=caseworker, outcome_kind=Outcome.NOT_HELPED)


def test_someone_else_cannot_record_on_the_track(coordinator, caw, caseworker):
    track = started(coordinator, caw, caseworker)
    stranger = MembershipFactory(
        user=UserFactory(roles=[Role.CASEWORKER]), organization=OrganizationFactory(), role=Role.CASEWORKER
    ).user
    with pytest.raises(ActionRefused):
        services.support_first_meeting(track=track, actor=stranger, met_on=timezone.localdate())
    with pytest.raises(ActionRefused):
        services.support_progress_note(track=track, actor=stranger, note="Gezien")


def test_progress_notes_are_internal(coordinator, caw, caseworker):
    track = put_track_in(TrackState.UNDER_WAY, coordinator, caw, caseworker)
    event = services.support_progress_note(track=track, actor=caseworker, note="Budgetplan besproken")
    assert (event.kind, event.public) == ("progress", False)


def test_referred_on_opens_a_new_request_with_the_history(coordinator, caw, caseworker, ocmw):
    track = put_track_in(TrackState.UNDER_WAY, coordinator, caw, caseworker)
    services.support_end(
        track=track,
        actor=caseworker,
        outcome_kind=Outcome.REFERRED_ON,
        note="Schuldbemiddeling nodig",
        referred_to=ocmw,
        consent_channel="phone",
    )
    old = HelpRequest.objects.get(pk=track.request_id)
    assert old.state == State.CLOSED
    new = HelpRequest.objects.get(follows_up=old)
    assert new.state == State.REFERRED and new.person_id == old.person_id
    assert new.description == old.description
    assert set(new.needs.values_list("need", flat=True)) == set(old.needs.values_list("need", flat=True))
    referral = new.referrals.get()
    assert referral.organization == ocmw and referral.status == Referral.Status.PROPOSED
    assert "CAW Oost-Brabant" in referral.note and "Schuldbemiddeling nodig" in referral.note


def test_support_start_date_is_bounded(coordinator, caw, caseworker):
    """Issue 18.4: 1 June 2027 and 1 January 2020 were both accepted."""
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    for day in (timezone.localdate() + timedelta(days=1), timezone.localdate() - timedelta(days=3)):
        with pytest.raises(ActionRefused):
            services.referral_accept(referral=referral, actor=caseworker, contact_person="X", started_on=day)
    assert HelpRequest.objects.get(pk=request.pk).state == State.REFERRED


def test_start_date_in_the_future_is_refused_in_plain_dutch(client, caseworker, coordinator, caw):
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("partners:accept", kwargs={"referral_id": referral.pk}),
        {"accept-started_on": "2027-06-01", "accept-contact_person": "Fatima"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "De begeleiding kan niet later starten dan vandaag" in html and 'value="2027-06-01"' in html
    response = client.post(
        reverse("partners:accept", kwargs={"referral_id": referral.pk}),
        {"accept-started_on": "2020-01-01", "accept-contact_person": "Fatima"},
    )
    assert response.status_code == 400
    assert "De begeleiding kan niet starten voor" in response.content.decode()
    assert HelpRequest.objects.get(pk=request.pk).state == State.REFERRED


def test_the_caseworker_records_meeting_progress_and_end_on_the_page(caseworker_client, coordinator, caw, caseworker):
    track = started(coordinator, caw, caseworker)
    referral_url = reverse("partners:referral", kwargs={"referral_id": track.referral_id})
    page = caseworker_client.get(referral_url).content.decode()
    assert "Record the first meeting" in page
    # The end with "helped" before the meeting: refused, what was typed stays.
    response = caseworker_client.post(
        reverse("partners:end", kwargs={"referral_id": track.referral_id}),
        {
            "end-outcome_kind": "helped",
            "end-note": "Budgetplan loopt",
            "end-ended_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Record the first meeting first" in response.content.decode()
    assert "Budgetplan loopt" in response.content.decode()
    today = timezone.localdate().isoformat()
    caseworker_client.post(
        reverse("partners:first_meeting", kwargs={"referral_id": track.referral_id}), {"meeting-met_on": today}
    )
    caseworker_client.post(
        reverse("partners:progress", kwargs={"referral_id": track.referral_id}),
        {"progress-note": "Tweede gesprek gepland"},
    )
    page = caseworker_client.get(referral_url).content.decode()
    assert "Tweede gesprek gepland" in page and "Under way" in page
    response = caseworker_client.post(
        reverse("partners:end", kwargs={"referral_id": track.referral_id}),
        {"end-outcome_kind": "helped", "end-note": "", "end-ended_on": today},
    )
    assert response.status_code == 302
    track.refresh_from_db()
    assert (track.status, track.outcome_kind) == ("ended", "helped")
    assert HelpRequest.objects.get(pk=track.request_id).state == State.CLOSED


def test_another_partner_cannot_post_on_the_track(client, coordinator, caw, caseworker):
    track = started(coordinator, caw, caseworker)
    stranger = MembershipFactory(
        user=UserFactory(roles=[Role.CASEWORKER]), organization=OrganizationFactory(), role=Role.CASEWORKER
    ).user
    client.force_login(stranger)
    for name, data in (
        ("first_meeting", {"meeting-met_on": timezone.localdate().isoformat()}),
        ("progress", {"progress-note": "x"}),
        ("end", {"end-outcome_kind": "unreachable", "end-ended_on": timezone.localdate().isoformat()}),
    ):
        response = client.post(reverse(f"partners:{name}", kwargs={"referral_id": track.referral_id}), data)
        assert response.status_code == 404
    track.refresh_from_db()
    assert track.status == TrackState.STARTED
