"""The state machine: every (source, target) pair, and no path to "handled" but an accepted referral."""

import itertools

import pytest
from django.db import IntegrityError, transaction

from people.errors import ActionRefused
from requests_app import services
from requests_app.models import HelpRequest, Referral, SupportTrack, TimelineEvent
from requests_app.workflow import HANDLED, HELP_REQUEST, OPEN, TRANSITIONS, State, allowed, can_move
from tests.factories import OrganizationFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return OrganizationFactory(name="CAW Oost-Brabant", kind="caw")


def put_in(state: State, coordinator, partner) -> HelpRequest:
    """A request brought into ``state`` through the services only."""
    request = make_request()
    if state == State.SUBMITTED:
        return request
    if state in (State.WITHDRAWN,):
        return services.request_withdraw(request=request, actor=None)
    if state == State.CLOSED_WITHOUT_SUPPORT:
        return services.request_close_without_support(request=request, actor=coordinator, reason="Niet meer nodig")
    services.request_take_up(request=request, actor=coordinator)
    if state == State.TRIAGE:
        return HelpRequest.objects.get(pk=request.pk)
    if state == State.MATCHING:
        return services.request_route_to_volunteers(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[partner], actor=coordinator
    )
    if state == State.REFERRED:
        return HelpRequest.objects.get(pk=request.pk)
    track = services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima Benali")
    if state == State.SUPPORT_STARTED:
        return HelpRequest.objects.get(pk=request.pk)
    services.support_first_meeting(track=track, actor=coordinator, met_on=track.started_on)
    return services.request_close(request=request, actor=coordinator, outcome="Budgetbegeleiding loopt")


def attempt(target: State, request: HelpRequest, coordinator, partner):
    """Try to reach ``target`` from the request's state with the service meant for that target."""
    if target == State.TRIAGE:
        if request.state == State.MATCHING:
            return services.request_matching_failed(request=request, actor=coordinator)
        if request.state == State.REFERRED:
            return services.referral_decline(
                referral=request.referrals.get(status="proposed"), actor=coordinator, reason="no_capacity"
            )
        return services.request_take_up(request=request, actor=coordinator)
    if target == State.MATCHING:
        return services.request_route_to_volunteers(request=request, actor=coordinator)
    if target == State.REFERRED:
        return services.request_refer(
            consent_channel="phone", request=request, organizations=[OrganizationFactory()], actor=coordinator
        )
    if target == State.SUPPORT_STARTED:
        # Only an accepted referral starts support. Where the request has no open referral, one is
        # put in the database behind the services' back: the service must still refuse.
        referral = request.referrals.filter(status="proposed").first() or Referral.objects.create(
            request=request, organization=OrganizationFactory()
        )
        return services.referral_accept(referral=referral, actor=coordinator, contact_person="X")
    if target == State.CLOSED:
        return services.request_close(request=request, actor=coordinator, outcome="", outcome_kind="unreachable")
    if target == State.WITHDRAWN:
        return services.request_withdraw(request=request, actor=None)
    if target == State.CLOSED_WITHOUT_SUPPORT:
        return services.request_close_without_support(request=request, actor=coordinator, reason="Onbereikbaar")
    raise AssertionError(target)


PAIRS = [(s, t) for s, t in itertools.product(State, State) if s != t and t != State.SUBMITTED]


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_every_source_and_target(source, target, coordinator, partner):
    request = put_in(source, coordinator, partner)
    assert request.state == source
    events_before = TimelineEvent.objects.filter(request=request).count()
    # matching → support_started is an edge of the machine, but only an accepted volunteer match takes
    # it (volunteers app); through a referral it must be refused like every edge that is not there.
    if can_move(source, target) and not (source == State.MATCHING and target == State.SUPPORT_STARTED):
        attempt(target, request, coordinator, partner)
        request.refresh_from_db()
        assert request.state == target
        assert TimelineEvent.objects.filter(request=request, from_state=source, to_state=target).count() == 1
    else:
        with pytest.raises((ActionRefused, ValueError)):
            attempt(target, request, coordinator, partner)
        request.refresh_from_db()
        assert request.state == source, "a refused action changes nothing"
        assert not SupportTrack.objects.filter(request=request).exists() or source in HANDLED
        assert TimelineEvent.objects.filter(request=request).count() == events_before


def test_the_table_names_a_reason_for_every_edge():
    assert all(reason.strip() for reason in TRANSITIONS.values())
    # Handled is reached only from 'referred' (accepted referral) and 'matching' (accepted match).
    assert {s for (s, t) in TRANSITIONS if t == State.SUPPORT_STARTED} == {State.REFERRED, State.MATCHING}
    assert {s for (s, t) in TRANSITIONS if t == State.CLOSED} == {State.SUPPORT_STARTED}
    assert {State.SUPPORT_STARTED, State.CLOSED} == HANDLED
    assert State.SUPPORT_STARTED in OPEN
    assert (State.SUPPORT_STARTED, State.WITHDRAWN) not in TRANSITIONS  # the supporter closes the track


def test_every_action_of_the_table_is_taken_by_the_transition_or_service_of_its_name():
    """The fsm transitions are the table's state-changing actions (``_take_up`` is ``take_up``), with the
    table's sources and target; the actions that keep the state are taken by services without one."""
    moving = {edge.action for edge in HELP_REQUEST.edges if edge.moves}
    for action in moving:
        method = getattr(HelpRequest, f"_{action}")
        transitions = method._django_fsm.transitions
        assert {source for source in transitions} == set(HELP_REQUEST.sources(action, moving=True)), action
        assert {t.target for t in transitions.values()} == {
            HELP_REQUEST.target(source, action) for source in HELP_REQUEST.sources(action, moving=True)
        }
    assert {edge.action for edge in HELP_REQUEST.edges if not edge.moves} == {"refer", "propose_volunteer"}


def test_allowed_takes_a_state_and_an_action_and_refuses_an_unknown_action():
    assert allowed(State.REFERRED, "refer") and allowed(State.TRIAGE, "refer")
    assert not allowed(State.MATCHING, "refer")
    with pytest.raises(ValueError, match="no action 'triage'"):
        allowed(State.SUBMITTED, State.TRIAGE)  # a target is not an action: a mistake, said loudly


def test_accepting_a_referral_starts_exactly_one_support_track(coordinator, partner):
    request = put_in(State.REFERRED, coordinator, partner)
    other = OrganizationFactory(name="OCMW Leuven", kind="ocmw")
    services.request_refer(consent_channel="phone", request=request, organizations=[other], actor=coordinator)
    first, second = request.referrals.order_by("id")
    track = services.referral_accept(referral=first, actor=coordinator, contact_person="Fatima Benali")
    request.refresh_from_db()
    assert request.state == State.SUPPORT_STARTED and request.support_started_at is not None
    assert SupportTrack.objects.filter(request=request).count() == 1
    assert (track.organization, track.referral, track.contact_person) == (partner, first, "Fatima Benali")
    second.refresh_from_db()
    assert second.status == Referral.Status.WITHDRAWN
    with pytest.raises(ActionRefused):
        services.referral_accept(referral=second, actor=coordinator, contact_person="Tom Maes")


def test_forwarding_alone_never_counts_as_handled(coordinator, partner):
    request = put_in(State.REFERRED, coordinator, partner)
    assert request.state not in HANDLED
    assert not SupportTrack.objects.filter(request=request).exists()


def test_the_database_refuses_handled_without_a_start(coordinator, partner):
    request = put_in(State.TRIAGE, coordinator, partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequest.objects.filter(pk=request.pk).update(state=State.SUPPORT_STARTED)


def test_a_support_track_has_exactly_one_kind_of_supporter(coordinator, partner):
    request = put_in(State.TRIAGE, coordinator, partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportTrack.objects.create(request=request, contact_person="X", started_on="2026-11-29")


def test_the_state_field_is_protected(coordinator, partner):
    request = put_in(State.TRIAGE, coordinator, partner)
    with pytest.raises(AttributeError):
        request.state = State.SUPPORT_STARTED


def test_declining_returns_to_triage_only_when_no_referral_is_open(coordinator, partner):
    request = put_in(State.TRIAGE, coordinator, partner)
    first, second = services.request_refer(
        consent_channel="phone", request=request, organizations=[partner, OrganizationFactory()], actor=coordinator
    )
    services.referral_decline(referral=first, actor=coordinator, reason="no_capacity", note="Wachtlijst")
    request.refresh_from_db()
    assert request.state == State.REFERRED
    services.referral_decline(referral=second, actor=coordinator, reason="outside_area")
    request.refresh_from_db()
    assert request.state == State.TRIAGE
    first.refresh_from_db()
    assert (first.reason, first.reason_note) == ("no_capacity", "Wachtlijst")


def test_timeline_is_append_only_and_public_events_are_marked(coordinator, partner):
    request = put_in(State.REFERRED, coordinator, partner)
    services.request_note(request=request, actor=coordinator, note="Belt liefst na 14 uur")
    event = TimelineEvent.objects.filter(request=request, kind="note").get()
    assert event.public is False
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    public = list(TimelineEvent.objects.filter(request=request, public=True).values_list("to_state", flat=True))
    assert public[:3] == [State.SUBMITTED, State.TRIAGE, State.REFERRED]


def test_reference_codes_are_short_and_readable():
    request = make_request()
    assert len(request.reference) == 10
    prefix, middle, end = request.reference.split("-")
    assert prefix == "LH" and len(middle) == 4 and len(end) == 2 and end.isdigit()
    assert not set(middle) & set("01ILOSBZ258")


def test_partners_get_object_permissions_for_their_referral_only(coordinator, partner):
    from tests.factories import MembershipFactory

    request = put_in(State.TRIAGE, coordinator, partner)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[partner], actor=coordinator
    )
    caseworker = MembershipFactory(organization=partner).user
    outsider = MembershipFactory(organization=OrganizationFactory()).user
    assert caseworker.has_perm("requests_app.view_referral", referral)
    assert caseworker.has_perm("requests_app.view_helprequest", request)
    assert not outsider.has_perm("requests_app.view_referral", referral)
    assert not outsider.has_perm("requests_app.view_helprequest", request)


def test_assigning_a_closed_request_is_refused_by_the_service(coordinator, partner):
    request = put_in(State.WITHDRAWN, coordinator, partner)
    with pytest.raises(ActionRefused):
        services.request_assign(request=request, coordinator=coordinator, actor=coordinator)
    request.refresh_from_db()
    assert request.assigned_to is None
    assert not TimelineEvent.objects.filter(request=request, kind="assignment").exists()
