"""Consent in the flows: asked on /hulp/, required to refer, given and withdrawn by the citizen, respected at once."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from people.errors import ActionRefused
from people.models import Person
from privacy.models import Consent
from privacy.selectors import volunteer_sharing_allowed
from privacy.services import consent_give, consent_withdraw
from requests_app import services
from requests_app.models import Referral, TimelineEvent
from requests_app.workflow import State
from tests.factories import (
    HelpRequestFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
    make_request,
)

pytestmark = pytest.mark.django_db


def test_asking_for_help_records_the_contact_consent_with_its_words(client):
    client.post(
        reverse("help:ask"),
        {
            "needs": ["finances"],
            "description": "Schulden",
            "urgency": 2,
            "contact_way": "phone",
            "full_name": "Jan",
            "phone": "0470 12 34 56",
            "consent": "on",
        },
    )
    consent = Consent.objects.get()
    assert consent.purpose == "contact" and consent.channel == "web" and consent.recorded_by is None
    assert consent.wording.startswith("Ik ga akkoord") and consent.wording_version == "2026-11"
    assert consent.help_request.person == consent.person


def test_an_intermediary_records_both_consents(make_user):
    intermediary = make_user(Role.INTERMEDIARY)
    request = make_request(submitted_by=intermediary, on_behalf_consent="Telefonisch op 3 maart")
    assert set(request.consents.values_list("purpose", "recorded_by")) == {
        ("contact", intermediary.pk),
        ("on_behalf", intermediary.pk),
    }


def test_a_citizen_asking_with_an_account_gives_the_consent_themself_and_an_agent_records_it(make_user):
    citizen = make_user(Role.CITIZEN)
    own = make_request(person=Person.objects.create(user=citizen, full_name="An"), submitted_by=citizen, channel="web")
    assert own.consents.get().recorded_by is None
    agent = make_user(Role.KCC_AGENT)
    by_phone = make_request(submitted_by=agent, channel="phone")
    assert (by_phone.consents.get().recorded_by, by_phone.consents.get().channel) == (agent, "phone")


def test_withdrawing_the_on_behalf_consent_stops_the_intermediary_following(client, make_user):
    intermediary = make_user(Role.INTERMEDIARY)
    request = make_request(submitted_by=intermediary, on_behalf_consent="Telefonisch")
    client.force_login(intermediary)
    assert client.get(reverse("mine:detail", args=[request.reference])).status_code == 200
    consent_withdraw(consent=request.consents.get(purpose="on_behalf"), actor=None)
    assert client.get(reverse("mine:detail", args=[request.reference])).status_code == 404


def test_referring_needs_a_consent_naming_the_partner(coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    ocmw = OrganizationFactory(name="OCMW Leuven")
    consent_give(person=request.person, purpose="referral", channel="web", recipients=[ocmw])
    with pytest.raises(ActionRefused, match="CAW Oost-Brabant"):
        services.request_refer(request=request, organizations=[caw, ocmw], actor=coordinator)
    request.refresh_from_db()
    assert not Referral.objects.exists() and request.state == State.TRIAGE
    (referral,) = services.request_refer(request=request, organizations=[ocmw], actor=coordinator)
    assert referral.organization == ocmw


def test_the_coordinator_records_the_consent_in_the_refer_form(client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    client.force_login(coordinator)
    url = reverse("coordination:refer", args=[request.reference])
    response = client.post(url, {"refer-organizations": [caw.pk], "refer-consent_recorded": "on"})
    assert response.status_code == 400 and not Referral.objects.exists()
    client.post(
        url, {"refer-organizations": [caw.pk], "refer-consent_recorded": "on", "refer-consent_channel": "phone"}
    )
    consent = Consent.objects.get(purpose="referral")
    assert (consent.channel, consent.recorded_by, consent.help_request) == ("phone", coordinator, request)
    assert list(consent.recipients.all()) == [caw]
    assert Referral.objects.get().organization == caw
    page = client.get(reverse("coordination:request", args=[request.reference])).content.decode()
    assert "CAW Oost-Brabant" in page


def test_the_citizen_gives_a_referral_consent_online(client, citizen, caw, coordinator):
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    request = HelpRequestFactory(triaged=True, coordinator=coordinator, person=person)
    client.force_login(citizen)
    response = client.post(reverse("privacy:consent_give"), {"give-reference": request.reference})
    assert response.status_code == 400 and not Consent.objects.filter(purpose="referral").exists()
    other = make_request()
    response = client.post(
        reverse("privacy:consent_give"), {"give-organizations": [caw.pk], "give-reference": other.reference}
    )
    assert response.status_code == 400 and not Consent.objects.filter(purpose="referral").exists()
    client.post(reverse("privacy:consent_give"), {"give-organizations": [caw.pk], "give-reference": request.reference})
    consent = Consent.objects.get(purpose="referral")
    assert (consent.person, consent.help_request, consent.channel, consent.recorded_by) == (
        person,
        request,
        "web",
        None,
    )
    services.request_refer(request=request, organizations=[caw], actor=coordinator)


def test_withdrawing_a_referral_consent_withdraws_the_referral_and_locks_the_partner_out(
    client, citizen, caw, coordinator, django_capture_on_commit_callbacks
):
    caw.email = "onthaal@caw.test"
    caw.save(update_fields=["email"])
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    request = HelpRequestFactory(
        triaged=True, coordinator=coordinator, person=person, description="Mijn huur is te hoog"
    )
    consent = consent_give(person=person, purpose="referral", channel="web", recipients=[caw])
    (referral,) = services.request_refer(request=request, organizations=[caw], actor=coordinator)
    caseworker = MembershipFactory(organization=caw, role=Role.CASEWORKER, user=UserFactory(roles=[Role.CASEWORKER]))
    partner = reverse("partners:referral", args=[referral.pk])
    client.force_login(caseworker.user)
    assert client.get(partner).status_code == 200

    client.force_login(citizen)
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    confirm = client.post(url)
    assert confirm.status_code == 200 and "CAW Oost-Brabant" in confirm.content.decode()
    consent.refresh_from_db()
    assert consent.in_force  # only after the confirmation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirmed": "1"})
    consent.refresh_from_db()
    referral.refresh_from_db()
    request.refresh_from_db()
    assert consent.withdrawn_at and consent.withdrawn_by == citizen
    assert referral.status == Referral.Status.WITHDRAWN and request.state == State.TRIAGE
    event = TimelineEvent.objects.filter(request=request, kind="referral").last()
    assert "CAW Oost-Brabant" in event.note and not event.public
    (message,) = [m for m in mail.outbox if m.to == [caw.email]]
    assert request.reference in message.body
    assert "An Peeters" not in message.body and "huur" not in message.body

    client.force_login(caseworker.user)
    page = client.get(partner)
    assert page.status_code == 403  # a page that says why, showing nothing of the help seeker
    html = page.content.decode()
    assert "toestemming" in html and request.reference in html
    assert "An Peeters" not in html and "huur" not in html and "0470" not in html
    assert client.post(reverse("partners:accept", args=[referral.pk])).status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    with pytest.raises(ActionRefused):
        services.request_refer(request=request, organizations=[caw], actor=coordinator)


def test_another_consent_still_in_force_keeps_the_referral(coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    general = consent_give(person=request.person, purpose="referral", channel="web", recipients=[caw])
    consent_give(person=request.person, purpose="referral", channel="phone", recipients=[caw], help_request=request)
    (referral,) = services.request_refer(request=request, organizations=[caw], actor=coordinator)
    consent_withdraw(consent=general, actor=None)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PROPOSED


def test_an_accepted_referral_stays_but_the_partner_can_no_longer_open_it(client, coordinator, caw):
    request = HelpRequestFactory(triaged=True, coordinator=coordinator)
    consent = consent_give(person=request.person, purpose="referral", channel="web", recipients=[caw])
    (referral,) = services.request_refer(request=request, organizations=[caw], actor=coordinator)
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    consent_withdraw(consent=consent, actor=None)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED  # the support that started is not undone
    caseworker = MembershipFactory(organization=caw, role=Role.CASEWORKER, user=UserFactory(roles=[Role.CASEWORKER]))
    client.force_login(caseworker.user)
    page = client.get(reverse("partners:referral", args=[referral.pk]))
    assert page.status_code == 403
    assert "U kunt deze aanvraag niet meer openen" in page.content.decode()
    assert request.description not in page.content.decode()


def test_the_citizen_sees_their_consents_only(client, citizen):
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    make_request(person=person)
    relative = make_request(person=PersonFactory(full_name="Mia Relatief"), submitted_by=citizen, on_behalf_consent="x")
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("privacy:consents")).content.decode()
    assert "contacted about my question" in html
    assert relative.reference not in html and "let someone else ask" not in html
    foreign = relative.consents.first()
    assert client.post(reverse("privacy:consent_withdraw", args=[foreign.pk]), {"confirmed": "1"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.in_force


def test_withdrawing_twice_says_so(client, citizen):
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    consent = make_request(person=person).consents.get()
    client.force_login(citizen)
    client.post(reverse("privacy:consent_withdraw", args=[consent.pk]), {"confirmed": "1"})
    response = client.post(reverse("privacy:consent_withdraw", args=[consent.pk]), {"confirmed": "1"}, follow=True)
    assert "al ingetrokken" in response.content.decode()


def test_volunteers_may_be_proposed_only_with_a_volunteer_consent_in_force():
    request = make_request()
    assert not volunteer_sharing_allowed(person_id=request.person_id, help_request_id=request.pk)
    consent = consent_give(person=request.person, purpose="volunteer", channel="phone", help_request=request)
    assert volunteer_sharing_allowed(person_id=request.person_id, help_request_id=request.pk)
    consent_withdraw(consent=consent, actor=None)
    assert not volunteer_sharing_allowed(person_id=request.person_id, help_request_id=request.pk)


def test_the_consents_page_query_count_does_not_grow(client, citizen, django_assert_max_num_queries):
    person = Person.objects.create(user=citizen, full_name="An Peeters", phone="0470 11 22 33")
    make_request(person=person)
    client.force_login(citizen)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("privacy:consents")).status_code == 200
    for _ in range(5):
        request = make_request(person=person)
        consent_give(
            person=person, purpose="referral", channel="web", recipients=[OrganizationFactory()], help_request=request
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("privacy:consents")).status_code == 200


def test_reloading_the_consent_withdrawal_confirmation_shows_it_again(client, citizen, caw):
    person = Person.objects.create(user=citizen, full_name="An Peeters")
    consent = consent_give(person=person, purpose="referral", channel="web", recipients=[caw])
    client.force_login(citizen)
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    assert url in client.get(reverse("privacy:consents")).content.decode()
    for _reload in range(2):
        response = client.get(url)
        assert response.status_code == 200 and 'name="confirmed" value="1"' in response.content.decode()
    consent.refresh_from_db()
    assert consent.in_force
