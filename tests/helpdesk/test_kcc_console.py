"""The KCC console: one screen per contact, from finding the caller to a warm referral and the outcome."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from helpdesk import services
from helpdesk.models import Callback, ContactMoment, LifeDomain, Route, Signal
from people.models import Person
from privacy.models import AccessLog, Consent
from requests_app import services as request_services
from requests_app.models import HelpRequest
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(agent):
    return services.contact_start(agent=agent, channel="phone")


def url(name, **kwargs):
    return reverse(f"helpdesk:{name}", kwargs=kwargs)


def test_starting_a_contact_opens_its_screen_with_the_search_focused(console, agent):
    response = console.post(url("contact_start"), {"channel": "counter"})
    contact = ContactMoment.objects.get(agent=agent)
    assert response.status_code == 302 and response.url == url("contact", pk=contact.pk)
    assert contact.channel == "counter" and contact.is_open
    page = console.get(response.url).content.decode()
    assert 'id="id_q"' in page and "autofocus" in page.split('id="id_q"')[1].split(">")[0]


def test_an_unknown_channel_is_refused_with_a_message(console, agent):
    response = console.post(url("contact_start"), {"channel": "pigeon"})
    assert response.status_code == 400
    assert not ContactMoment.objects.exists()


def test_the_caller_is_found_with_open_requests_and_last_contacts(console, contact, agent):
    person = PersonFactory(full_name="Maria Peeters", phone="0470 12 34 56", date_of_birth=date(1950, 3, 1))
    request = make_request(person=person)
    earlier = services.contact_start(agent=agent, channel="letter")
    services.contact_set_person(contact=earlier, person=person)
    services.contact_close(contact=earlier, outcome="answered")
    for query in ["Maria Peeters", "peeters", "+32 470 12 34 56", "0470/12.34.56", "01/03/1950", request.reference]:
        page = console.post(url("search"), {"q": query, "contact": contact.pk}).content.decode()
        assert "Maria Peeters" in page, query
        assert request.reference in page and "Brief" in page
    # The results list is not logged; opening the card is.
    assert not AccessLog.objects.exists()


def test_searching_with_one_or_two_characters_is_refused_politely(console, contact):
    PersonFactory(full_name="Al Li")
    for query in ["A", "Al", " l "]:
        response = console.post(url("search"), {"q": query}, HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Typ minstens drie tekens" in page
        assert "Al Li" not in page


def test_taking_the_caller_records_the_read_in_the_access_log(console, contact, agent):
    person = PersonFactory()
    response = console.post(url("caller_set", pk=contact.pk, person_id=person.pk))
    assert response.status_code == 302 and response.url.endswith("#questions")
    contact.refresh_from_db()
    assert contact.person == person
    page = console.get(url("contact", pk=contact.pk))
    assert person.full_name in page.content.decode()
    rows = AccessLog.objects.filter(person=person)
    assert {row.purpose for row in rows} == {"contact_moment"}
    assert {row.category for row in rows} == {"contact", "request"}
    assert rows[0].actor_role == "kcc_agent"


def test_taking_the_caller_with_htmx_swaps_the_card_the_questions_and_the_referral(console, contact):
    person = PersonFactory(full_name="Jozef Van den Broeck")
    response = console.post(url("caller_set", pk=contact.pk, person_id=person.pk), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="caller"' in page and "Jozef Van den Broeck" in page
    assert 'id="questions"' in page and 'id="referral"' in page and 'action="/kcc/contact/' in page
    assert 'id="screening"' not in page and 'id="intake"' not in page
    read = AccessLog.objects.filter(person=person, purpose="contact_moment").values_list("category", flat=True)
    assert sorted(read) == ["contact", "request"]  # one read of the card: one row per category


def test_an_old_open_request_shows_on_the_card_beyond_the_history(console, contact):
    """The card's open requests come from the history's rows, except when there are more requests than the
    history shows: then an old open one is still there."""
    person = PersonFactory()
    oldest = make_request(person=person)
    newer = [make_request(person=person) for _number in range(15)]
    HelpRequest.objects.filter(pk__in=[request.pk for request in newer]).update(state="withdrawn")
    services.contact_set_person(contact=contact, person=person)
    page = console.get(url("contact", pk=contact.pk)).content.decode()
    card = page.split('class="kcc-person"', 1)[1].split("</div>", 1)[0]
    assert oldest.reference in card and not any(request.reference in card for request in newer)


def test_another_agents_contact_is_not_found(client, contact):
    other = UserFactory(roles=[Role.KCC_AGENT])
    client.force_login(other)
    assert client.get(url("contact", pk=contact.pk)).status_code == 404
    assert client.post(url("question_add", pk=contact.pk), {"question-text": "x"}).status_code == 404
    assert not contact.questions.exists()


def test_registering_an_unknown_caller_warns_about_a_similar_person(console, contact):
    existing = PersonFactory(full_name="Jan Claes", phone="0471 11 22 33")
    data = {"register-full_name": "Jan Claes", "register-phone": "0471 11 22 33", "register-postcode": "3010"}
    response = console.post(url("caller_register", pk=contact.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er bestaat al een gelijkaardige persoon" in page
    assert Person.objects.count() == 1
    assert 'value="Jan Claes"' in page  # what the agent typed is kept
    # The agent confirms it is someone else: registered anyway.
    response = console.post(url("caller_register", pk=contact.pk), {**data, "register-confirm": "True"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.person != existing and contact.person.postcode == "3010"


def test_registering_without_a_way_to_reach_the_caller_is_refused(console, contact):
    response = console.post(
        url("caller_register", pk=contact.pk), {"register-full_name": "Nora", "register-date_of_birth": "31/02/1950"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "dag/maand/jaar" in page
    assert 'value="Nora"' in page
    assert not Person.objects.exists()


def test_questions_are_added_as_a_partial(console, contact):
    domain = LifeDomain.objects.get(key="finances")
    response = console.post(
        url("question_add", pk=contact.pk),
        {"question-text": "Kan ik mijn energiefactuur gespreid betalen?", "question-domain": domain.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Kan ik mijn energiefactuur gespreid betalen?" in response.content.decode()
    assert contact.questions.get().domain == domain
    response = console.post(url("question_add", pk=contact.pk), {"question-text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Typ de vraag van de beller" in response.content.decode()


def test_the_guided_intake_uses_the_assistant_and_shows_the_products(console, contact, published_catalogue):
    page = console.get(url("contact", pk=contact.pk)).content.decode()
    assert "Woont u in Leuven?" in page
    response = console.post(
        url("intake_answer", pk=contact.pk), {"key": "lives_in_leuven", "intake-answer": "ja"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Bewonerskaart" in response.content.decode()
    contact.refresh_from_db()
    assert contact.intake["answers"] == {"lives_in_leuven": True}
    # A wrong answer is refused with a message, and the earlier answer stays.
    response = console.post(
        url("intake_answer", pk=contact.pk), {"key": "lives_in_leuven", "intake-answer": "misschien"}
    )
    assert response.status_code == 400
    contact.refresh_from_db()
    assert contact.intake["answers"] == {"lives_in_leuven": True}
    # Unknown question: nothing to answer.
    assert console.post(url("intake_answer", pk=contact.pk), {"key": "nope", "intake-answer": "ja"}).status_code == 404


def test_the_intake_result_is_mailed_to_the_caller(
    console, contact, published_catalogue, django_capture_on_commit_callbacks
):
    services.contact_intake_answer(contact=contact, key="lives_in_leuven", value=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(url("intake_mail", pk=contact.pk), {"mail-email": "beller@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "Bewonerskaart" in mail.outbox[0].body
    assert mail.outbox[0].to == ["beller@example.test"]
    response = console.post(url("intake_mail", pk=contact.pk), {"mail-email": "geen adres"})
    assert response.status_code == 400 and len(mail.outbox) == 1


def test_ticked_signals_suggest_routes_from_the_data(console, contact):
    debt = Signal.objects.get(label="heeft achterstallige facturen")
    alone = Signal.objects.get(label="leeft alleen en ziet weinig mensen")
    response = console.post(url("screening", pk=contact.pk), {"signals": [debt.pk, alone.pk]}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voorgestelde routes" in page and "GBO" in page and "Leuven Helpt (vrijwilligers)" in page
    assert set(contact.signals.all()) == {debt, alone}


def test_routes_are_suggested_by_rules_an_administrator_edits():
    debt = Signal.objects.get(label="heeft achterstallige facturen")
    routes = [route.key for route, _count in services.routes_suggested([debt])]
    assert routes == ["gbo", "ocmw"]
    # The administrator decides GBO needs two signals: it is no longer suggested from one.
    Route.objects.filter(key="gbo").update(min_signals=2)
    debt = Signal.objects.get(pk=debt.pk)
    assert [route.key for route, _count in services.routes_suggested([debt])] == ["ocmw"]


def test_a_warm_referral_needs_consent_and_lands_in_the_coordinators_queue(client, console, contact, agent):
    person = PersonFactory(full_name="Lieve Wouters")
    services.contact_set_person(contact=contact, person=person)
    services.contact_screening_set(contact=contact, signals=[Signal.objects.get(label="heeft achterstallige facturen")])
    ocmw = OrganizationFactory(name="OCMW Test", kind="ocmw")
    route = Route.objects.get(key="gbo")
    data = {
        "refer-route": route.pk,
        "refer-needs": ["finances"],
        "refer-description": "Achterstallige facturen.",
        "refer-urgency": "2",
        "refer-contact_way": "phone",
        "refer-share_with": [ocmw.pk],
    }
    # The prefilled form: the domain's need and the suggested route.
    page = console.get(url("contact", pk=contact.pk)).content.decode()
    assert "Signalen: heeft achterstallige facturen." in page
    response = console.post(url("refer", pk=contact.pk), data)
    assert response.status_code == 400
    assert "Vraag de beller om toestemming" in response.content.decode()
    assert not HelpRequest.objects.exists()

    response = console.post(url("refer", pk=contact.pk), {**data, "refer-consent_contact": "on"})
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert (request.person, request.channel, request.submitted_by, request.state) == (
        person,
        "phone",
        agent,
        "submitted",
    )
    assert request.on_behalf_consent == ""  # the agent does not follow it under /mijn/aanvragen/
    consents = {consent.purpose: consent for consent in Consent.objects.filter(help_request=request)}
    assert set(consents) == {"contact", "on_behalf", "referral"}
    assert list(consents["referral"].recipients.all()) == [ocmw]
    assert all(c.recorded_by == agent and c.channel == "phone" for c in consents.values())
    page = console.get(url("contact", pk=contact.pk)).content.decode()
    assert request.reference in page
    # Twice is refused.
    assert console.post(url("refer", pk=contact.pk), {**data, "refer-consent_contact": "on"}).status_code == 302
    assert HelpRequest.objects.count() == 1
    # The coordinators see it in their queue.
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    assert request.reference in client.get(reverse("coordination:queue")).content.decode()


def test_closing_records_outcome_transfer_and_handoffs(console, contact, agent):
    person = PersonFactory()
    for outcome in ("callback", "answered"):
        earlier = services.contact_start(agent=agent, channel="phone")
        services.contact_set_person(contact=earlier, person=person)
        services.contact_close(contact=earlier, outcome=outcome, callback_assignee=agent)
    services.contact_set_person(contact=contact, person=person)
    response = console.post(url("close", pk=contact.pk), {"close-outcome": "transferred"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul in naar wie" in page and "Zeg of het doorverbinden gelukt is" in page
    response = console.post(
        url("close", pk=contact.pk),
        {"close-outcome": "transferred", "close-transfer_to": "Dienst Wonen", "close-transfer_succeeded": "nee"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.outcome, contact.transfer_succeeded, contact.handoffs) == ("transferred", False, 2)
    assert contact.ended_at is not None
    # Closed: nothing more can be changed.
    console.post(url("question_add", pk=contact.pk), {"question-text": "nog iets"})
    assert not contact.questions.exists()


def test_handoffs_start_again_after_support_started(agent):
    person = PersonFactory()
    first = services.contact_start(agent=agent, channel="phone")
    services.contact_set_person(contact=first, person=person)
    services.contact_close(contact=first, outcome="transferred", transfer_to="OCMW", transfer_succeeded=True)
    request = make_request(person=person)
    HelpRequest.objects.filter(pk=request.pk).update(support_started_at=timezone.now())
    later = services.contact_start(agent=agent, channel="phone")
    services.contact_set_person(contact=later, person=person)
    assert services.contact_close(contact=later, outcome="callback", callback_assignee=agent).handoffs == 1


def test_a_callback_goes_to_a_team_with_a_due_time(console, contact, agent):
    team = OrganizationFactory(name="Team Sociale Dienst")
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = console.post(
        url("close", pk=contact.pk), {"close-outcome": "callback", "close-callback_due_at": "gisteren"}
    )
    assert response.status_code == 400
    response = console.post(
        url("close", pk=contact.pk),
        {"close-outcome": "callback", "close-callback_organization": team.pk, "close-callback_due_at": due},
    )
    assert response.status_code == 302
    callback = Callback.objects.get()
    assert callback.organization == team and callback.assignee is None
    assert callback.due_at > timezone.now()


def test_a_referral_outcome_needs_the_help_request(console, contact):
    response = console.post(url("close", pk=contact.pk), {"close-outcome": "referred_lh"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_open


def test_the_person_card_shows_one_timeline_whatever_the_door(console, agent):
    person = PersonFactory()
    request = make_request(person=person, channel="web")
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request_services.request_take_up(request=request, actor=coordinator)
    request_services.request_note(request=request, actor=coordinator, note="Interne notitie XYZ")
    contact = services.contact_start(agent=agent, channel="counter")
    services.contact_set_person(contact=contact, person=person)
    services.contact_add_question(contact=contact, text="Waar staat mijn aanvraag?")
    page = console.get(url("person", person_id=person.pk)).content.decode()
    assert request.reference in page and "Waar staat mijn aanvraag?" in page and "Loket" in page
    assert "Interne notitie XYZ" not in page
    assert AccessLog.objects.filter(person=person, purpose="contact_moment").exists()


def test_the_screening_data_is_present_from_the_migration():
    assert LifeDomain.objects.count() == 10
    assert Signal.objects.filter(domain__key="finances").exists()
    assert {route.kind for route in Route.objects.all()} == {"leuven_helpt", "gbo", "ocmw", "caw", "mutualiteit"}


def test_the_search_list_costs_the_same_queries_for_one_or_many(console, contact, django_assert_max_num_queries):
    PersonFactory(full_name="Eén Vandenberghe")
    with django_assert_max_num_queries(9) as one:
        console.post(url("search"), {"q": "Vandenberghe", "contact": contact.pk}, HTTP_HX_REQUEST="true")
    for number in range(9):
        person = PersonFactory(full_name=f"Veel Vandenberghe {number}")
        make_request(person=person)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = console.post(url("search"), {"q": "Vandenberghe", "contact": contact.pk}, HTTP_HX_REQUEST="true")
    assert page.content.decode().count("Dit is de beller") == 10


def test_the_contact_screen_costs_the_same_queries_with_a_long_history(
    console, contact, agent, django_assert_max_num_queries
):
    person = PersonFactory()
    services.contact_set_person(contact=contact, person=person)

    def history_grows():
        make_request(person=person)
        earlier = services.contact_start(agent=agent, channel="phone")
        services.contact_set_person(contact=earlier, person=person)
        services.contact_add_question(contact=earlier, text="Vraag")
        services.contact_close(contact=earlier, outcome="answered")

    history_grows()
    with django_assert_max_num_queries(30) as few:
        console.get(url("contact", pk=contact.pk))
    for _number in range(5):
        history_grows()
    with django_assert_max_num_queries(len(few.captured_queries)):
        console.get(url("contact", pk=contact.pk))


def test_the_summary_shows_the_three_latest_contacts_and_only_open_requests(agent, django_assert_max_num_queries):
    from helpdesk.selectors import attach_summary

    person, other = PersonFactory(), PersonFactory()
    contacts = []
    for days_ago in (9, 1, 5, 3, 7):
        contact = services.contact_start(agent=agent, channel="phone")
        services.contact_set_person(contact=contact, person=person)
        ContactMoment.objects.filter(pk=contact.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        contacts.append((days_ago, contact.pk))
    services.contact_set_person(contact=services.contact_start(agent=agent, channel="email"), person=other)
    open_request = make_request(person=person, description="Een lange beschrijving")
    withdrawn = make_request(person=person)
    HelpRequest.objects.filter(pk=withdrawn.pk).update(state="withdrawn")
    with django_assert_max_num_queries(2):
        attach_summary([person, other])
    assert [contact.pk for contact in person.last_contacts] == [pk for _days, pk in sorted(contacts)[:3]]
    assert [request.pk for request in person.open_requests] == [open_request.pk]
    assert len(other.last_contacts) == 1 and other.open_requests == []
    # Only the summary's columns were read; another field still loads when asked for.
    assert person.open_requests[0].description == "Een lange beschrijving"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("date_of_birth", "01/01/2030", "in de toekomst"),
        ("date_of_birth", "01/01/1826", "na 1 januari 1900"),  # before 1900: the shared rule (contact_details)
        ("phone", "0470", "Vul een telefoonnummer in, bijvoorbeeld"),
        ("phone", "bel me maar", "Vul een telefoonnummer in, bijvoorbeeld"),
    ],
)
def test_registering_impossible_data_is_refused_clearly_and_keeps_what_was_typed(
    console, contact, field, typed, message
):
    data = {"register-full_name": "Nora Peeters", "register-email": "nora@example.test", f"register-{field}": typed}
    response = console.post(url("caller_register", pk=contact.pk), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'value="{typed}"' in page and 'value="Nora Peeters"' in page
    assert not Person.objects.exists()


def test_a_real_date_of_birth_and_phone_are_accepted(console, contact):
    data = {
        "register-full_name": "Nora Peeters",
        "register-phone": "016 27 27 72",
        "register-date_of_birth": "31/01/1950",
    }
    response = console.post(url("caller_register", pk=contact.pk), data)
    assert response.status_code == 302
    assert Person.objects.get().date_of_birth == date(1950, 1, 31)
