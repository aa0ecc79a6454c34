"""Erasure requests: the citizen (or the DPO for them) asks, the DPO erases or restricts, the citizen sees it."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from dataprotection.services import erasure_decide
from people.models import Person
from privacy.models import AccessLog, ErasureRequest
from privacy.services import ErasureRefused, erasure_file
from requests_app import services
from requests_app.models import HelpRequest
from tests.factories import UserFactory, make_request

pytestmark = pytest.mark.django_db


def citizens_request(citizen, **kwargs) -> HelpRequest:
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    return make_request(person=person, description="Mijn schulden", **kwargs)


def test_the_citizen_asks_the_dpo_erases_and_the_counts_stay(client, citizen, dpo, django_capture_on_commit_callbacks):
    request = citizens_request(citizen)
    services.request_withdraw(request=request, actor=citizen)
    client.force_login(citizen)
    response = client.post(reverse("privacy:erasure_request"), {"message": "Wis alles", "confirm": "on"})
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get()
    assert (erasure.person, erasure.citizen, erasure.status) == (request.person, citizen, "pending")
    assert "wacht op een beslissing" in client.get(reverse("privacy:my_access_log")).content.decode()

    client.force_login(dpo)
    page = client.get(reverse("dpo:erasure", args=[erasure.pk])).content.decode()
    assert "An Peeters" in page and request.reference in page
    # Opening it is an inquiry in the person's access log.
    assert set(AccessLog.objects.filter(person=request.person).values_list("purpose", flat=True)) == {"inquiry"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dpo:erasure_decide", args=[erasure.pk]), {"decision": "erased"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [citizen.email] and "gewist" in message.body
    erasure.refresh_from_db()
    assert (erasure.status, erasure.decided_by) == ("erased", dpo) and erasure.decided_at
    request.refresh_from_db()
    assert request.description == "" and request.person.full_name == "" and request.person.anonymised_at
    assert HelpRequest.objects.count() == 1 and request.state == "withdrawn"  # counted still, as withdrawn
    citizen.refresh_from_db()
    assert not citizen.is_active


def test_the_dpo_restricts_with_a_reason_and_the_citizen_reads_it(client, citizen, dpo):
    request = citizens_request(citizen)
    erasure = erasure_file(person=request.person, filed_by=citizen)
    client.force_login(dpo)
    response = client.post(reverse("dpo:erasure_decide", args=[erasure.pk]), {"decision": "restricted"})
    assert response.status_code == 400
    assert "Schrijf welke wettelijke plicht" in response.content.decode()
    erasure.refresh_from_db()
    assert erasure.status == "pending"
    reason = "Wettelijke bewaarplicht OCMW-dossier: 5 jaar."
    client.post(reverse("dpo:erasure_decide", args=[erasure.pk]), {"decision": "restricted", "reason": reason})
    erasure.refresh_from_db()
    assert erasure.status == "restricted" and erasure.decision_reason == reason
    request.refresh_from_db()
    assert request.description == "Mijn schulden"  # kept
    client.force_login(citizen)
    html = client.get(reverse("privacy:my_access_log")).content.decode()
    assert reason in html


def test_an_open_request_blocks_erasure_with_a_clear_message(english, citizen, dpo):
    request = citizens_request(citizen)
    erasure = erasure_file(person=request.person, filed_by=citizen)
    english.force_login(dpo)
    response = english.post(reverse("dpo:erasure_decide", args=[erasure.pk]), {"decision": "erased"})
    assert response.status_code == 400
    assert "still has an open request" in response.content.decode()
    erasure.refresh_from_db()
    request.refresh_from_db()
    assert erasure.status == "pending" and request.description == "Mijn schulden"


def test_a_decision_is_taken_once(citizen, dpo):
    request = citizens_request(citizen)
    erasure = erasure_file(person=request.person, filed_by=citizen)
    erasure_decide(erasure=erasure, actor=dpo, decision="restricted", reason="Bewaarplicht")
    with pytest.raises(ErasureRefused):
        erasure_decide(erasure=erasure, actor=dpo, decision="erased")
    with pytest.raises(ErasureRefused):
        erasure_decide(erasure=erasure_file(person=request.person, filed_by=dpo), actor=dpo, decision="delete")


def test_one_waiting_request_at_a_time(client, citizen):
    citizens_request(citizen)
    client.force_login(citizen)
    client.post(reverse("privacy:erasure_request"), {"confirm": "on"})
    response = client.post(reverse("privacy:erasure_request"), {"confirm": "on"}, follow=True)
    assert ErasureRequest.objects.count() == 1
    assert "al een verzoek" in response.content.decode()


def test_the_citizen_must_confirm_and_keeps_what_they_typed(client, citizen):
    citizens_request(citizen)
    client.force_login(citizen)
    response = client.post(reverse("privacy:erasure_request"), {"message": "Alles weg aub"})
    assert response.status_code == 400 and not ErasureRequest.objects.exists()
    html = response.content.decode()
    assert "Vink het vakje aan" in html and "Alles weg aub" in html


def test_the_dpo_files_for_someone_by_reference(client, dpo):
    request = make_request()
    client.force_login(dpo)
    response = client.post(reverse("dpo:erasure_new"), {"reference": "LH-XXXX-00", "message": "Brief"})
    assert response.status_code == 400 and "Er is geen vraag met deze referentie" in response.content.decode()
    response = client.post(reverse("dpo:erasure_new"), {"reference": "onzin", "message": "Brief"})
    assert response.status_code == 400 and not ErasureRequest.objects.exists()
    response = client.post(
        reverse("dpo:erasure_new"), {"reference": request.reference.lower(), "message": "Per brief van 3 maart"}
    )
    erasure = ErasureRequest.objects.get()
    assert response.url == reverse("dpo:erasure", args=[erasure.pk])
    assert erasure.person == request.person and erasure.filed_by == dpo and erasure.citizen is None


def test_the_dpo_list_shows_no_personal_data(client, dpo, django_assert_max_num_queries):
    for _ in range(3):
        erasure_file(person=make_request(person=None).person, filed_by=dpo)
    client.force_login(dpo)
    with django_assert_max_num_queries(8) as few:
        html = client.get(reverse("dpo:index")).content.decode()
    for _ in range(5):
        erasure_file(person=make_request().person, filed_by=dpo)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("dpo:index")).content.decode()
    assert html.count("/privacy/verzoeken/") >= 8
    assert not any(p.full_name in html for p in Person.objects.all())


def test_the_dpo_sees_what_blocks_the_erasure_and_who_can_lift_it(client, citizen, dpo):
    coordinator = UserFactory(roles=[Role.COORDINATOR], full_name="Sara Coördinator")
    request = citizens_request(citizen)
    services.request_take_up(request=request, actor=coordinator)
    erasure = erasure_file(person=request.person, filed_by=citizen)
    client.force_login(dpo)
    html = client.get(reverse("dpo:erasure", args=[erasure.pk])).content.decode()
    assert 'id="erasure-blocked"' in html
    assert request.reference in html and "Sara Coördinator" in html
    assert "Wie kan dit oplossen" in html
    # No link to the coordinators' page (the DPO may not open it): nothing that leads to a 403.
    assert reverse("coordination:request", args=[request.reference]) not in html


def test_the_coordinator_sees_a_banner_while_an_erasure_waits(client, citizen):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = citizens_request(citizen)
    page = reverse("coordination:request", args=[request.reference])
    client.force_login(coordinator)
    assert 'id="erasure-pending"' not in client.get(page).content.decode()
    erasure_file(person=request.person, filed_by=citizen)
    html = client.get(page).content.decode()
    assert 'id="erasure-pending"' in html and "gegevens te wissen" in html


def test_the_banner_goes_once_the_dpo_decided(client, citizen, dpo):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = citizens_request(citizen)
    erasure = erasure_file(person=request.person, filed_by=citizen)
    erasure_decide(erasure=erasure, actor=dpo, decision="restricted", reason="Wettelijke bewaarplicht")
    client.force_login(coordinator)
    html = client.get(reverse("coordination:request", args=[request.reference])).content.decode()
    assert 'id="erasure-pending"' not in html
