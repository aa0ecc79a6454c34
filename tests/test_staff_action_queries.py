"""The staff actions users found slow (issue 18 item 14) keep a fixed number of queries.

benchmarks/bench_staff_actions.py times them on PostgreSQL with the demo data; these pin their queries so that a
change that adds some fails here first. The editor's "Product bewaren": tests/assistant/test_product_save_cost.py."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from helpdesk import services as helpdesk_services
from helpdesk.models import Route
from privacy.models import Consent
from requests_app import services as request_services
from tests.factories import PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client):
    agent = UserFactory(roles=[Role.KCC_AGENT])
    client.force_login(agent)
    client.agent = agent
    return client


@pytest.fixture
def contact(agent_client):
    contact = helpdesk_services.contact_start(agent=agent_client.agent, channel="phone")
    helpdesk_services.contact_set_person(contact=contact, person=PersonFactory(full_name="Lieve Wouters"))
    helpdesk_services.contact_add_question(contact=contact, text="Hulp bij boodschappen")
    return contact


REFER = {
    "refer-needs": ["food"],
    "refer-description": "Kan de boodschappen niet meer dragen.",
    "refer-urgency": "2",
    "refer-contact_way": "phone",
    "refer-consent_contact": "on",
}


def test_kcc_make_the_help_request(agent_client, contact, django_assert_num_queries):
    route = Route.objects.get(key="leuven-helpt")
    address = reverse("helpdesk:refer", args=[contact.pk])
    # user, roles, the contact, the route; locking the contact and its caller; the request and its needs, one
    # consent to be contacted and one to ask for the caller (each with its constraint check), the timeline event,
    # the contact's link to the request; with their savepoints. It was 48 (each consent also checked that the
    # person, the request and the agent exist, and the contact consent was recorded twice).
    with django_assert_num_queries(28):
        response = agent_client.post(address, REFER | {"refer-route": route.pk})
    assert response.status_code == 302
    contact.refresh_from_db()
    # Each consent once: the contact consent was recorded twice before (by request_submit and again here).
    purposes = sorted(Consent.objects.filter(help_request=contact.help_request).values_list("purpose", flat=True))
    assert purposes == [Consent.Purpose.CONTACT, Consent.Purpose.ON_BEHALF]


def test_kcc_end_the_contact(agent_client, contact, django_assert_num_queries):
    helpdesk_services.contact_refer(
        contact=contact,
        agent=agent_client.agent,
        route=Route.objects.get(key="leuven-helpt"),
        description="Boodschappen",
        needs=["food"],
    )
    with django_assert_num_queries(15):
        response = agent_client.post(reverse("helpdesk:close", args=[contact.pk]), {"close-outcome": "referred_lh"})
    assert response.status_code == 302


def test_coordinator_send_to_volunteer_matching(client, coordinator, django_assert_num_queries):
    request = make_request(needs=["food"])
    request_services.request_take_up(request=request, actor=coordinator)
    client.force_login(coordinator)
    with django_assert_num_queries(11):
        response = client.post(reverse("coordination:route", args=[request.reference]), {"route-note": "Boodschappen"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "matching"
