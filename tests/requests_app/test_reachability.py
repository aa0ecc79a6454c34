"""People without e-mail: phone numbers checked and normalised with phonenumbers, dates of birth in range, the
postal address asked for a letter or a visit (and shown to a partner only after accepting), the preferred
channel."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.contact_details import phone_digits, phone_is_mobile, phone_normalise, validate_date_of_birth
from people import services as people_services
from people.models import NotifyChannel, Person
from requests_app import services
from requests_app.models import HelpRequest

pytestmark = pytest.mark.django_db

ASK = reverse("help:ask")
BASE = {
    "needs": ["mobility"],
    "description": "Ik heb een lift nodig naar het ziekenhuis.",
    "urgency": "2",
    "contact_way": "phone",
    "full_name": "Georgette Wouters",
    "consent": "on",
}
ADDRESS = {
    "street": "Diestsesteenweg",
    "house_number": "112",
    "box": "3",
    "postcode": "3010",
    "municipality": "Kessel-Lo",
}


@pytest.mark.parametrize(
    ("typed", "stored", "mobile"),
    [
        ("0470 12 34 56", "0470 12 34 56", True),
        ("+32 470 12 34 56", "0470 12 34 56", True),
        ("0032470123456", "0470 12 34 56", True),
        ("0470/12.34.56", "0470 12 34 56", True),
        ("016 27 27 72", "016 27 27 72", False),
        ("+3216272772", "016 27 27 72", False),
        ("+31 6 12345678", "+31 6 12345678", True),
    ],
)
def test_phone_numbers_are_stored_in_one_form_whatever_way_they_are_typed(typed, stored, mobile):
    assert phone_normalise(typed) == stored
    assert phone_is_mobile(typed) is mobile
    assert phone_digits(typed) == "".join(ch for ch in stored if ch.isdigit())


@pytest.mark.parametrize("typed", ["12345", "0470 12 34 5", "bel me", "+32 999"])
def test_something_that_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(ValueError):
        phone_normalise(typed)
    assert not phone_is_mobile(typed)


def test_dates_of_birth_in_the_future_or_before_1900_are_refused():
    validate_date_of_birth(date(1950, 1, 31))
    for wrong in (timezone.localdate() + timedelta(days=1), date(1899, 12, 31)):
        with pytest.raises(ValidationError):
            validate_date_of_birth(wrong)
    with pytest.raises(ValidationError):
        people_services.person_create(full_name="Toekomst", phone="0470 12 34 56", date_of_birth=date(2999, 1, 1))


def test_the_form_stores_the_phone_normalised_and_the_sms_choice(client):
    response = client.post(ASK, {**BASE, "phone": "+32 470-12-34-56", "notify_channel": "sms"})
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.phone == "0470 12 34 56" and person.notify_channel == NotifyChannel.SMS


def test_an_sms_to_a_landline_is_refused_with_a_clear_message_keeping_what_was_typed(client):
    response = client.post(ASK, {**BASE, "phone": "016 27 27 72", "notify_channel": "sms"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voor een sms hebben we een gsm-nummer nodig" in html and 'value="016 27 27 72"' in html
    assert not HelpRequest.objects.exists()


def test_a_letter_without_a_complete_address_is_refused_field_by_field(client):
    response = client.post(
        ASK, {**BASE, "phone": "016 27 27 72", "notify_channel": "letter", "street": "Diestsesteenweg"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul uw huisnummer in" in html and "Vul uw postcode in" in html and "Vul uw gemeente in" in html
    assert "Vul uw straat in" not in html and 'value="Diestsesteenweg"' in html


def test_a_home_visit_asks_the_address_and_stores_it_structured(client):
    response = client.post(ASK, {**BASE, "phone": "016 27 27 72", "contact_way": "visit"})
    assert response.status_code == 400 and "Vul uw straat in" in response.content.decode()
    response = client.post(ASK, {**BASE, "phone": "016 27 27 72", "contact_way": "visit", **ADDRESS})
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.address_lines == ["Diestsesteenweg 112 bus 3", "3010 Kessel-Lo"] and person.has_postal_address
    assert person.notify_channel == NotifyChannel.NONE  # no e-mail given, nothing chosen


def test_the_partner_sees_the_street_only_after_accepting(client, make_user):
    from accounts.roles import Role
    from accounts.services import membership_add
    from tests.factories import OrganizationFactory, make_request

    person = people_services.person_create(full_name="Georgette Wouters", phone="016 44 55 66", **ADDRESS)
    request = make_request(person=person)
    coordinator = make_user(Role.COORDINATOR)
    caw = OrganizationFactory(name="CAW Oost-Brabant")
    services.request_take_up(request=request, actor=coordinator)
    [referral] = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    caseworker = make_user(Role.CASEWORKER)
    membership_add(user=caseworker, organization=caw)
    client.force_login(caseworker)
    url = reverse("partners:referral", kwargs={"referral_id": referral.pk})
    html = client.get(url).content.decode()
    assert "3010 Kessel-Lo" in html and "Diestsesteenweg" not in html
    services.referral_accept(referral=referral, actor=caseworker, contact_person="Fatima")
    html = client.get(url).content.decode()
    assert "Diestsesteenweg 112 bus 3, 3010 Kessel-Lo" in html


def test_the_kcc_registers_a_caller_without_e_mail_who_wants_sms_and_refuses_a_landline_for_it(client, make_user):
    from accounts.roles import Role
    from helpdesk import services as kcc

    agent = make_user(Role.KCC_AGENT)
    client.force_login(agent)
    contact = kcc.contact_start(agent=agent, channel="phone")
    url = reverse("helpdesk:caller_register", kwargs={"pk": contact.pk})
    data = {"register-full_name": "Jef Claes", "register-phone": "016 27 27 72", "register-notify_channel": "sms"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Voor een sms is een gsm-nummer nodig" in response.content.decode()
    data["register-phone"] = "+32 470 99 88 77"
    data["register-date_of_birth"] = "31/01/2999"
    response = client.post(url, data)
    assert (
        response.status_code == 400 and "Een geboortedatum kan niet in de toekomst liggen" in response.content.decode()
    )
    data["register-date_of_birth"] = "31/01/1950"
    response = client.post(url, data)
    assert response.status_code == 302
    person = Person.objects.get(full_name="Jef Claes")
    assert person.phone == "0470 99 88 77" and person.notify_channel == NotifyChannel.SMS
    data = {"register-full_name": "Mia Brief", "register-phone": "016 27 27 72", "register-notify_channel": "letter"}
    contact = kcc.contact_start(agent=agent, channel="phone")
    response = client.post(reverse("helpdesk:caller_register", kwargs={"pk": contact.pk}), data)
    assert response.status_code == 400
    assert response.content.decode().count("Voor een brief is het volledige adres nodig") >= 4


def test_the_kcc_search_finds_a_number_typed_in_another_form(client, make_user):
    from helpdesk.selectors import people_search

    people_services.person_create(full_name="Jef Claes", phone="+32470998877")
    assert [person.full_name for person in people_search("0032 470 99 88 77")] == ["Jef Claes"]
    assert [person.full_name for person in people_search("0470/99.88.77")] == ["Jef Claes"]


def test_a_help_seeker_changes_how_they_hear_from_us_on_their_own_page(client, make_user):
    from accounts.roles import Role

    user = make_user(Role.CITIZEN, full_name="An Peeters", phone="016 27 27 72")
    client.force_login(user)
    url = reverse("mine:reachability")
    assert client.get(url).status_code == 200
    response = client.post(url, {"notify_channel": "sms", "phone": "016 27 27 72"})
    assert response.status_code == 400 and "Voor een sms hebben we een gsm-nummer nodig" in response.content.decode()
    response = client.post(url, {"notify_channel": "letter", "phone": "016 27 27 72", "street": "Naamsestraat"})
    assert response.status_code == 400 and "Vul uw huisnummer in" in response.content.decode()
    response = client.post(url, {"notify_channel": "sms", "phone": "0032 470 11 22 33"})
    assert response.status_code == 302
    person = Person.objects.get(user=user)
    assert person.notify_channel == NotifyChannel.SMS and person.phone == "0470 11 22 33"
    response = client.post(url, {"notify_channel": "letter", "phone": "0470 11 22 33", **ADDRESS})
    person.refresh_from_db()
    assert (
        person.notify_channel == NotifyChannel.LETTER and person.address == "Diestsesteenweg 112 bus 3, 3010 Kessel-Lo"
    )


def test_a_coordinator_records_a_new_channel_and_address_and_a_bad_one_is_refused(client, make_user):
    from accounts.roles import Role
    from tests.factories import make_request

    person = people_services.person_create(full_name="Jef Claes", phone="016 27 27 72")
    request = make_request(person=person)
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("coordination:reachability", kwargs={"reference": request.reference})
    response = client.post(url, {"reach-notify_channel": "sms", "reach-phone": "016 27 27 72"})
    assert response.status_code == 400 and "Voor een sms hebben we een gsm-nummer nodig" in response.content.decode()
    response = client.post(
        url,
        {
            "reach-notify_channel": "letter",
            "reach-phone": "016 27 27 72",
            **{f"reach-{k}": v for k, v in ADDRESS.items()},
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notify_channel == NotifyChannel.LETTER and person.has_postal_address
    page = client.get(reverse("coordination:request", kwargs={"reference": request.reference})).content.decode()
    assert "Per brief" in page and "Diestsesteenweg 112 bus 3, 3010 Kessel-Lo" in page
    # E-mail without an address: the service refuses it, nothing changes.
    client.post(url, {"reach-notify_channel": "email", "reach-phone": "016 27 27 72"})
    person.refresh_from_db()
    assert person.notify_channel == NotifyChannel.LETTER
