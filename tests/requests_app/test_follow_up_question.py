"""Asking the help seeker "Heeft u de hulp gekregen die u nodig had?" after support started and after it ended.

Signed single-use links without sign-in; "no" or "partly" puts the request before a coordinator with a
badge; an unanswered question shows after 14 days; the daily job asks each (request, moment) once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from outbox.models import OutboxMessage
from privacy.models import Consent
from privacy.services import consent_withdraw
from requests_app import services
from requests_app.models import FollowUpQuestion, HelpRequest, SupportTrack
from requests_app.selectors import unanswered_follow_ups
from requests_app.workflow import Outcome, State
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def supported(coordinator, caw, *, days_ago: int = 15, email: str = "an.peeters@example.org") -> HelpRequest:
    request = make_request(person=PersonFactory(email=email))
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    HelpRequest.objects.filter(pk=request.pk).update(support_started_at=timezone.now() - timedelta(days=days_ago))
    return HelpRequest.objects.get(pk=request.pk)


def links_in(message) -> dict[str, str]:
    return {answer: url for url, answer in re.findall(r"(http\S+\?antwoord=(\w+))", message.body)}


def test_asked_14_days_after_the_start_once_with_one_click_links(coordinator, caw, django_capture_on_commit_callbacks):
    request = supported(coordinator, caw)
    too_early = supported(coordinator, caw, days_ago=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.follow_ups_ask() == 1
    assert services.follow_ups_ask() == 0, "the job is idempotent"
    question = FollowUpQuestion.objects.get(request=request)
    assert (question.moment, question.channel) == ("after_start", "email") and question.sent_at is not None
    assert not FollowUpQuestion.objects.filter(request=too_early).exists()
    (message,) = mail.outbox
    assert message.to == ["an.peeters@example.org"]
    assert "Heeft u de hulp gekregen die u nodig had?" in message.subject
    assert set(links_in(message)) == {"yes", "partly", "no"}


def test_asked_again_after_the_end(coordinator, caw):
    request = supported(coordinator, caw)
    services.follow_ups_ask()
    track = SupportTrack.objects.get(request=request)
    services.support_end(track=track, actor=coordinator, outcome_kind=Outcome.UNREACHABLE)
    assert services.follow_ups_ask() == 1
    assert set(request.follow_up_questions.values_list("moment", flat=True)) == {"after_start", "after_end"}


def test_no_puts_the_request_back_with_a_badge(client, coordinator, caw, django_capture_on_commit_callbacks):
    request = supported(coordinator, caw)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_ups_ask()
    link = links_in(mail.outbox[0])["no"].split("127.0.0.1:8000", 1)[-1].replace("https://helpt.leuven.be", "")
    page = client.get(link)
    assert page.status_code == 200
    assert 'value="no"' in page.content.decode() and "checked" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"answer": "no", "comment": "Niemand belde terug"})
    assert response.status_code == 200
    assert "kijkt opnieuw naar uw vraag" in response.content.decode()
    request.refresh_from_db()
    assert request.attention_since is not None
    assert coordinator.email in [address for message in mail.outbox for address in message.to]
    client.force_login(coordinator)
    queue = client.get(reverse("coordination:queue")).content.decode()
    assert request.reference in queue and "Niet (volledig) geholpen" in queue
    page = client.get(reverse("coordination:request", kwargs={"reference": request.reference})).content.decode()
    assert "Niemand belde terug" in page
    # Used twice: refused, nothing changes.
    client.logout()
    again = client.post(link, {"answer": "yes"})
    assert again.status_code == 410 and "U hebt deze vraag al beantwoord" in again.content.decode()
    assert FollowUpQuestion.objects.get(request=request).answer == "no"


def test_yes_needs_no_coordinator(coordinator, caw):
    request = supported(coordinator, caw)
    services.follow_ups_ask()
    question = FollowUpQuestion.objects.get(request=request)
    services.follow_up_answer(question=question, answer="yes")
    request.refresh_from_db()
    assert request.attention_since is None


def test_the_coordinator_clears_the_badge_or_opens_a_new_request(client, coordinator, caw):
    request = supported(coordinator, caw)
    services.follow_ups_ask()
    services.follow_up_answer(question=request.follow_up_questions.get(), answer="partly")
    client.force_login(coordinator)
    url = reverse("coordination:follow_on", kwargs={"reference": request.reference})
    client.post(url)
    new = HelpRequest.objects.get(follows_up=request)
    assert new.state == State.TRIAGE and new.assigned_to == coordinator
    request.refresh_from_db()
    assert request.attention_since is None


def test_a_link_after_erasure_or_withdrawn_consent_is_refused(client, coordinator, caw):
    erased, withdrawn = supported(coordinator, caw), supported(coordinator, caw)
    services.follow_ups_ask()
    from requests_app.notifications import follow_up_question_token

    tokens = {r.pk: follow_up_question_token(r.follow_up_questions.get()) for r in (erased, withdrawn)}
    HelpRequest.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    for consent in Consent.objects.filter(help_request=withdrawn, purpose=Consent.Purpose.CONTACT):
        consent_withdraw(consent=consent, actor=None)
    for request, text in ((erased, "gewist"), (withdrawn, "toestemming")):
        url = reverse("help:follow_up_answer", kwargs={"token": tokens[request.pk]})
        for response in (client.get(url), client.post(url, {"answer": "no"})):
            assert response.status_code == 410
            assert text in response.content.decode()
        assert request.follow_up_questions.get().answered_at is None
        assert HelpRequest.objects.get(pk=request.pk).attention_since is None


def test_a_tampered_link_is_a_404(client):
    response = client.get(reverse("help:follow_up_answer", kwargs={"token": "abc:def"}))
    assert response.status_code == 404


def test_an_empty_answer_is_refused_and_keeps_the_comment(client, coordinator, caw):
    request = supported(coordinator, caw)
    services.follow_ups_ask()
    from requests_app.notifications import follow_up_question_token

    url = reverse(
        "help:follow_up_answer", kwargs={"token": follow_up_question_token(request.follow_up_questions.get())}
    )
    response = client.post(url, {"comment": "Eerst wel, daarna niet"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies ja, gedeeltelijk of nee." in html and "Eerst wel, daarna niet" in html


def test_without_an_e_mail_address_or_a_mobile_number_the_question_is_recorded_but_not_sent(coordinator, caw):
    request = make_request(person=PersonFactory(email="", phone="016 44 55 66"))  # a landline: no SMS either
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    HelpRequest.objects.filter(pk=request.pk).update(support_started_at=timezone.now() - timedelta(days=20))
    mail.outbox.clear()
    services.follow_ups_ask()
    question = request.follow_up_questions.get()
    assert (question.channel, question.sent_at) == ("", None)
    assert mail.outbox == []


def test_no_answer_within_14_days_is_visible(client, coordinator, caw):
    request = supported(coordinator, caw)
    services.follow_ups_ask()
    FollowUpQuestion.objects.filter(request=request).update(sent_at=timezone.now() - timedelta(days=15))
    assert [q.request_id for q in unanswered_follow_ups()] == [request.pk]
    client.force_login(coordinator)
    queue = client.get(reverse("coordination:queue")).content.decode()
    assert "Geen antwoord op de opvolgvraag binnen 14 dagen" in queue and request.reference in queue


def test_the_kcc_sees_the_answer_in_the_callers_history(coordinator, caw):
    from helpdesk.selectors import person_history

    request = supported(coordinator, caw)
    services.follow_ups_ask()
    services.follow_up_answer(question=request.follow_up_questions.get(), answer="partly", comment="Half")
    items = [item for item in person_history(request.person) if item.kind == "answer"]
    assert [(item.question.answer, item.question.comment) for item in items] == [("partly", "Half")]


def test_the_caseworker_never_reads_the_follow_up_question_page_for_others(client):
    caseworker = MembershipFactory(
        user=UserFactory(roles=[Role.CASEWORKER]), organization=OrganizationFactory(), role=Role.CASEWORKER
    ).user
    client.force_login(caseworker)
    assert client.get(reverse("help:follow_up_answer", kwargs={"token": "x"})).status_code == 404


def test_without_consent_to_be_contacted_the_question_is_recorded_not_sent_and_not_weighed_again(coordinator, caw):
    request = supported(coordinator, caw)
    for consent in Consent.objects.filter(help_request=request, purpose=Consent.Purpose.CONTACT):
        consent_withdraw(consent=consent, actor=None)
    mail.outbox.clear()
    assert services.follow_ups_ask() == 1
    question = request.follow_up_questions.get()
    assert (question.channel, question.sent_at) == ("", None)
    assert not OutboxMessage.objects.filter(event_key=f"follow_up_question:{question.pk}").exists()
    assert services.follow_ups_ask() == 0


# -- in the help seeker's channel: e-mail, a text message with a short signed link, or a letter ------------------
def supported_person(coordinator, caw, person) -> HelpRequest:
    request = make_request(person=person)
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[caw], actor=coordinator
    )
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    HelpRequest.objects.filter(pk=request.pk).update(support_started_at=timezone.now() - timedelta(days=15))
    return HelpRequest.objects.get(pk=request.pk)


def test_someone_who_chose_sms_is_asked_by_one_text_with_a_short_signed_link(
    client, coordinator, caw, django_capture_on_commit_callbacks
):
    from messaging import sms
    from people import services as people_services

    person = people_services.person_create(full_name="Jef Claes", phone="0470 99 88 77", notify_channel="sms")
    request = supported_person(coordinator, caw, person)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.follow_ups_ask() == 1
    question = FollowUpQuestion.objects.get(request=request)
    assert question.channel == "sms" and question.sent_at is not None
    message = OutboxMessage.objects.get(event_key=f"follow_up_question:{question.pk}")
    assert (message.channel, message.status, message.last_error) == ("sms", "sent", "")
    [text] = sms.outbox
    assert text.to == "+32470998877" and len(text.text) <= 160
    assert request.reference in text.text and "Jef" not in text.text
    link = re.search(r"http\S+", text.text).group(0)
    page = client.get(urlparse_path(link))
    assert page.status_code == 200  # the link opens the answer page without signing in
    response = client.post(urlparse_path(link), {"answer": "yes"})
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.answer == "yes"
    sms.outbox.clear()


def urlparse_path(link: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(link).path


def test_someone_who_chose_letters_is_asked_by_a_letter_in_the_print_queue(coordinator, caw):
    from people import services as people_services

    person = people_services.person_create(
        full_name="Maria Janssens",
        phone="016 44 55 66",
        notify_channel="letter",
        street="Diestsesteenweg",
        house_number="112",
        postcode="3010",
        municipality="Kessel-Lo",
    )
    request = supported_person(coordinator, caw, person)
    assert services.follow_ups_ask() == 1
    question = FollowUpQuestion.objects.get(request=request)
    assert question.channel == "letter"
    letter = OutboxMessage.objects.get(channel="letter", event_key=f"follow_up_question:{question.pk}")
    assert "Heeft u de hulp gekregen die u nodig had?" in letter.body
    assert "/hulp/opvolgvraag/" in letter.body and "016 27 27 72" in letter.body


def test_without_any_way_to_write_the_question_is_recorded_as_not_asked_and_shown(client, coordinator, caw):
    from people import services as people_services

    person = people_services.person_create(full_name="Wout Peeters", phone="016 44 55 66")  # a landline only
    request = supported_person(coordinator, caw, person)
    assert services.follow_ups_ask() == 1
    question = FollowUpQuestion.objects.get(request=request)
    assert (question.channel, question.sent_at) == ("", None)
    assert not OutboxMessage.objects.filter(event_key=f"follow_up_question:{question.pk}").exists()
    client.force_login(coordinator)
    page = client.get(reverse("coordination:request", args=[request.reference])).content.decode()
    assert "kon niet gevraagd worden" in page
