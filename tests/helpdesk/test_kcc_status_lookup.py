"""Status on the phone: a reference code and two of date of birth, postcode and phone number."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.roles import Role
from helpdesk.models import StatusCheck
from privacy.models import AccessLog
from requests_app import services as request_services
from tests.factories import PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db

URL = reverse("helpdesk:status")


@pytest.fixture
def request_():
    person = PersonFactory(date_of_birth=date(1948, 5, 17), postcode="3010", phone="0470 12 34 56")
    return make_request(person=person)


def lookup(client, reference, **details):
    return client.post(URL, {"reference": reference, **details})


def test_two_matching_details_show_the_plain_status_and_are_logged(console, agent, request_):
    response = lookup(console, request_.reference.lower(), date_of_birth="17/05/1948", phone="+32 470 12 34 56")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{request_.reference}: Ontvangen" in page
    assert "We hebben uw vraag ontvangen." in page
    row = AccessLog.objects.get(person=request_.person)
    assert (row.purpose, row.category, row.reference, row.actor_id) == (
        "status_lookup",
        "request",
        request_.reference,
        agent.pk,
    )
    assert StatusCheck.objects.get().result == "passed"


def test_one_detail_is_not_enough_and_is_not_counted(console, request_):
    response = lookup(console, request_.reference, postcode="3010")
    assert response.status_code == 400
    assert "twee van deze gegevens" in response.content.decode()
    assert not StatusCheck.objects.exists()


def test_a_bad_code_is_refused_with_an_example(console):
    response = lookup(console, "12345", postcode="3010", phone="0470")
    assert response.status_code == 400
    assert "LH-7K3Q-92" in response.content.decode()


def test_three_failures_lock_the_code_for_fifteen_minutes(console, request_):
    for _attempt in range(3):
        response = lookup(console, request_.reference, postcode="3000", phone="0470 99 99 99")
        assert response.status_code == 200
        assert "De gegevens kloppen niet" in response.content.decode()
    # Now even the right details are refused, and the refusal is logged.
    response = lookup(console, request_.reference, postcode="3010", phone="0470 12 34 56")
    assert response.status_code == 429
    page = response.content.decode()
    assert "15 minuten geblokkeerd" in page and "Ontvangen" not in page
    results = list(StatusCheck.objects.order_by("at", "id").values_list("result", flat=True))
    assert results == ["failed", "failed", "failed", "locked"]
    assert not AccessLog.objects.exists()
    # Another code is not locked.
    other = make_request(person=PersonFactory(postcode="3000", phone="0470 00 00 01"))
    assert lookup(console, other.reference, postcode="3000", phone="0470000001").status_code == 200
    # Fifteen minutes later the code answers again.
    for check in StatusCheck.objects.filter(reference=request_.reference):
        StatusCheck.objects.filter(pk=check.pk).update(at=check.at - timedelta(minutes=16))
    response = lookup(console, request_.reference, postcode="3010", phone="0470 12 34 56")
    assert response.status_code == 200 and "Ontvangen" in response.content.decode()


def test_an_unknown_code_fails_like_wrong_details(console):
    response = lookup(console, "LH-AAAA-99", postcode="3010", phone="0470 12 34 56")
    assert response.status_code == 200
    assert "De gegevens kloppen niet, of de code bestaat niet" in response.content.decode()
    assert StatusCheck.objects.get().result == "failed"


def test_the_status_lookup_costs_the_same_queries_with_a_long_timeline(
    console, request_, django_assert_max_num_queries
):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    details = {"date_of_birth": "17/05/1948", "phone": "0470 12 34 56"}
    lookup(console, request_.reference, **details)  # measured on a second look-up (the session is warm)
    with django_assert_max_num_queries(40) as few:
        assert lookup(console, request_.reference, **details).status_code == 200
    baseline = len(few.captured_queries)  # (read now: the next request empties Django's query log)
    for number in range(6):
        request_services.request_note(request=request_, actor=coordinator, note=f"Gebeld ({number}).", public=True)
    with django_assert_max_num_queries(baseline):
        page = lookup(console, request_.reference, **details).content.decode()
    assert "Gebeld (0)." in page and "Gebeld (5)." in page
