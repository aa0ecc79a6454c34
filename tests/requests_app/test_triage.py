"""Triage at /coordinatie/: the queue (filters, order, waiting-time badge, query count), the request page
and every coordinator action, with its happy path and its refusal (a message, and nothing changed)."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from accounts.roles import Role
from requests_app import services
from requests_app.models import HelpRequest, Referral, TimelineEvent
from requests_app.selectors import REFERRAL_SUGGESTIONS, suggested_kinds, waits_too_long, working_days_between
from requests_app.workdays import first_contact_due
from requests_app.workflow import State
from tests.factories import HelpRequestFactory, OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


# -- the waiting-time target --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MONDAY, MONDAY, 0),
        (MONDAY, MONDAY + timedelta(days=1), 1),  # Monday → Tuesday
        (MONDAY, MONDAY + timedelta(days=4), 4),  # Monday → Friday
        (MONDAY + timedelta(days=4), MONDAY + timedelta(days=7), 1),  # Friday → Monday: the weekend is free
        (MONDAY + timedelta(days=5), MONDAY + timedelta(days=6), 0),  # Saturday → Sunday
        (MONDAY + timedelta(days=5), MONDAY + timedelta(days=7), 1),  # Saturday → Monday
        (MONDAY, MONDAY + timedelta(days=7), 5),  # a full week
        (MONDAY, MONDAY + timedelta(days=14), 10),
        (MONDAY + timedelta(days=3), MONDAY + timedelta(days=10), 5),  # Thursday → next Thursday
        (MONDAY + timedelta(days=3), MONDAY, 0),  # end before start
    ],
)
def test_working_days_between_skips_weekends(start, end, expected):
    assert working_days_between(start, end) == expected


def _aged(request: HelpRequest, days: int) -> HelpRequest:
    """As if it came in ``days`` ago (its first-contact promise too)."""
    received = timezone.now() - timedelta(days=days)
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=received,
        first_contact_due_at=first_contact_due(timezone.localtime(received), urgent=request.is_urgent),
    )
    return HelpRequest.objects.get(pk=request.pk)


def test_a_request_waits_too_long_after_two_working_days_without_contact(coordinator):
    friday = MONDAY + timedelta(days=4)
    request = make_request()
    received = timezone.make_aware(timezone.datetime(2026, 3, 6, 10, 0))
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=received, first_contact_due_at=first_contact_due(received, urgent=False)
    )
    request.refresh_from_db()
    tuesday_evening = timezone.make_aware(timezone.datetime(2026, 3, 10, 16, 59))
    assert request.first_contact_due_at == timezone.make_aware(timezone.datetime(2026, 3, 10, 17, 0))
    assert not waits_too_long(request, now=tuesday_evening)  # Tuesday: 2 working days
    assert waits_too_long(request, now=tuesday_evening + timedelta(hours=16))  # Wednesday morning
    # Without a due time (older rows): counted in working days from when it came in.
    HelpRequest.objects.filter(pk=request.pk).update(first_contact_due_at=None)
    request.refresh_from_db()
    assert not waits_too_long(request, today=friday + timedelta(days=4))
    assert waits_too_long(request, today=friday + timedelta(days=5))
    services.request_record_contact(request=request, actor=coordinator, note="Gebeld")
    request.refresh_from_db()
    assert not waits_too_long(request, today=friday + timedelta(days=5))


# -- the referral suggestions -----------------------------------------------------------------
def test_suggestions_per_need():
    kind = Organization.Kind
    assert REFERRAL_SUGGESTIONS["finances"] == (kind.OCMW, kind.CAW)
    assert REFERRAL_SUGGESTIONS["housing"] == (kind.OCMW, kind.CAW)
    assert REFERRAL_SUGGESTIONS["health"] == (kind.MUTUALITEIT, kind.ELZ_PARTNER)
    assert REFERRAL_SUGGESTIONS["loneliness"] == (kind.BUURTWERK,)
    assert REFERRAL_SUGGESTIONS["administration"] == (kind.OCMW,)
    assert suggested_kinds(["finances", "administration", "loneliness"]) == [kind.OCMW, kind.CAW, kind.BUURTWERK]
    assert suggested_kinds(["food"]) == []


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def coordinator_client(client, coordinator):
    """Signed in, with the interface in English (the source strings the assertions use)."""
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, request: HelpRequest, **kwargs) -> str:
    return reverse(f"coordination:{name}", kwargs={"reference": request.reference, **kwargs})


# -- the queue --------------------------------------------------------------------------------
def references(response) -> list[str]:
    return [row.reference for row in response.context["page"].object_list]


def test_the_queue_sorts_by_urgency_then_waiting_time(coordinator_client, coordinator):
    old_normal = _aged(make_request(urgency=2), 5)
    new_normal = make_request(urgency=2)
    new_crisis = make_request(urgency=4)
    old_low = _aged(make_request(urgency=1), 20)
    closed = services.request_close_without_support(request=make_request(urgency=4), actor=coordinator, reason="Dubbel")
    response = coordinator_client.get(reverse("coordination:queue"))
    assert response.status_code == 200
    assert references(response) == [new_crisis.reference, old_normal.reference, new_normal.reference, old_low.reference]
    assert closed.reference not in response.content.decode()


def test_the_queue_shows_the_postcode_but_not_the_name(coordinator_client):
    make_request(person=PersonFactory(full_name="Gerda Vanderlinden", postcode="3012"))
    html = coordinator_client.get(reverse("coordination:queue")).content.decode()
    assert "3012" in html
    assert "Gerda Vanderlinden" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "triage"}, {"triage"}),
        ({"channel": "web"}, {"web"}),
        ({"need": "health"}, {"health"}),
        ({"urgency": "4"}, {"crisis"}),
        ({"postcode": "3018"}, {"wijgmaal"}),
        ({"age": "7"}, {"old"}),
        ({"need": "health", "urgency": "4"}, set()),
        ({"postcode": "30"}, {"triage", "web", "health", "crisis", "wijgmaal", "old"}),  # invalid: ignored
    ],
)
def test_the_queue_filters(coordinator_client, coordinator, query, expected):
    made = {
        "triage": HelpRequestFactory(triaged=True, coordinator=coordinator),
        "web": make_request(channel="web"),
        "health": make_request(needs=["health"]),
        "crisis": make_request(urgency=4),
        "wijgmaal": make_request(person=PersonFactory(postcode="3018")),
        "old": _aged(make_request(), 10),
    }
    response = coordinator_client.get(reverse("coordination:queue"), query)
    assert response.status_code == 200
    names = {name for name, request in made.items() if request.reference in references(response)}
    assert names == expected


def test_an_invalid_filter_is_explained(coordinator_client):
    response = coordinator_client.get(reverse("coordination:queue"), {"postcode": "30"})
    assert "Enter a postcode of four digits" in response.content.decode()


def test_the_badge_marks_requests_over_the_target(coordinator_client):
    late = _aged(make_request(), 8)
    make_request()
    response = coordinator_client.get(reverse("coordination:queue"))
    overdue = {row.reference for row in response.context["page"] if row.overdue}
    assert overdue == {late.reference}
    assert response.content.decode().count('class="badge badge-overdue"') == 1


def test_the_queue_pages_by_25(coordinator_client):
    for _ in range(27):
        make_request()
    first = coordinator_client.get(reverse("coordination:queue"))
    assert len(first.context["page"].object_list) == 25
    second = coordinator_client.get(reverse("coordination:queue"), {"pagina": 2, "channel": "phone"})
    assert len(second.context["page"].object_list) == 2
    assert "channel=phone&amp;pagina=1" in second.content.decode()


def queue_queries(client, count: int) -> int:
    for _ in range(count):
        make_request(needs=["finances", "housing"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("coordination:queue"))
    assert response.status_code == 200
    return len(queries)


def test_the_queue_query_count_does_not_grow_with_the_rows(coordinator_client, coordinator):
    one = queue_queries(coordinator_client, 1)
    HelpRequestFactory(triaged=True, coordinator=coordinator)  # one assigned, so the assignee is in the page too
    thirty = queue_queries(coordinator_client, 29)
    assert thirty == one
    assert thirty <= 8


# -- the request page -------------------------------------------------------------------------
def test_the_request_page_shows_person_needs_full_timeline_and_referrals(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(
        triaged=True, coordinator=coordinator, person=PersonFactory(full_name="Gerda Vanderlinden")
    )
    services.request_note(request=request, actor=coordinator, note="Intern: spreekt weinig Nederlands")
    services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator, note="Graag budgetbegeleiding"
    )
    html = coordinator_client.get(url("request", request)).content.decode()
    assert "Gerda Vanderlinden" in html
    assert "Money and debts" in html
    assert "Intern: spreekt weinig Nederlands" in html  # internal notes too
    assert "CAW Oost-Brabant" in html
    assert "Waiting for an answer" in html


def test_the_request_page_query_count(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    services.request_refer(consent_channel="phone", request=request, organizations=[caw], actor=coordinator)
    for number in range(5):
        services.request_note(request=request, actor=coordinator, note=f"Notitie {number}")
    with CaptureQueriesContext(connection) as queries:
        assert coordinator_client.get(url("request", request)).status_code == 200
    # 15: the follow-up answers and the requests that continue this one (closing the loop) are one query each.
    assert len(queries) <= 15


def test_an_unknown_reference_is_404(coordinator_client):
    assert (
        coordinator_client.get(reverse("coordination:request", kwargs={"reference": "LH-XXXX-99"})).status_code == 404
    )


@pytest.mark.parametrize(("role", "status"), [(None, 302), (Role.CASEWORKER, 403), (Role.CITIZEN, 403)])
def test_only_coordinators_open_a_request(client_as, role, status):
    request = make_request()
    response = client_as(role).get(url("request", request))
    assert response.status_code == status
    if role is None:
        assert response.url.startswith(reverse("account_login"))


def test_actions_answer_405_to_get(coordinator_client):
    request = make_request()
    for name in ("take_up", "assign_me", "note", "contact", "route", "refer", "close", "close_without_support"):
        assert coordinator_client.get(url(name, request)).status_code == 405


def test_other_roles_cannot_post_actions(client_as):
    request = make_request()
    response = client_as(Role.CASEWORKER).post(url("take_up", request))
    assert response.status_code == 403
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUBMITTED


# -- the actions ------------------------------------------------------------------------------
def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_take_up_assigns_to_me(coordinator_client, coordinator):
    request = make_request()
    response = coordinator_client.post(url("take_up", request), follow=True)
    request.refresh_from_db()
    assert (request.state, request.assigned_to) == (State.TRIAGE, coordinator)
    assert "You took up the request; it is assigned to you." in messages_of(response)


def test_take_up_twice_is_refused_and_changes_nothing(coordinator_client, coordinator):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    other = UserFactory(roles=[Role.COORDINATOR])
    services.request_assign(request=request, coordinator=other, actor=other)
    events = TimelineEvent.objects.count()
    response = coordinator_client.post(url("take_up", request), follow=True)
    request.refresh_from_db()
    assert request.assigned_to == other
    assert TimelineEvent.objects.count() == events
    assert any("not possible now" in message for message in messages_of(response))


def test_assign_to_me(coordinator_client, coordinator):
    request = HelpRequestFactory(triaged=True)
    coordinator_client.post(url("assign_me", request))
    request.refresh_from_db()
    assert request.assigned_to == coordinator


def test_assign_a_closed_request_is_refused(coordinator_client, coordinator):
    request = services.request_close_without_support(request=make_request(), actor=coordinator, reason="Dubbel")
    response = coordinator_client.post(url("assign_me", request), follow=True)
    request.refresh_from_db()
    assert request.assigned_to is None
    assert "This request is no longer open." in messages_of(response)


def test_add_an_internal_note(coordinator_client):
    request = make_request()
    coordinator_client.post(url("note", request), {"note-note": "Belt liefst na 14 uur"})
    event = request.timeline.get(kind="note")
    assert (event.note, event.public) == ("Belt liefst na 14 uur", False)


def test_an_empty_note_shows_the_form_again_with_the_error(coordinator_client):
    request = make_request()
    response = coordinator_client.post(url("note", request), {"note-note": "  "})
    assert response.status_code == 400
    assert "Write the note." in response.content.decode()
    assert not request.timeline.filter(kind="note").exists()


def test_record_a_contact_sets_the_first_contact_once(coordinator_client):
    request = make_request()
    coordinator_client.post(url("contact", request), {"contact-note": "Gebeld, komt langs"})
    request.refresh_from_db()
    first = request.first_contact_at
    assert first is not None
    coordinator_client.post(url("contact", request), {"contact-note": "Nog eens gebeld"})
    request.refresh_from_db()
    assert request.first_contact_at == first
    assert request.timeline.filter(kind="contact").count() == 2


def test_route_to_volunteers(coordinator_client, coordinator):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    coordinator_client.post(url("route", request), {"route-note": "Boodschappen doen"})
    request.refresh_from_db()
    assert request.state == State.MATCHING


def test_route_from_submitted_is_refused(coordinator_client):
    request = make_request()
    response = coordinator_client.post(url("route", request), {"route-note": ""}, follow=True)
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert any("not possible now" in message for message in messages_of(response))


def test_refer_to_two_partners_with_suggestions(coordinator_client, coordinator, caw, ocmw):
    buurtwerk = OrganizationFactory(name="Buurtwerk", kind=Organization.Kind.BUURTWERK)
    request = HelpRequestFactory(triaged=True, coordinator=coordinator, needs=["finances"])
    page = coordinator_client.get(url("request", request))
    form = page.context["refer_form"]
    assert form.suggested_ids == {caw.pk, ocmw.pk}
    assert [choice[0] for choice in form.fields["organizations"].choices][:2] == [ocmw.pk, caw.pk]
    assert buurtwerk.pk in [choice[0] for choice in form.fields["organizations"].choices]
    refer = {"refer-organizations": [caw.pk, ocmw.pk], "refer-note": "Schulden"}
    # Without the help seeker's consent to share with these partners nothing is sent, and nothing typed is lost.
    response = coordinator_client.post(url("refer", request), refer)
    assert response.status_code == 400 and not request.referrals.exists()
    html = response.content.decode()
    assert "has not agreed" in html and "Schulden" in html
    consent = {"refer-consent_recorded": "on", "refer-consent_channel": "phone"}
    response = coordinator_client.post(url("refer", request), {**refer, **consent}, follow=True)
    request.refresh_from_db()
    assert request.state == State.REFERRED
    assert set(request.referrals.values_list("organization__name", flat=True)) == {"CAW Oost-Brabant", "OCMW Leuven"}
    assert any("CAW Oost-Brabant" in message for message in messages_of(response))


def test_refer_without_a_partner_shows_the_error(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    response = coordinator_client.post(url("refer", request), {"refer-note": "Schulden"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one partner organisation." in html
    assert "Schulden" in html  # what was typed is kept
    assert not request.referrals.exists()


def test_refer_a_submitted_request_is_refused(coordinator_client, caw):
    request = make_request()
    response = coordinator_client.post(
        url("refer", request),
        {"refer-organizations": [caw.pk], "refer-consent_recorded": "on", "refer-consent_channel": "phone"},
        follow=True,
    )
    assert not Referral.objects.exists()
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUBMITTED
    assert any("not possible now" in message for message in messages_of(response))


def test_the_city_itself_is_not_a_referral_partner(coordinator_client, coordinator):
    city = OrganizationFactory(name="Stad Leuven", kind=Organization.Kind.CITY_SERVICE)
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    response = coordinator_client.post(url("refer", request), {"refer-organizations": [city.pk]})
    assert response.status_code == 400
    assert not request.referrals.exists()


def test_withdraw_a_waiting_referral_returns_to_triage(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    coordinator_client.post(url("referral_withdraw", request, referral_id=referral.pk))
    referral.refresh_from_db()
    request.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert request.state == State.TRIAGE


def test_withdraw_an_answered_referral_is_refused(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    response = coordinator_client.post(url("referral_withdraw", request, referral_id=referral.pk), follow=True)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert "This referral was already answered." in messages_of(response)


def test_withdraw_a_referral_of_another_request_is_404(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    other = HelpRequestFactory(triaged=True, coordinator=coordinator)
    (referral,) = services.request_refer(consent_channel="phone", request=other, organizations=[caw], actor=coordinator)
    response = coordinator_client.post(url("referral_withdraw", request, referral_id=referral.pk))
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED


def test_close_without_support_needs_a_reason(coordinator_client):
    request = make_request()
    response = coordinator_client.post(url("close_without_support", request), {"cws-reason": ""})
    assert response.status_code == 400
    assert "Write why the request is closed" in response.content.decode()
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUBMITTED
    coordinator_client.post(url("close_without_support", request), {"cws-reason": "Hulp elders gevonden"})
    request.refresh_from_db()
    assert (request.state, request.close_reason) == (State.CLOSED_WITHOUT_SUPPORT, "Hulp elders gevonden")


def test_close_without_support_after_support_started_is_refused(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    response = coordinator_client.post(url("close_without_support", request), {"cws-reason": "Weg"}, follow=True)
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUPPORT_STARTED
    assert any("not possible now" in message for message in messages_of(response))


def test_close_a_started_track_with_its_outcome(coordinator_client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    track = services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    response = coordinator_client.post(url("close", request), {"close-outcome": "", "close-outcome_kind": "helped"})
    assert response.status_code == 400
    # "Helped" before anybody met the help seeker: refused with a message that says what to do.
    data = {"close-outcome": "Afbetalingsplan loopt", "close-outcome_kind": "helped"}
    response = coordinator_client.post(url("close", request), data, follow=True)
    assert HelpRequest.objects.get(pk=request.pk).state == State.SUPPORT_STARTED
    assert any("Record the first meeting first" in message for message in messages_of(response))
    services.support_first_meeting(track=track, actor=coordinator, met_on=track.started_on)
    coordinator_client.post(url("close", request), data)
    request.refresh_from_db()
    assert request.state == State.CLOSED
    assert (request.support_track.outcome, request.support_track.outcome_kind) == ("Afbetalingsplan loopt", "helped")
    assert request.support_track.status == "ended"


def test_close_a_request_without_a_track_is_refused(coordinator_client, coordinator):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    response = coordinator_client.post(
        url("close", request), {"close-outcome": "Klaar", "close-outcome_kind": "helped"}, follow=True
    )
    assert HelpRequest.objects.get(pk=request.pk).state == State.TRIAGE
    assert any("not possible now" in message for message in messages_of(response))
