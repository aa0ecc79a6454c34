"""The selectors that fetch one object for a view apply the access rule themselves: a view that forgot its
role or ownership check still finds nothing (a 404), never another person's object."""

import pytest

from accounts.roles import Role
from helpdesk import services as helpdesk_services
from helpdesk.selectors import contact_of_agent, person_for_agent
from outbox.selectors import message_to_retry
from requests_app.follow import follow_token, request_from_token
from requests_app.selectors import followed_request, request_for_coordinator
from tests.factories import PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def test_a_contact_is_found_for_its_own_agent_only(agent):
    contact = helpdesk_services.contact_start(agent=agent, channel="phone")
    colleague = UserFactory(roles=[Role.KCC_AGENT])
    assert contact_of_agent(agent, contact.pk) == contact
    assert contact_of_agent(colleague, contact.pk) is None


@pytest.mark.parametrize("roles", [[], [Role.COORDINATOR], [Role.CASEWORKER], [Role.VOLUNTEER]])
def test_a_callers_record_is_found_for_an_agent_only(agent, roles):
    person = PersonFactory()
    assert person_for_agent(agent, person.pk) == person
    assert person_for_agent(UserFactory(roles=roles), person.pk) is None
    assert person_for_agent(agent, person.pk + 1000) is None


@pytest.mark.parametrize("roles", [[], [Role.KCC_AGENT], [Role.CASEWORKER]])
def test_a_request_to_act_on_is_found_for_a_coordinator_only(coordinator, roles):
    help_request = make_request()
    assert request_for_coordinator(coordinator, help_request.reference) == help_request
    assert request_for_coordinator(UserFactory(roles=roles), help_request.reference) is None
    assert request_for_coordinator(coordinator, "LH-0000-NONE") is None


def test_the_follow_up_link_and_my_requests_find_only_their_own_request():
    help_request = make_request()
    found = request_from_token(follow_token(help_request))
    assert found == help_request
    assert found.public_events is not None  # the public timeline came with it
    assert request_from_token(follow_token(help_request) + "x") is None
    assert followed_request(UserFactory(), help_request.reference) is None


def test_a_message_to_retry_is_none_when_unknown():
    assert message_to_retry(987654) is None
