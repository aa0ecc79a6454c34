"""The KCC and the coordinators know the person's language (issue 21): on the caller's card and the request,
set when the caller is registered or told later, and used for what the agent sends."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from helpdesk import services
from outbox.models import OutboxMessage
from people import services as people_services
from tests.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(agent):
    return services.contact_start(agent=agent, channel="phone")


def test_the_agent_records_the_callers_language_and_the_card_shows_it(console, contact):
    response = console.post(
        reverse("helpdesk:caller_register", kwargs={"pk": contact.pk}),
        {"register-full_name": "Olena Kovalenko", "register-phone": "0471 22 33 44", "register-language": "uk"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.person.preferred_language == "uk"
    card = console.get(reverse("helpdesk:person", kwargs={"person_id": contact.person.pk})).content.decode()
    assert '<dd lang="uk">Українська</dd>' in card


def test_a_language_the_site_does_not_offer_is_refused(console, contact):
    response = console.post(
        reverse("helpdesk:caller_register", kwargs={"pk": contact.pk}),
        {"register-full_name": "Jan Claes", "register-phone": "0471 22 33 44", "register-language": "de"},
    )
    assert response.status_code == 400
    contact.refresh_from_db()
    assert contact.person is None


def test_the_assistants_result_goes_out_in_the_callers_language(
    console, contact, published_catalogue, django_capture_on_commit_callbacks
):
    contact.person = people_services.person_create(full_name="Amal", phone="0471 22 33 44", language="ar")
    contact.save(update_fields=["person"])
    services.contact_intake_answer(contact=contact, key="lives_in_leuven", value=True)
    with django_capture_on_commit_callbacks(execute=True):
        console.post(reverse("helpdesk:intake_mail", kwargs={"pk": contact.pk}), {"mail-email": "amal@example.test"})
    # Once sent, the address is erased from the outbox; the language stays.
    assert list(
        OutboxMessage.objects.filter(event_key__contains="assistant-results").values_list("language", flat=True)
    ) == ["ar"]
    assert "Bewonerskaart" in mail.outbox[0].body  # no Arabic name in the catalogue: the Dutch one, never empty


def test_a_coordinator_changes_the_language_and_the_request_shows_it(client, make_user):
    person = people_services.person_create(full_name="Ayşe Yılmaz", phone="016 27 27 72")
    request = make_request(person=person)
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("coordination:reachability", kwargs={"reference": request.reference})
    response = client.post(url, {"reach-notify_channel": "none", "reach-phone": "016 27 27 72", "reach-language": "tr"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "tr"
    page = client.get(reverse("coordination:request", kwargs={"reference": request.reference})).content.decode()
    assert 'lang="tr">Türkçe</dd>' in page


def test_the_agent_sees_which_language_the_result_goes_out_in(console, contact, published_catalogue):
    contact.person = people_services.person_create(full_name="Amal", phone="0471 22 33 44", language="ar")
    contact.save(update_fields=["person"])
    services.contact_intake_answer(contact=contact, key="lives_in_leuven", value=True)
    page = console.get(reverse("helpdesk:contact", kwargs={"pk": contact.pk})).content.decode()
    assert 'In de taal van de beller: <span lang="ar" dir="auto">العربية</span>.' in page
