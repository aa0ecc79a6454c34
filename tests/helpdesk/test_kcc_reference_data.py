"""The contact screen keeps the data an administrator edits (domains, signals, routes, organisations, the
colleagues a callback can go to) in memory, and shows a change on the next screen."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.roles import Role
from helpdesk import reference_data, services
from helpdesk.models import Route, Signal
from leuvenhelpt import versioned_cache
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
ADMIN_TABLES = ("helpdesk_route", "helpdesk_lifedomain", 'helpdesk_signal"', "accounts_organization", "auth_group")


@pytest.fixture
def contact(agent):
    contact = services.contact_start(agent=agent, channel="phone")
    services.contact_set_person(contact=contact, person=PersonFactory(full_name="Lieve Wouters"))
    return contact


def screen(console, contact) -> str:
    response = console.get(reverse("helpdesk:contact", kwargs={"pk": contact.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_screen_reads_the_admin_data_once_not_per_contact(console, contact):
    screen(console, contact)
    with CaptureQueriesContext(connection) as queries:
        page = screen(console, contact)
    read = [query["sql"] for query in queries.captured_queries if "FROM" in query["sql"]]
    admin = [sql for sql in read if any(f'FROM "{table}' in sql for table in ADMIN_TABLES)]
    # The user's own roles are read per request (auth_group joined to the user), nothing else of the admin data.
    assert len(admin) == 1 and "accounts_user_groups" in admin[0]
    assert len(queries.captured_queries) <= 14
    # And it is all there: the ten life domains with their signals, the routes, the partners to share with.
    assert "heeft achterstallige facturen" in page and "Leuven Helpt (vrijwilligers)" in page


def test_a_route_an_administrator_adds_or_switches_off_shows_on_the_next_screen(console, contact):
    assert "Buurtwerk Kessel-Lo" not in screen(console, contact)
    route = Route.objects.create(key="buurtwerk", name="Buurtwerk Kessel-Lo", kind=Route.Kind.LEUVEN_HELPT)
    assert "Buurtwerk Kessel-Lo" in screen(console, contact)
    route.active = False
    route.save()
    assert "Buurtwerk Kessel-Lo" not in screen(console, contact)


def test_a_signal_pointed_to_another_route_changes_the_suggestion(console, contact):
    lonely = Signal.objects.get(label="leeft alleen en ziet weinig mensen")
    console.post(reverse("helpdesk:screening", kwargs={"pk": contact.pk}), {"signals": [lonely.pk]})
    assert "Voorgestelde routes" in screen(console, contact)
    caw = Route.objects.get(key="caw")
    lonely.routes.set([caw])
    page = screen(console, contact)
    suggested = page.split("Voorgestelde routes", 1)[1].split("</ol>", 1)[0]
    assert caw.name in suggested and "Leuven Helpt" not in suggested


def test_a_new_team_and_a_new_colleague_can_be_asked_to_call_back(console, contact):
    screen(console, contact)
    OrganizationFactory(name="Team Schuldbemiddeling")
    colleague = UserFactory(full_name="Karel Callewaert")
    assert "Karel Callewaert" not in screen(console, contact)
    account_services.user_set_roles(user=colleague, roles=[Role.KCC_AGENT])
    page = screen(console, contact)
    assert "Team Schuldbemiddeling" in page and "Karel Callewaert" in page


def test_a_colleague_who_left_is_no_longer_offered_and_cannot_be_chosen(console, contact):
    colleague = UserFactory(roles=[Role.KCC_AGENT], full_name="Karel Callewaert")
    assert "Karel Callewaert" in screen(console, contact)
    colleague.is_active = False
    colleague.save()
    assert "Karel Callewaert" not in screen(console, contact)
    response = console.post(
        reverse("helpdesk:close", kwargs={"pk": contact.pk}),
        {
            "close-outcome": "callback",
            "close-callback_assignee": colleague.pk,
            "close-callback_due_at": "31/12/2099 10:00",
        },
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_signing_in_does_not_throw_the_data_away(agent):
    first = reference_data.reference_data()
    agent.save(update_fields=["last_login"])
    assert reference_data.reference_data() is first


def test_a_user_saved_without_a_change_to_a_role_or_to_what_the_list_shows_keeps_the_data(agent):
    """Any user's save used to flush the data in every process (a citizen changing their phone number too)."""
    citizen = UserFactory(full_name="Jan Janssens")
    colleague = UserFactory(roles=[Role.KCC_AGENT], full_name="Karel Callewaert")
    first = reference_data.reference_data()
    citizen.full_name = "Jan Janssens-Peeters"
    citizen.save()
    colleague.phone = "0470 12 34 56"
    colleague.save()
    UserFactory(full_name="Nieuwe Burger")
    assert reference_data.reference_data() is first
    assert cache.get(reference_data.CACHE.key) is not None  # other processes keep theirs too


def test_a_colleague_renamed_or_given_a_role_shows_in_every_process(agent):
    colleague = UserFactory(roles=[Role.KCC_AGENT], full_name="Karel Callewaert")
    first = reference_data.reference_data()
    colleague.full_name = "Karel Callewaert-Wouters"
    colleague.save()
    assert cache.get(reference_data.CACHE.key) is None  # the shared token is gone: every process reloads
    second = reference_data.reference_data()
    assert second is not first
    assert "Karel Callewaert-Wouters" in [user.full_name for user in second.colleagues]
    newcomer = UserFactory(full_name="Nora Nieuw")
    account_services.user_set_roles(user=newcomer, roles=[Role.COORDINATOR])
    assert "Nora Nieuw" in [user.full_name for user in reference_data.reference_data().colleagues]


def test_another_process_follows_a_change_within_a_second(monkeypatch):
    """A change saved in another process removes the shared token; this process checks it once a second.
    (``update`` sends no signals, so the change below is seen only through the token.)"""
    clock = [1000.0]
    monkeypatch.setattr(versioned_cache.time, "monotonic", lambda: clock[0])
    first = reference_data.reference_data()
    Route.objects.filter(key="caw").update(name="CAW Oost-Brabant (nieuw)")
    cache.delete(reference_data.CACHE.key)  # what the other process's save does
    clock[0] += 0.5
    assert reference_data.reference_data() is first  # within the second: this process's copy
    clock[0] += 1
    assert "CAW Oost-Brabant (nieuw)" in [route.name for route in reference_data.reference_data().routes]
