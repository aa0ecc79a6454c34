"""The citizen downloads all their personal data (JSON and a page to print), and only their own."""

import json

import pytest
from django.urls import reverse

from accounts.roles import Role
from leuvenhelpt.register import holdings
from people.models import Person
from privacy.export import personal_data_export
from privacy.models import Consent
from privacy.services import consent_give
from requests_app import services
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def own_request(citizen, **kwargs):
    person = Person.objects.filter(user=citizen).first() or Person.objects.create(
        user=citizen, full_name="An Peeters", phone="0470 11 22 33"
    )
    return make_request(person=person, **kwargs)


def read_by_coordinator(client, request):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    assert client.get(reverse("coordination:request", args=[request.reference])).status_code == 200


def sections(data) -> dict:
    return {section["model"]: section["rows"] for section in data["sections"]}


def test_the_download_holds_every_kind_of_personal_data_of_the_citizen(client, citizen):
    request = own_request(citizen, description="Mijn huur is te hoog.")
    consent_give(
        person=request.person,
        purpose=Consent.Purpose.REFERRAL,
        channel="web",
        recipients=[OrganizationFactory(name="CAW")],
    )
    read_by_coordinator(client, request)
    client.force_login(citizen)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = sections(json.loads(response.content))
    # Every holding about a person or a user is a section of the download.
    assert set(data) == {h.model for h in holdings() if h.subject is not None}
    assert data["accounts.User"][0]["email"] == citizen.email
    assert "password" not in data["accounts.User"][0]
    assert data["people.Person"][0]["phone"] == "0470 11 22 33"
    assert data["requests_app.HelpRequest"][0]["description"] == "Mijn huur is te hoog."
    assert {row["category"] for row in data["privacy.AccessLog"]} == {"contact", "request", "notes"}
    assert "actor_name" not in data["privacy.AccessLog"][0]  # organisation and role, not the staff member's name
    assert {row["purpose"] for row in data["privacy.Consent"]} == {"contact", "referral"}
    assert ["CAW"] in [row["recipients"] for row in data["privacy.Consent"]]


def test_the_download_holds_nothing_of_other_people(client, citizen):
    own_request(citizen)
    other = make_request(person=PersonFactory(full_name="Jan Janssens"), description="Geheim van Jan")
    intermediary_for = make_request(
        person=PersonFactory(full_name="Mia Relatief"), submitted_by=citizen, on_behalf_consent="Telefonisch"
    )
    client.force_login(citizen)
    body = client.get(reverse("privacy:export_json")).content.decode()
    for secret in ("Jan Janssens", "Geheim van Jan", other.reference, "Mia Relatief", intermediary_for.reference):
        assert secret not in body
    html = client.get(reverse("privacy:export_page")).content.decode()
    assert "Mia Relatief" not in html and "Jan Janssens" not in html


def test_the_page_is_readable(client, citizen):
    request = own_request(citizen, description="Mijn huur is te hoog.")
    client.force_login(citizen)
    html = client.get(reverse("privacy:export_page")).content.decode()
    assert "Mijn huur is te hoog." in html and request.reference in html
    assert "Geld en schulden" in html  # choices in plain language


def test_someone_without_a_request_gets_their_account_only():
    user = UserFactory(email="leeg@example.test")
    data = sections(personal_data_export(user=user))
    assert data["accounts.User"][0]["email"] == "leeg@example.test"
    assert data["requests_app.HelpRequest"] == [] and data["privacy.AccessLog"] == []


def test_the_query_count_does_not_grow_with_the_data(client, citizen, django_assert_max_num_queries):
    own_request(citizen)
    client.force_login(citizen)
    # +1: the print queue (messaging.PrintedLetter); +2: the links to itsme / the eID and their tokens (one query
    # each); +1: the likely duplicates listed for review
    with django_assert_max_num_queries(34) as one:
        client.get(reverse("privacy:export_json"))
    first = len(one.captured_queries)
    for _ in range(5):
        request = own_request(citizen)
        coordinator = UserFactory(roles=[Role.COORDINATOR])
        services.request_take_up(request=request, actor=coordinator)
        services.request_refer(
            request=request, organizations=[OrganizationFactory()], actor=coordinator, consent_channel="phone"
        )
    read_by_coordinator(client, request)
    client.force_login(citizen)
    with django_assert_max_num_queries(first) as many:
        assert client.get(reverse("privacy:export_json")).status_code == 200
    with django_assert_max_num_queries(first + 2):
        assert client.get(reverse("privacy:export_page")).status_code == 200
    assert len(many.captured_queries) == first
