"""Following one's requests at /mijn/aanvragen/ and through the private follow-up link."""

import time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from people import services as people_services
from people.models import Person
from requests_app import services
from requests_app.follow import FOLLOW_MAX_AGE, follow_token
from requests_app.models import HelpRequest
from requests_app.status import plain_status
from requests_app.workflow import State
from tests.factories import OrganizationFactory, PersonFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_request(citizen):
    person = people_services.person_for_user(user=citizen)
    return make_request(person=person, channel="web")


def refer_to_caw(request, coordinator, caw=None):
    caw = caw or OrganizationFactory(name="CAW Oost-Brabant")
    services.request_take_up(request=request, actor=coordinator)
    [referral] = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    return referral


def detail_url(request):
    return reverse("mine:detail", args=[request.reference])


def withdraw_url(request):
    return reverse("mine:withdraw", args=[request.reference])


# -- the list ----------------------------------------------------------------------------------
def test_without_requests_a_friendly_empty_state_links_to_the_form(client, citizen):
    client.force_login(citizen)
    html = client.get(reverse("mine:list")).content.decode()
    assert "U hebt Leuven Helpt nog geen vraag gesteld." in html
    assert f'href="{reverse("help:ask")}"' in html


def test_the_list_shows_reference_date_and_plain_status_of_own_requests_only(client, citizen, own_request):
    other = make_request()
    client.force_login(citizen)
    html = client.get(reverse("mine:list")).content.decode()
    assert own_request.reference in html and "Ontvangen" in html
    assert other.reference not in html


def test_the_menu_offers_my_requests_to_signed_in_users(client, citizen):
    assert "Mijn aanvragen" not in client.get("/").content.decode()
    client.force_login(citizen)
    assert reverse("mine:list") in client.get("/").content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_the_list_uses_a_constant_number_of_queries(client, citizen, coordinator, count, django_assert_max_num_queries):
    person = people_services.person_for_user(user=citizen)
    caw = OrganizationFactory(name="CAW Oost-Brabant")
    for number in range(count):
        request = make_request(person=person)
        if number % 2:
            refer_to_caw(request, coordinator, caw)
    client.force_login(citizen)
    client.get(reverse("mine:list"))  # the session and the user are loaded once
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mine:list"))
    assert response.content.decode().count("/mijn/aanvragen/LH-") == count


# -- the detail: the four checks ---------------------------------------------------------------
def test_anonymous_visitors_must_sign_in(client, own_request):
    response = client.get(detail_url(own_request))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_another_users_request_is_not_found(client, make_user, own_request):
    """Changing the reference in the address shows nothing of someone else's request."""
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(detail_url(own_request)).status_code == 404
    assert client.post(withdraw_url(own_request), {"confirmed": "1"}).status_code == 404
    own_request.refresh_from_db()
    assert own_request.state == State.SUBMITTED


def test_the_owner_sees_status_public_timeline_and_whom_to_contact(client, citizen, own_request, coordinator):
    services.request_note(request=own_request, actor=coordinator, note="Interne notitie: schuldenlast hoog")
    refer_to_caw(own_request, coordinator)
    client.force_login(citizen)
    response = client.get(detail_url(own_request))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Doorverwezen naar CAW Oost-Brabant — zij nemen contact met u op" in html
    assert "We hebben uw vraag ontvangen." in html and "We hebben CAW Oost-Brabant gevraagd om u te helpen." in html
    assert "Interne notitie" not in html  # internal notes never reach the help seeker
    assert "016 27 27 72" in html and "leuvenhelpt@leuven.be" in html
    assert withdraw_url(own_request) in html


def test_the_detail_and_withdraw_answer_only_their_methods(client, citizen, own_request):
    client.force_login(citizen)
    assert client.post(detail_url(own_request)).status_code == 405
    assert client.put(withdraw_url(own_request)).status_code == 405


def test_reloading_the_withdraw_confirmation_shows_it_again_not_a_405(client, citizen, own_request):
    """The request page links to the confirmation (GET): a reload or the back button shows it again."""
    client.force_login(citizen)
    assert withdraw_url(own_request) in client.get(detail_url(own_request)).content.decode()
    for _reload in range(2):
        response = client.get(withdraw_url(own_request))
        assert response.status_code == 200
        assert 'name="confirmed" value="1"' in response.content.decode()
    own_request.refresh_from_db()
    assert own_request.state == State.SUBMITTED  # a GET changes nothing


def test_the_confirmation_of_a_request_no_longer_waiting_goes_back_to_the_request(
    client, citizen, own_request, coordinator
):
    referral = refer_to_caw(own_request, coordinator)
    services.referral_accept(referral=referral, actor=coordinator, contact_person="An Peeters")
    client.force_login(citizen)
    response = client.get(withdraw_url(own_request))
    assert response.status_code == 302 and response.url == detail_url(own_request)


def test_an_intermediary_follows_the_request_they_submitted(client, make_user):
    intermediary = make_user(Role.INTERMEDIARY)
    request = make_request(submitted_by=intermediary, on_behalf_consent="Mondeling, bij huisbezoek")
    client.force_login(intermediary)
    response = client.get(detail_url(request))
    assert response.status_code == 200
    assert response.context["help_request"] == request and request.reference in response.content.decode()


# -- withdrawing -------------------------------------------------------------------------------
def test_withdrawing_asks_for_confirmation_first(client, citizen, own_request):
    client.force_login(citizen)
    response = client.post(withdraw_url(own_request))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uw vraag intrekken?" in html and 'name="confirmed" value="1"' in html and 'name="reason"' in html
    own_request.refresh_from_db()
    assert own_request.state == State.SUBMITTED


def test_withdrawing_with_a_reason(client, citizen, own_request):
    client.force_login(citizen)
    response = client.post(withdraw_url(own_request), {"confirmed": "1", "reason": "Mijn zoon helpt me al."})
    assert response.status_code == 302 and response.url == detail_url(own_request)
    own_request.refresh_from_db()
    assert own_request.state == State.WITHDRAWN and own_request.close_reason == "Mijn zoon helpt me al."
    html = client.get(response.url).content.decode()
    assert "Uw vraag is ingetrokken." in html and "Ingetrokken" in html
    assert withdraw_url(own_request) not in html  # no button any more


def test_a_reason_too_long_to_keep_is_explained_kept_and_nothing_is_withdrawn(client, citizen, own_request):
    """It used to be cut at 2,000 characters without a word; now the field says so and keeps what was typed."""
    client.force_login(citizen)
    reason = "Mijn zoon helpt me al. " * 100
    response = client.post(withdraw_url(own_request), {"confirmed": "1", "reason": reason})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reason_error"' in html and 'aria-describedby="id_reason_helptext id_reason_error"' in html
    assert reason.strip() in html
    own_request.refresh_from_db()
    assert own_request.state == State.SUBMITTED


def test_withdrawing_after_support_started_is_refused_and_changes_nothing(client, citizen, own_request, coordinator):
    client.force_login(citizen)
    client.get(detail_url(own_request))  # the page with the button, opened before the partner accepts
    referral = refer_to_caw(own_request, coordinator)
    services.referral_accept(referral=referral, actor=coordinator, contact_person="An Peeters")

    response = client.post(withdraw_url(own_request), {"confirmed": "1"}, follow=True)
    html = response.content.decode()
    assert "U kunt uw vraag niet meer intrekken" in html and "Er is niets veranderd." in html
    assert "Uw begeleiding is gestart: CAW Oost-Brabant (An Peeters)" in html
    own_request.refresh_from_db()
    assert own_request.state == State.SUPPORT_STARTED


# -- plain status ------------------------------------------------------------------------------
def test_plain_status_in_dutch_and_english(own_request, coordinator):
    with translation.override("nl"):
        assert plain_status(own_request) == "Ontvangen"
    with translation.override("en"):
        assert plain_status(own_request) == "Received"
    services.request_take_up(request=own_request, actor=coordinator)
    own_request.refresh_from_db()
    with translation.override("nl"):
        assert plain_status(own_request) == "We bekijken uw vraag"
    services.request_route_to_volunteers(request=own_request, actor=coordinator)
    own_request.refresh_from_db()
    with translation.override("nl"):
        assert plain_status(own_request) == "We zoeken een vrijwilliger voor u"
    services.request_withdraw(request=own_request, actor=None)
    own_request.refresh_from_db()
    with translation.override("en"):
        assert plain_status(own_request) == "Withdrawn"


def test_plain_status_of_a_referral_in_english(own_request, coordinator):
    refer_to_caw(own_request, coordinator)
    request = HelpRequest.objects.get(pk=own_request.pk)
    with translation.override("en"):
        assert plain_status(request) == "Referred to CAW Oost-Brabant — they will contact you"


# -- the private follow-up link ----------------------------------------------------------------
def test_the_follow_up_link_shows_the_status_without_an_account(client):
    request = make_request(person=PersonFactory(email="jan@example.test"))
    response = client.get(reverse("help:follow", args=[follow_token(request)]))
    assert response.status_code == 200
    html = response.content.decode()
    assert request.reference in html and "Ontvangen" in html
    assert withdraw_url(request) not in html


def test_a_tampered_follow_up_link_is_a_friendly_not_found(client):
    request = make_request()
    token = follow_token(request)
    response = client.get(reverse("help:follow", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze link werkt niet" in html and request.reference not in html


def test_the_follow_up_link_expires(client):
    request = make_request()
    long_ago = time.time() - FOLLOW_MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        old_token = follow_token(request)
    response = client.get(reverse("help:follow", args=[old_token]))
    assert response.status_code == 404
    assert request.reference not in response.content.decode()
    assert client.get(reverse("help:follow", args=[follow_token(request)])).status_code == 200


def test_the_follow_up_link_carries_no_personal_data(client):
    person = PersonFactory(full_name="Jan Janssens", email="jan@example.test")
    token = follow_token(make_request(person=person))
    assert "Jan" not in token and "example" not in token and "LH-" not in token


def test_the_list_says_for_whom_each_request_is_and_what_it_is_about(client, make_user):
    """Three requests of one day looked identical: the list shows for whom and the topic."""
    intermediary = make_user(Role.INTERMEDIARY)
    own = people_services.person_for_user(user=intermediary)
    make_request(person=own, needs=["administration"])
    for name in ("Maria Janssens", "Karel Peeters"):
        person = Person.objects.create(full_name=name, phone="016 11 22 33")
        make_request(person=person, submitted_by=intermediary, on_behalf_consent="Mondeling", needs=["food"])
    client.force_login(intermediary)
    html = client.get(reverse("mine:list")).content.decode()
    assert "Voor uzelf" in html and "Maria Janssens" in html and "Karel Peeters" in html
    assert "Voeding" in html and "Papieren en digitale hulp" in html
