"""The access log: every staff read of a person's data is written down, append-only, and the person can read it."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from accounts.roles import Role
from people.models import Person
from privacy.models import AccessLog
from requests_app import services
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_coordinator(coordinator):
    """The shared coordinator, as a member of the city's team (the log copies the organisation's name)."""
    MembershipFactory(user=coordinator, organization__name="Stad Leuven – Leuven Helpt", role=Role.COORDINATOR)
    return coordinator


def test_a_coordinator_opening_a_request_is_logged(client, city_coordinator):
    request = make_request()
    client.force_login(city_coordinator)
    assert client.get(reverse("coordination:request", args=[request.reference])).status_code == 200
    rows = list(AccessLog.objects.filter(person=request.person).order_by("category"))
    assert [row.category for row in rows] == ["contact", "notes", "request"]
    row = rows[0]
    assert (row.actor_id, row.actor_name, row.actor_role) == (
        city_coordinator.pk,
        city_coordinator.full_name,
        "coordinator",
    )
    assert (row.actor_organisation, row.purpose, row.reference) == (
        "Stad Leuven – Leuven Helpt",
        "triage",
        request.reference,
    )
    assert row.request_id and len({r.request_id for r in rows}) == 1
    assert row.at is not None


def test_a_caseworker_opening_a_referral_is_logged_with_their_organisation(client, city_coordinator):
    caw = OrganizationFactory(name="CAW Oost-Brabant")
    worker = MembershipFactory(organization=caw, role=Role.CASEWORKER, user__full_name="Fatima Benali").user
    request = make_request()
    services.request_take_up(request=request, actor=city_coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=city_coordinator
    )
    client.force_login(worker)
    assert client.get(reverse("partners:referral", args=[referral.pk])).status_code == 200
    rows = AccessLog.objects.filter(person=request.person, purpose="referral")
    assert sorted(rows.values_list("category", flat=True)) == ["contact", "request"]
    assert set(rows.values_list("actor_organisation", "actor_role")) == {("CAW Oost-Brabant", "caseworker")}


def test_refused_reads_are_not_logged(client):
    request = make_request()
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert client.get(reverse("coordination:request", args=[request.reference])).status_code == 403
    assert not AccessLog.objects.exists()


def test_the_log_is_append_only():
    row = AccessLog.objects.create(
        actor_name="X", actor_role="coordinator", person=PersonFactory(), category="contact", purpose="triage"
    )
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()


@pytest.mark.postgres
def test_the_database_refuses_updates_and_deletes():
    row = AccessLog.objects.create(
        actor_name="X", actor_role="coordinator", person=PersonFactory(), category="contact", purpose="triage"
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(purpose="referral")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()
    assert AccessLog.objects.get(pk=row.pk).purpose == "triage"


def test_the_citizen_reads_who_looked_at_their_data_and_nothing_about_others(client, city_coordinator):
    citizen = UserFactory(roles=[Role.CITIZEN])
    own = make_request(person=Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33"))
    other = make_request(person=PersonFactory(full_name="Jan Janssens"))
    client.force_login(city_coordinator)
    client.get(reverse("coordination:request", args=[own.reference]))
    client.get(reverse("coordination:request", args=[other.reference]))
    client.force_login(citizen)
    html = client.get(reverse("privacy:my_access_log")).content.decode()
    assert "Stad Leuven – Leuven Helpt" in html and "coördinator" in html
    assert "om de juiste hulp te vinden voor uw vraag" in html
    # One read of their data is one item (it was a row per category: "every access listed twice"), naming them all.
    assert html.count('class="access-item"') == 1
    assert "<table" not in html  # a list: on a phone a table scrolled sideways and hid "Waarom"
    assert "Jan Janssens" not in html and other.reference not in html


def test_an_empty_log_says_so(client):
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert "Nog niemand heeft uw gegevens bekeken." in client.get(reverse("privacy:my_access_log")).content.decode()


def test_the_log_page_query_count_does_not_grow(client, city_coordinator, django_assert_max_num_queries):
    citizen = UserFactory(roles=[Role.CITIZEN])
    own = make_request(person=Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33"))
    counts = []
    for openings in (1, 9):
        client.force_login(city_coordinator)
        for _ in range(openings):
            client.get(reverse("coordination:request", args=[own.reference]))
        client.force_login(citizen)
        with django_assert_max_num_queries(6) as queries:
            page = client.get(reverse("privacy:my_access_log")).content.decode()
        counts.append(len(queries.captured_queries))
    assert page.count('class="access-item"') == 10  # every opening is on the page
    assert counts[0] == counts[1]
