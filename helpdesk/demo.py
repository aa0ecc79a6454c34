"""Demo data for the KCC console: the screening data with the partners linked, one earlier contact and
one callback for the demo agent."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Organization, User
from helpdesk import services
from helpdesk.models import Callback, ContactMoment, LifeDomain, Route, Signal
from helpdesk.screening_data import screening_load
from people.models import Person


def seed(*, stdout) -> None:
    added = screening_load(LifeDomain=LifeDomain, Signal=Signal, Route=Route, Organization=Organization)
    agent = User.objects.filter(email="kcc@leuvenhelpt.test").first()

    person = Person.objects.filter(contact_moments__isnull=True, requests__isnull=False).order_by("pk").first()
    if agent and person and not ContactMoment.objects.filter(agent=agent).exists():
        contact = services.contact_start(agent=agent, channel="phone")
        services.contact_set_person(contact=contact, person=person)
        services.contact_add_question(contact=contact, text="Wanneer belt Leuven Helpt mij terug?")
        services.contact_close(
            contact=contact, outcome=ContactMoment.Outcome.ANSWERED, summary="Status van de aanvraag uitgelegd."
        )
        added += 1
    caller = Person.objects.filter(contact_moments__isnull=True).exclude(phone="").order_by("-pk").first()
    if agent and caller and not Callback.objects.filter(assignee=agent).exists():
        contact = services.contact_start(agent=agent, channel="phone")
        services.contact_set_person(contact=contact, person=caller)
        services.contact_add_question(contact=contact, text="Kan ik een premie krijgen voor mijn stookolietank?")
        services.contact_close(
            contact=contact,
            outcome=ContactMoment.Outcome.CALLBACK,
            summary="Dossierbehandelaar energie moet de vraag bekijken.",
            callback_assignee=agent,
            callback_due_at=timezone.now() + timedelta(hours=2),
            callback_note="Liefst na 14 uur bellen.",
        )
        added += 1
    stdout.write(f"helpdesk: screening data and demo contacts ready ({added} added).")
