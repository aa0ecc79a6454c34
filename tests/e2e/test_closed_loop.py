"""Closing the loop in Chromium: a citizen asks, the caseworker accepts, records the first meeting and ends
with "helped"; the citizen answers the follow-up question through the link in the mail; the KPI page
counts it. And the other path: the citizen answers "no" and the request is back in triage with the badge."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organization, User
from outbox.models import OutboxMessage
from people.models import Person
from requests_app import services
from requests_app.models import FollowUpQuestion, HelpRequest, Referral
from requests_app.workflow import State
from tests.e2e.signin import sign_in
from tests.factories import make_request

pytestmark = [pytest.mark.e2e]


def citizen_asks(page, live_server, assert_accessible, email: str) -> HelpRequest:
    page.goto(f"{live_server.url}/hulp/")
    page.get_by_label("Papieren en digitale hulp").check()
    page.get_by_label("Waarbij hebt u hulp nodig?").fill("Ik begrijp de brief van de belastingen niet.")
    page.get_by_label("Zo snel mogelijk").check()
    page.get_by_label("Uw naam").fill("Hilde Wuyts")
    page.get_by_label("Telefoonnummer").fill("0470 98 76 54")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Ik ga akkoord dat Leuven Helpt mij over mijn vraag contacteert").check()
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.locator("h1")).to_be_visible()
    return HelpRequest.objects.get(person__email=email)


def caseworker_supports_and_ends(page, live_server, assert_accessible, request: HelpRequest, shots=None) -> None:
    coordinator = User.objects.get(email="coordinator@leuvenhelpt.test")
    caw = Organization.objects.get(slug="caw-oost-brabant")
    services.request_take_up(request=request, actor=coordinator)
    services.request_refer(request=request, organizations=[caw], actor=coordinator, consent_channel="phone")
    referral = Referral.objects.get(request=request, organization=caw)
    sign_in(page, live_server, "hulpverlener@leuvenhelpt.test")
    page.goto(f"{live_server.url}/partners/{referral.pk}/")
    page.locator("input[name=accept-contact_person]").fill("Fatima Benali")
    page.locator("button[value=accept]").click()
    expect(page.locator("#meeting-title")).to_be_visible()
    # "Helped" before the first meeting: refused, in plain words.
    page.locator("input[name=end-outcome_kind][value=helped]").check()
    page.locator("form[action$='/afsluiten/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("Noteer eerst het eerste gesprek")
    assert_accessible(page)
    page.locator("form[action$='/eerste-gesprek/'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".track-status")).to_contain_text("Op weg")
    page.locator("textarea[name=progress-note]").fill("Brief samen gelezen; bezwaar ingediend.")
    page.locator("form[action$='/voortgang/'] button[type=submit]").click()
    expect(page.locator("#progress-notes")).to_contain_text("bezwaar ingediend")
    page.locator("input[name=end-outcome_kind][value=helped]").check()
    if shots:
        page.screenshot(path=f"{shots}/caseworker_outcome_form.png", full_page=True)
    assert_accessible(page)
    page.locator("form[action$='/afsluiten/'] button[type=submit]").click()
    expect(page.locator("#track-outcome")).to_contain_text("Geholpen")
    assert HelpRequest.objects.get(pk=request.pk).state == State.CLOSED


def the_link_in_the_mail(request: HelpRequest, answer: str, live_server) -> str:
    services.follow_ups_ask()  # the daily beat job (asks each question once)
    message = OutboxMessage.objects.get(event_key__startswith="follow_up_question:", recipient=request.person.email)
    url = re.search(rf"(http\S+\?antwoord={answer})", message.body).group(1)
    return live_server.url + url.split("/hulp/", 1)[1].join(["/hulp/", ""])


def test_helped_is_answered_yes_and_counted(page, live_server, demo, assert_accessible, tmp_path):
    shots = tmp_path
    request = citizen_asks(page, live_server, assert_accessible, "hilde.wuyts@example.org")
    caseworker_supports_and_ends(page, live_server, assert_accessible, request, shots=shots)
    # Four other help seekers already said yes today: with this answer the share is shown (five or more).
    coordinator = User.objects.get(email="coordinator@leuvenhelpt.test")
    for _n in range(4):
        other = make_request()
        FollowUpQuestion.objects.create(request=other, moment="after_end")
        services.follow_up_answer(question=other.follow_up_questions.get(), answer="yes")
    page.context.clear_cookies()
    page.goto(the_link_in_the_mail(request, "yes", live_server))
    expect(page.locator("input[name=answer][value=yes]")).to_be_checked()
    page.locator("textarea[name=comment]").fill("Heel vriendelijk geholpen.")
    page.screenshot(path=f"{shots}/follow_up_answer.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.locator("h1")).to_contain_text("Bedankt voor uw antwoord")
    assert_accessible(page)
    # The same link a second time: refused, nothing changes.
    page.goto(the_link_in_the_mail(request, "no", live_server))
    expect(page.locator("#closed-reason")).to_contain_text("al beantwoord")
    assert request.follow_up_questions.get(moment="after_end").answer == "yes"

    sign_in(page, live_server, "manager@leuvenhelpt.test")
    today = timezone.localdate().isoformat()
    page.goto(f"{live_server.url}/inzichten/?period=custom&start={today}&end={today}")
    section = page.locator("#kpi-said_helped")
    expect(section).to_contain_text("Hulpvragers die zeggen dat ze geholpen zijn")
    # Six answers today: these five yeses and the demo's Linda Claes, who answered "partly".
    expect(section.locator("tr", has_text="Beantwoord").first).to_contain_text("6")
    expect(section.locator("tr", has_text="Ja").first).to_contain_text("83,3 %")
    expect(page.locator("#seed-contact_points")).to_contain_text("1 multikanaal contactpunt")
    assert_accessible(page)
    del coordinator


def test_no_puts_the_request_back_in_triage_with_the_badge(page, live_server, demo, assert_accessible, tmp_path):
    request = citizen_asks(page, live_server, assert_accessible, "jan.wuyts@example.org")
    caseworker_supports_and_ends(page, live_server, assert_accessible, request)
    page.context.clear_cookies()
    page.goto(the_link_in_the_mail(request, "no", live_server))
    page.locator("textarea[name=comment]").fill("Ik heb nog altijd geen antwoord op mijn bezwaar.")
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.locator("#back-to-coordinator")).to_be_visible()

    sign_in(page, live_server, "coordinator@leuvenhelpt.test")
    page.goto(f"{live_server.url}/coordinatie/")
    attention = page.locator("#attention")
    expect(attention).to_contain_text(request.reference)
    expect(attention.locator(".badge-attention").first).to_contain_text("Niet (volledig) geholpen")
    assert_accessible(page)
    attention.locator(f"a[href^='/coordinatie/{request.reference}/']").click()
    expect(page.locator("#follow-up")).to_contain_text("Ik heb nog altijd geen antwoord op mijn bezwaar.")
    assert_accessible(page)
    assert Person.objects.filter(email="jan.wuyts@example.org").count() == 1
