"""Asking for help at /hulp/: with an account, without one, for someone else, and from the assistant."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.roles import Role
from people.models import Person
from requests_app.follow import request_from_token
from requests_app.models import HelpRequest
from requests_app.workflow import State

pytestmark = pytest.mark.django_db

ASK = reverse("help:ask")
BASE = {
    "needs": ["administration", "loneliness"],
    "description": "Ik kan mijn brieven van de belastingen niet lezen.",
    "urgency": "2",
    "contact_way": "phone",
    "contact_time": "voormiddag",
}


def follow_mails():
    return [message for message in mail.outbox if "ontvangen" in message.subject or "received" in message.subject]


def test_the_form_asks_plain_questions(client):
    html = client.get(ASK).content.decode()
    assert "Vraag hulp" in html
    assert 'type="checkbox" name="needs" value="finances"' in html
    assert "Papieren en digitale hulp" in html  # the need categories, in Dutch
    assert 'name="consent"' in html and 'name="on_behalf_consent"' not in html


def test_a_citizen_with_an_account_asks_and_follows_it_under_my_requests(client, make_user):
    user = make_user(Role.CITIZEN, full_name="Mia Peeters", phone="0470 11 22 33")
    client.force_login(user)
    html = client.get(ASK).content.decode()
    assert 'name="full_name"' not in html  # the account says who asks
    assert 'name="consent"' in html  # but the help seeker still agrees to be contacted

    response = client.post(ASK, BASE)
    assert response.status_code == 400 and not HelpRequest.objects.exists()
    assert "Vink het vakje aan" in response.content.decode()
    response = client.post(ASK, {**BASE, "consent": "on"})
    assert response.status_code == 302 and response.url == reverse("help:done")
    request = HelpRequest.objects.get()
    assert request.person.user == user and request.person.full_name == "Mia Peeters"
    assert request.state == State.SUBMITTED and request.channel == "web"
    assert sorted(need.need for need in request.needs.all()) == ["administration", "loneliness"]
    assert request.submitted_by == user and request.on_behalf_consent == ""

    done = client.get(response.url).content.decode()
    assert request.reference in done and reverse("mine:list") in done
    assert request.reference in client.get(reverse("mine:list")).content.decode()

    client.post(ASK, {**BASE, "consent": "on"})  # a second question: the same person
    assert Person.objects.count() == 1 and HelpRequest.objects.count() == 2


def test_without_an_account_the_reference_is_shown_and_mailed_with_a_private_link(
    client, django_capture_on_commit_callbacks
):
    data = {**BASE, "full_name": "Jan Janssens", "email": "jan@example.test", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, data)
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.person.user is None and request.person.email == "jan@example.test"
    assert request.submitted_by is None and request.contact_consent_at is not None

    done = client.get(response.url).content.decode()
    assert request.reference in done
    link = re.search(r'href="(http[^"]+/hulp/volgen/[^"]+)"', done).group(1)
    assert "jan" not in link.lower() and "Janssens" not in link  # no personal data in the URL

    [message] = follow_mails()
    assert message.to == ["jan@example.test"]
    assert request.reference in message.subject and request.reference in message.body
    mailed_link = re.search(r"(https?://\S+/hulp/volgen/\S+/)", message.body).group(1)
    # Both links open this request (each is signed when made, so they may differ by their timestamp).
    token_of = lambda url: url.rstrip("/").rsplit("/", 1)[1]  # noqa: E731
    assert request_from_token(token_of(mailed_link)) == request == request_from_token(token_of(link))

    follow = client.get("/hulp/" + mailed_link.split("/hulp/")[1])
    assert follow.status_code == 200
    assert "Ontvangen" in follow.content.decode()


def test_the_follow_up_mail_is_sent_once(client, django_capture_on_commit_callbacks):
    from outbox.models import OutboxMessage
    from outbox.services import message_deliver
    from requests_app.tasks import send_follow_up_link

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ASK, {**BASE, "full_name": "Jan", "email": "jan@example.test", "consent": "on"})
    request = HelpRequest.objects.get()
    # A task of the previous release still in the queue finds the outbox row and adds nothing.
    with django_capture_on_commit_callbacks(execute=True):
        send_follow_up_link.delay(request_id=request.pk).get()
    assert len(follow_mails()) == 1
    # Recorded in the database like every other mail (a cache flush must not send it again).
    cache.clear()
    sent = OutboxMessage.objects.get(event_key=f"follow-up:{request.pk}")
    assert message_deliver(message_id=sent.pk) == ""
    assert len(follow_mails()) == 1
    assert sent.recipient == "jan@example.test" and sent.sent_at is not None and sent.person_id == request.person_id


def test_without_an_e_mail_address_no_mail_is_sent(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(ASK, {**BASE, "full_name": "Jan", "phone": "0470 12 34 56", "consent": "on"})
    assert HelpRequest.objects.get().person.phone == "0470 12 34 56"
    assert callbacks == [] and follow_mails() == []


def test_bad_input_gets_messages_next_to_the_fields_and_keeps_what_was_typed(client):
    data = {"description": "Ik zoek hulp bij mijn huur.", "full_name": "Jan Janssens", "phone": "", "email": "jan@"}
    response = client.post(ASK, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is een probleem" in html  # the error summary
    assert "Kies minstens één onderwerp" in html
    assert "Vul een geldig e-mailadres in" in html
    assert "Vink het vakje aan" in html
    assert 'href="#id_needs_0"' in html or 'href="#id_needs"' in html
    assert "Ik zoek hulp bij mijn huur." in html and 'value="Jan Janssens"' in html and 'value="jan@"' in html
    assert HelpRequest.objects.count() == 0 and Person.objects.count() == 0


def test_a_phone_number_or_an_e_mail_address_is_needed(client):
    response = client.post(ASK, {**BASE, "full_name": "Jan", "consent": "on"})
    assert response.status_code == 400
    assert "Vul een telefoonnummer of een e-mailadres in" in response.content.decode()
    response = client.post(ASK, {**BASE, "full_name": "Jan", "phone": "bel me", "consent": "on"})
    assert "Vul een telefoonnummer in, bijvoorbeeld 0470 12 34 56" in response.content.decode()
    response = client.post(
        ASK, {**BASE, "full_name": "Jan", "phone": "016 12 34 56", "contact_way": "email", "consent": "on"}
    )
    assert "Vul een e-mailadres in, of kies een andere manier" in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_errors_are_in_the_users_language(client):
    client.get(reverse("switch_language", args=["en"]))
    html = client.post(ASK, {"full_name": ""}).content.decode()
    assert "There is a problem" in html and "Choose at least one topic" in html and "Fill in your name." in html


def test_an_intermediary_asks_for_someone_else_and_records_the_consent(client, make_user):
    intermediary = make_user(Role.INTERMEDIARY)
    client.force_login(intermediary)
    html = client.get(ASK).content.decode()
    assert "Naam van de hulpvrager" in html and "Hoe gaf de hulpvrager toestemming?" in html

    data = {**BASE, "full_name": "Rosa Vermeulen", "phone": "016 12 34 56"}
    response = client.post(ASK, data)
    assert response.status_code == 400
    assert "Schrijf op hoe de hulpvrager" in response.content.decode()

    response = client.post(ASK, {**data, "on_behalf_consent": "Telefonisch op 3 maart"})
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.person.full_name == "Rosa Vermeulen" and request.person.user is None
    assert request.submitted_by == intermediary and request.on_behalf_consent == "Telefonisch op 3 maart"
    assert request.reference in client.get(reverse("mine:list")).content.decode()


@pytest.fixture
def help_catalogue(published_catalogue):
    return "bewonerskaart"


def test_from_the_assistant_the_product_is_filled_in(client, help_catalogue):
    html = client.get(ASK + "?product=bewonerskaart").content.decode()
    assert "Bewonerskaart" in html and 'value="bewonerskaart"' in html
    data = {**BASE, "full_name": "Jan", "phone": "0470 12 34 56", "consent": "on", "product": "bewonerskaart"}
    client.post(ASK, data)
    request = HelpRequest.objects.get()
    assert request.product_key == "bewonerskaart" and request.channel == "assistant"


def test_an_unknown_product_is_ignored(client, help_catalogue):
    html = client.get(ASK + "?product=<script>").content.decode()
    assert "<script>" not in html and "U wilt hulp bij" not in html
    client.post(ASK, {**BASE, "full_name": "Jan", "phone": "0470 12 34 56", "consent": "on", "product": "nope"})
    assert HelpRequest.objects.get().product_key == ""


def test_the_confirmation_page_needs_a_question_just_asked(client):
    assert client.get(reverse("help:done")).url == ASK


def test_the_form_answers_get_and_post_only(client):
    assert client.put(ASK).status_code == 405


def test_the_intermediary_form_talks_about_the_help_seeker_not_to_the_intermediary(client, make_user):
    """It said both "neemt … contact met u op" and "We nemen contact op met die persoon, niet met u"."""
    client.force_login(make_user(Role.INTERMEDIARY))
    html = client.get(ASK).content.decode()
    assert "neemt binnen twee werkdagen contact op met die persoon" in html
    assert "contact met u op" not in html
    assert "Wanneer kunnen we u het best bereiken" not in html
    assert "Wanneer kunnen we de hulpvrager het best bereiken" in html


def test_from_the_assistant_the_matching_topics_are_ticked(client, help_catalogue, monkeypatch):
    """ "Vraag hulp bij …" left the topics unticked: the person already said what it is about."""
    from requests_app import help_topics

    monkeypatch.setitem(help_topics.PRODUCT_NEEDS, "bewonerskaart", ["mobility"])
    html = client.get(ASK + "?product=bewonerskaart").content.decode()
    assert re.search(r'value="mobility"[^>]*checked', html)
    assert not re.search(r'value="finances"[^>]*checked', html)


def test_every_leuven_product_with_a_help_route_ticks_topics():
    from pathlib import Path

    import yaml

    from requests_app.help_topics import PRODUCT_NEEDS
    from requests_app.models import Need

    catalogue = Path(__file__).resolve().parents[2] / "assistant" / "catalogues" / "leuven.yaml"
    routed = {
        p["key"] for p in yaml.safe_load(catalogue.read_text(encoding="utf-8"))["products"] if p.get("help_route")
    }
    assert routed == set(PRODUCT_NEEDS)
    assert all(need in Need.values for needs in PRODUCT_NEEDS.values() for need in needs)
