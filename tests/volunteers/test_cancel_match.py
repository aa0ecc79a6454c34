"""A coordinator cancels a proposed or an accepted match from the request's matching page, with a reason."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from people.errors import ActionRefused
from requests_app.models import HelpRequest, SupportTrack, TimelineEvent
from requests_app.status import plain_event, plain_status
from requests_app.workflow import State
from tests.factories import MatchFactory, UserFactory, VolunteerFactory, make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Match

pytestmark = pytest.mark.django_db

REASON = "Jonas belde: hij is ziek en kan deze week niet."


@pytest.fixture
def proposed(coordinator):
    return MatchFactory(
        coordinator=coordinator, volunteer=VolunteerFactory(onboarded=True, full_name="Jonas Claes"), then_ask_next=1
    )


@pytest.fixture
def accepted(coordinator):
    return MatchFactory(
        accepted=True,
        coordinator=coordinator,
        volunteer=VolunteerFactory(onboarded=True, full_name="Jonas Claes"),
        then_ask_next=1,
    )


def _url(match) -> str:
    return reverse("volunteers:cancel_match", kwargs={"reference": match.request.reference, "match_id": match.pk})


def _post(client, user, match, reason=REASON, capture=None):
    client.force_login(user)
    mail.outbox.clear()
    if capture is None:
        return client.post(_url(match), {"cancel-reason": reason})
    with capture(execute=True):
        return client.post(_url(match), {"cancel-reason": reason})


def _volunteer_page(client, match) -> str:
    client.force_login(match.volunteer.user)
    response = client.get(reverse("volunteers:match", args=[match.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_the_matching_page_offers_to_cancel_each_open_match_only(client, coordinator, proposed):
    declined = services.match_propose(request=proposed.request, volunteer=make_volunteer(), actor=coordinator)
    services.match_decline(match=declined, actor=declined.volunteer.user, reason="too_far")
    client.force_login(coordinator)
    html = client.get(reverse("volunteers:matching", args=[proposed.request.reference])).content.decode()
    assert "Deze match annuleren" in html and "De match met Jonas annuleren" in html
    assert _url(proposed) in html
    assert _url(declined) not in html


def test_withdrawing_a_proposal_keeps_the_request_looking_for_a_volunteer_and_tells_the_volunteer(
    client, coordinator, proposed, django_capture_on_commit_callbacks
):
    response = _post(client, coordinator, proposed, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("volunteers:matching", args=[proposed.request.reference])
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.CANCELLED and proposed.cancelled_by_coordinator
    assert (proposed.outcome, proposed.accepted_at) == (REASON, None) and proposed.ended_at is not None
    # Back to (still) looking for a volunteer: no trip to triage, and unlike a decline nobody else is asked.
    assert HelpRequest.objects.get(pk=proposed.request_id).state == State.MATCHING
    assert Match.objects.filter(request_id=proposed.request_id).count() == 1
    event = TimelineEvent.objects.filter(request_id=proposed.request_id, kind=TimelineEvent.Kind.MATCH).latest("pk")
    assert event.note == f"Het voorstel aan Jonas is ingetrokken: {REASON}"
    assert event.actor == coordinator and not event.public
    # The volunteer (only) is mailed, in Dutch, without the reason or anything about the help seeker.
    assert [message.to for message in mail.outbox] == [[proposed.volunteer.user.email]]
    message = mail.outbox[0]
    assert message.subject == "Leuven Helpt: een match is geannuleerd"
    assert "u hoeft die taak niet meer te doen" in message.body
    for secret in ("ziek", "Georgette", "Wouters", "Diestsesteenweg", "016 44 55 66"):
        assert secret not in message.body
    # The volunteer's page says so, and offers no answer any more.
    html = _volunteer_page(client, proposed)
    assert "Leuven Helpt heeft deze match geannuleerd" in html
    assert reverse("volunteers:match_accept", args=[proposed.pk]) not in html
    # The coordinator can propose someone else straight away.
    other = make_volunteer()
    services.match_propose(request=proposed.request, volunteer=other, actor=coordinator)
    assert Match.objects.get(request_id=proposed.request_id, volunteer=other).status == Match.Status.PROPOSED


def test_cancelling_an_accepted_match_hides_the_address_ends_the_track_and_tells_the_help_seeker(
    client, coordinator, accepted, django_capture_on_commit_callbacks
):
    before = _volunteer_page(client, accepted)
    assert "Diestsesteenweg 112, 3010" in before and "016 44 55 66" in before
    accepted.request.person.email = "georgette.wouters@example.be"
    accepted.request.person.save(update_fields=["email"])
    response = _post(client, coordinator, accepted, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == Match.Status.CANCELLED and accepted.cancelled_by_coordinator
    assert not accepted.shows_contact_details()
    # Support had started, so the request stays handled; the volunteer's track ends today.
    help_request = HelpRequest.objects.get(pk=accepted.request_id)
    assert help_request.state == State.SUPPORT_STARTED
    assert SupportTrack.objects.get(request_id=accepted.request_id).ended_on == timezone.localdate()
    events = TimelineEvent.objects.filter(request_id=accepted.request_id, kind=TimelineEvent.Kind.MATCH)
    internal = events.filter(public=False).latest("pk")
    assert internal.note == f"De match met Jonas is geannuleerd: {REASON}"
    # The help seeker is told in plain words, without the reason, and their status says what follows.
    public = events.get(public=True)
    assert public.note == ""
    told = "Uw vrijwilliger kan u niet meer helpen. Een coördinator van Leuven Helpt neemt contact met u op"
    assert plain_event(public, help_request).startswith(told)
    assert plain_status(help_request).startswith("Uw vrijwilliger kan u niet meer helpen")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {accepted.volunteer.user.email, help_request.person.email}
    seeker_mail = by_address[help_request.person.email].body
    assert told in seeker_mail and REASON not in seeker_mail and "Jonas" not in seeker_mail
    after = _volunteer_page(client, accepted)
    assert "Diestsesteenweg" not in after and "016 44 55 66" not in after
    assert "De contactgegevens worden niet meer getoond." in after
    assert "Leuven Helpt heeft deze match geannuleerd" in after
    assert REASON not in after  # the reason is for the timeline, not for the volunteer
    # The volunteer's load is free again: they can be proposed for another request.
    other_request, _task = make_matching_request(coordinator=coordinator)
    services.match_propose(request=other_request, volunteer=accepted.volunteer, actor=coordinator)


def test_the_coordinator_is_told_what_follows(client, coordinator, proposed):
    client.force_login(coordinator)
    response = client.post(_url(proposed), {"cancel-reason": REASON}, follow=True)
    assert "Het voorstel aan Jonas is ingetrokken en de vrijwilliger is verwittigd." in _messages(response)[0]
    html = response.content.decode()
    assert "Geannuleerd door een coördinator:" in html and REASON in html


def test_a_cancelled_accepted_match_leaves_a_link_to_the_matches_on_the_request_page(client, coordinator, accepted):
    _post(client, coordinator, accepted)
    response = client.get(reverse("coordination:request", args=[accepted.request.reference]))
    assert "De matches bekijken of annuleren" in response.content.decode()
    page = client.get(reverse("volunteers:matching", args=[accepted.request.reference])).content.decode()
    assert "Een vrijwilliger heeft deze aanvraag aanvaard" in page


def test_a_volunteer_who_hands_back_still_sees_the_details_for_14_days(accepted):
    services.match_cancel(match=accepted, actor=accepted.volunteer.user, reason="Ik verhuis.")
    accepted.refresh_from_db()
    assert not accepted.cancelled_by_coordinator and accepted.shows_contact_details()


def test_a_missing_reason_is_refused_in_dutch(client, coordinator, proposed):
    response = _post(client, coordinator, proposed, reason="   ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf waarom de match geannuleerd wordt" in html
    assert "De match is niet geannuleerd: verbeter het formulier hieronder." in html
    assert f'href="#id_cancel_{proposed.pk}_cancel-reason"' in html  # the error summary links to the field
    assert '<details class="cancel-match mt-1" open>' in html
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED and mail.outbox == []


def test_a_too_long_reason_comes_back_with_what_was_typed(client, coordinator, proposed):
    typed = "De hulpvrager is verhuisd naar een woonzorgcentrum. " * 12  # over 600 characters
    response = _post(client, coordinator, proposed, reason=typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "De hulpvrager is verhuisd naar een woonzorgcentrum." in html
    assert "600" in html
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


@pytest.mark.parametrize("end", ["decline", "cancel", "complete"])
def test_a_match_that_already_ended_is_refused_with_a_message(client, coordinator, proposed, end):
    volunteer = proposed.volunteer.user
    if end == "decline":
        services.match_decline(match=proposed, actor=volunteer, reason="not_available")
    elif end == "cancel":
        services.match_cancel(match=proposed, actor=coordinator, reason="Niet meer nodig.")
    else:
        services.match_accept(match=proposed, actor=volunteer)
        services.match_complete(match=proposed, actor=volunteer, outcome_kind="helped", outcome="Gedaan.", hours=2)
    proposed.refresh_from_db()
    status, outcome = proposed.status, proposed.outcome
    client.force_login(coordinator)
    response = client.post(_url(proposed), {"cancel-reason": REASON}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert _messages(response)[0].startswith("Deze match is al beëindigd (“")
    proposed.refresh_from_db()
    assert (proposed.status, proposed.outcome) == (status, outcome)


def test_get_is_not_allowed(client, coordinator, proposed):
    client.force_login(coordinator)
    assert client.get(_url(proposed)).status_code == 405


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.COORDINATOR])
def test_only_coordinators_may_cancel(client, proposed, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.post(_url(proposed), {"cancel-reason": REASON}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


def test_anonymous_visitors_must_sign_in_and_the_volunteer_cannot_use_it(client, proposed):
    response = client.post(_url(proposed), {"cancel-reason": REASON})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(proposed.volunteer.user)  # the match's own volunteer declines or hands back instead
    assert client.post(_url(proposed), {"cancel-reason": REASON}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


def test_a_match_of_another_request_is_not_found_under_this_reference(client, coordinator, proposed):
    other_request, _task = make_matching_request(coordinator=coordinator)
    url = reverse("volunteers:cancel_match", kwargs={"reference": other_request.reference, "match_id": proposed.pk})
    client.force_login(coordinator)
    assert client.post(url, {"cancel-reason": REASON}).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED


def test_the_service_still_refuses_volunteers_what_is_not_theirs(proposed):
    stranger = make_volunteer().user
    with pytest.raises(ActionRefused, match="niet van u"):
        services.match_cancel(match=proposed, actor=stranger, reason=REASON)
    with pytest.raises(ActionRefused, match="Alleen een aanvaarde match kan teruggegeven worden"):
        services.match_cancel(match=proposed, actor=proposed.volunteer.user, reason=REASON)


def test_the_matching_page_takes_the_same_queries_whatever_the_number_of_open_matches(client, coordinator):
    def queries_with(open_matches: int) -> int:
        request, _task = make_matching_request(coordinator=coordinator)
        for _ in range(open_matches):  # volunteers at their maximum: no candidates besides them on either page
            volunteer = make_volunteer(max_active_matches=1)
            services.match_propose(request=request, volunteer=volunteer, actor=coordinator)
        client.force_login(coordinator)
        url = reverse("volunteers:matching", args=[request.reference])
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert html.count("Deze match annuleren") == open_matches
        assert "Geen geschikte vrijwilliger" in html
        return len(queries)

    assert queries_with(1) == queries_with(3)
