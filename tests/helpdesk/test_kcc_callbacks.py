"""Callbacks: the agent (or their team) calls the caller back and records what came of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from helpdesk import services
from helpdesk.models import Callback
from privacy.models import AccessLog
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask_callback(agent, *, name="Maria Peeters", team=None, due_in=timedelta(hours=2), note="Na 14 uur") -> Callback:
    contact = services.contact_start(agent=agent, channel="phone")
    services.contact_set_person(contact=contact, person=PersonFactory(full_name=name, phone="0470 12 34 56"))
    services.contact_add_question(contact=contact, text="Hoe vraag ik een budgetmeter aan?")
    services.contact_close(
        contact=contact,
        outcome="callback",
        callback_organization=team,
        callback_assignee=None if team else agent,
        callback_due_at=timezone.now() + due_in,
        callback_note=note,
    )
    return Callback.objects.get(contact=contact)


def url(callback: Callback) -> str:
    return reverse("helpdesk:callback", kwargs={"pk": callback.pk})


def future(hours: int = 3) -> str:
    return (timezone.localtime() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_the_console_lists_callbacks_soonest_first_with_overdue_marked(console, agent):
    later = ask_callback(agent, name="Later Lien", due_in=timedelta(hours=5))
    late = ask_callback(agent, name="Laat Lode", due_in=timedelta(hours=1))
    Callback.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=30))
    page = console.get(reverse("helpdesk:console")).content.decode()
    assert page.index("Laat Lode") < page.index("Later Lien")
    assert page.count("te laat") == 1 and url(later) in page and url(late) in page


def test_the_callback_page_says_who_to_call_and_why_and_is_in_the_access_log(console, agent):
    callback = ask_callback(agent)
    page = console.get(url(callback)).content.decode()
    assert "Maria Peeters" in page and 'href="tel:0470123456"' in page
    assert "Hoe vraag ik een budgetmeter aan?" in page and "Na 14 uur" in page
    assert AccessLog.objects.filter(
        person=callback.contact.person, actor_id=agent.pk, purpose="contact_moment"
    ).exists()


def test_reached_ends_the_callback_and_takes_it_off_the_queue(console, agent):
    callback = ask_callback(agent)
    response = console.post(url(callback), {"callback-outcome": "reached", "callback-note": "Uitgelegd"})
    assert response.status_code == 302 and response["Location"] == reverse("helpdesk:console")
    callback.refresh_from_db()
    assert callback.result == "reached" and callback.done_by == agent and callback.done_at is not None
    assert callback.note == "Na 14 uur\nUitgelegd" and callback.attempts == 0
    page = console.get(reverse("helpdesk:console")).content.decode()
    assert "Het terugbellen is gedaan" in page and url(callback) not in page


def test_not_reached_puts_it_back_in_the_queue_for_a_new_time(console, agent):
    callback = ask_callback(agent)
    response = console.post(url(callback), {"callback-outcome": "retry", "callback-retry_at": future(20)}, follow=True)
    callback.refresh_from_db()
    assert callback.done_at is None and callback.attempts == 1
    assert callback.due_at > timezone.now() + timedelta(hours=19)
    page = response.content.decode()
    assert "Niet bereikt" in page and url(callback) in page and "1 poging" in page


def test_stop_trying_ends_it_as_not_reached(console, agent):
    callback = ask_callback(agent)
    console.post(url(callback), {"callback-outcome": "stop", "callback-note": "Drie keer geen antwoord"})
    callback.refresh_from_db()
    assert callback.result == "not_reached" and callback.attempts == 1 and callback.done_at is not None
    page = console.get(url(callback)).content.decode()
    assert "Niet bereikt, gestopt met proberen" in page and 'name="callback-outcome"' not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"callback-note": "Mijn notitie blijft staan"}, "Zeg of u de beller bereikt hebt."),
        (
            {"callback-outcome": "retry", "callback-retry_at": "", "callback-note": "Mijn notitie blijft staan"},
            "Vul in wanneer u het opnieuw probeert.",
        ),
        (
            {
                "callback-outcome": "retry",
                "callback-retry_at": "gisteren",
                "callback-note": "Mijn notitie blijft staan",
            },
            "Vul een datum en uur in",
        ),
        (
            {
                "callback-outcome": "retry",
                "callback-retry_at": "2020-01-01T10:00",
                "callback-note": "Mijn notitie blijft staan",
            },
            "Kies een tijdstip in de toekomst.",
        ),
    ],
)
def test_bad_input_is_explained_and_keeps_what_was_typed(console, agent, data, message):
    callback = ask_callback(agent)
    due = callback.due_at
    response = console.post(url(callback), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "Mijn notitie blijft staan" in page and "Er is een probleem" in page
    callback.refresh_from_db()
    assert callback.done_at is None and callback.attempts == 0 and callback.due_at == due


def test_a_callback_done_by_a_colleague_cannot_be_done_twice(console, agent):
    team = OrganizationFactory(name="Team Onthaal")
    MembershipFactory(organization=team, user=agent, role=Role.KCC_AGENT)
    colleague = UserFactory(roles=[Role.KCC_AGENT])
    MembershipFactory(organization=team, user=colleague, role=Role.KCC_AGENT)
    callback = ask_callback(colleague, team=team)
    page = console.get(url(callback)).content.decode()  # the team's callback: every member sees it
    services.callback_attempt(callback=callback, agent=colleague, reached=True)
    response = console.post(url(callback), {"callback-outcome": "reached", "callback-note": "Ook gebeld"})
    assert "Team Onthaal" in page
    assert response.status_code == 400 and "Dit terugbelverzoek is al afgehandeld." in response.content.decode()
    callback.refresh_from_db()
    assert callback.done_by == colleague and "Ook gebeld" not in callback.note


def test_full_notes_are_refused_without_losing_the_text(console, agent):
    callback = ask_callback(agent, note="x" * 290)
    Callback.objects.filter(pk=callback.pk).update(note="x" * 990)
    response = console.post(url(callback), {"callback-outcome": "reached", "callback-note": "Een lange notitie"})
    page = response.content.decode()
    assert response.status_code == 400 and "ingekort tot 9 tekens" in page and "Een lange notitie" in page
    callback.refresh_from_db()
    assert callback.done_at is None


def test_another_agents_callback_is_not_found_and_leaks_nothing(console, agent):
    other = UserFactory(roles=[Role.KCC_AGENT])
    callback = ask_callback(other, name="Gudrun Geheimhouder")
    for response in (console.get(url(callback)), console.post(url(callback), {"callback-outcome": "reached"})):
        assert response.status_code == 404
        assert "Gudrun" not in response.content.decode() and "0470" not in response.content.decode()
    callback.refresh_from_db()
    assert callback.done_at is None
    assert not AccessLog.objects.filter(person=callback.contact.person, actor_id=agent.pk).exists()


def test_the_queue_costs_the_same_queries_for_one_or_many_callbacks(console, agent, django_assert_max_num_queries):
    ask_callback(agent)
    with django_assert_max_num_queries(12) as one:
        console.get(reverse("helpdesk:console"))
    for number in range(8):
        ask_callback(agent, name=f"Beller {number}", team=None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = console.get(reverse("helpdesk:console")).content.decode()
    assert page.count("/kcc/terugbellen/") == 9
