"""KCC contacts nobody closed are abandoned drafts: after the retention period who called and what was
said are erased; the channel and the time stay; closed contacts and recent drafts are untouched."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from dataprotection.retention import retention_apply
from helpdesk import services
from helpdesk.models import ContactMoment, ContactQuestion
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft(agent, *, days_ago: int) -> ContactMoment:
    contact = services.contact_start(agent=agent, channel="phone")
    services.contact_set_person(contact=contact, person=PersonFactory(full_name="Rita Vergeten"))
    services.contact_add_question(contact=contact, text="Mijn huurachterstel bij de sociale huisvesting")
    ContactMoment.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago), summary="Belt over schulden"
    )
    return contact


def test_an_abandoned_contact_is_erased_after_seven_days_and_only_once():
    agent = UserFactory(roles=[Role.KCC_AGENT])
    old, recent = draft(agent, days_ago=8), draft(agent, days_ago=2)
    assert retention_apply()["abandoned_contacts"] == 1
    old.refresh_from_db()
    assert (old.person_id, old.summary, old.intake, old.channel) == (None, "", {}, "phone")
    assert ContactQuestion.objects.get(contact=old).text == ""
    recent.refresh_from_db()
    assert recent.person_id is not None and recent.summary == "Belt over schulden"
    assert ContactQuestion.objects.get(contact=recent).text.startswith("Mijn huurachterstel")
    assert retention_apply()["abandoned_contacts"] == 0  # idempotent


def test_a_closed_contact_is_not_a_draft(settings):
    agent = UserFactory(roles=[Role.KCC_AGENT])
    contact = draft(agent, days_ago=30)
    ContactMoment.objects.filter(pk=contact.pk).update(outcome="answered", ended_at=timezone.now())
    assert retention_apply()["abandoned_contacts"] == 0
    contact.refresh_from_db()
    assert contact.summary == "Belt over schulden" and contact.person_id is not None
