"""The emergency path: an urgent request shows the emergency numbers, gets its own confirmation and promise,
goes to the top of the queue and alerts the coordinators at once; the first-contact promise of every request."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from requests_app import services
from requests_app.models import HelpRequest, Urgency
from tests.factories import make_request

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
ASK = reverse("help:ask")
URGENT = {
    "needs": ["safety"],
    "description": "Mijn partner slaat mij. Ik durf niet naar huis.",
    "urgency": "4",
    "contact_way": "phone",
    "full_name": "Sara Peeters",
    "phone": "0470 12 34 56",
    "consent": "on",
}
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=BRUSSELS)
SATURDAY_NIGHT = datetime(2026, 12, 5, 22, 0, tzinfo=BRUSSELS)


def test_the_form_shows_the_emergency_numbers_beside_the_urgency_choice_without_javascript(client):
    html = client.get(ASK).content.decode()
    inline = html.index('id="emergency-inline"')
    assert html.index('name="urgency"') < inline < html.index('name="contact_way"')
    assert 'href="tel:112"' in html and 'href="tel:1813"' in html and 'href="tel:080013500"' in html
    # The block at the top waits (hidden) until someone chooses "today: it is a crisis".
    assert '<div id="emergency-top" hidden>' in html
    assert 'data-emergency-value="4"' in html


def test_an_urgent_answer_with_a_mistake_shows_the_numbers_at_the_top_and_keeps_what_was_typed(client):
    response = client.post(ASK, {**URGENT, "consent": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<div id="emergency-top">' in html
    assert html.index('id="emergency-top"') < html.index("<h1")
    assert "Mijn partner slaat mij" in html


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_an_urgent_request_in_office_hours_is_called_today_and_alerts_the_coordinators(
    client, make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user(Role.COORDINATOR, email="els@leuven.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, URGENT)
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.is_urgent
    assert request.first_contact_due_at == datetime(2026, 12, 7, 17, 0, tzinfo=BRUSSELS)

    html = client.get(response.url).content.decode()
    assert html.index('id="emergency"') < html.index(request.reference)
    assert "We bellen u vandaag nog voor 17:00" in html
    assert "Heeft niemand u gebeld" in html and 'id="outside-office-hours"' not in html

    [alert] = [message for message in mail.outbox if coordinator.email in message.to]
    assert "DRINGEND" in alert.subject and request.reference in alert.subject
    assert "17:00" in alert.body and "slaat" not in alert.body  # no case content in the mail


@time_machine.travel(SATURDAY_NIGHT, tick=False)
def test_an_urgent_request_outside_office_hours_says_who_to_call_instead(client):
    response = client.post(ASK, URGENT)
    request = HelpRequest.objects.get()
    assert request.first_contact_due_at == datetime(2026, 12, 7, 12, 0, tzinfo=BRUSSELS)
    html = client.get(response.url).content.decode()
    assert "We bellen u op maandag 7 december voor 12:00" in html
    outside = html[html.index('id="outside-office-hours"') :]
    assert "1813" in outside and "112" in outside
    assert "016 27 27 72" not in outside[: outside.index("</div>")]  # the city's own line is closed now


@time_machine.travel(datetime(2026, 11, 10, 10, 0, tzinfo=BRUSSELS), tick=False)
def test_a_normal_request_is_promised_two_working_days_skipping_a_holiday(client):
    response = client.post(ASK, {**URGENT, "urgency": "2"})
    request = HelpRequest.objects.get()
    # Tuesday 10 November + 2 working days; Wednesday 11 November is a public holiday.
    assert request.first_contact_due_at == datetime(2026, 11, 13, 17, 0, tzinfo=BRUSSELS)
    html = client.get(response.url).content.decode()
    assert "vrijdag 13 november, 17:00" in html and 'id="emergency"' not in html


def test_urgent_requests_head_the_queue_with_a_banner_and_the_queue_sorts_by_the_promise(client, make_user):
    normal = make_request(urgency=Urgency.NORMAL)
    urgent = make_request(urgency=Urgency.CRISIS)
    client.force_login(make_user(Role.COORDINATOR))
    html = client.get(reverse("coordination:queue")).content.decode()
    banner = html[html.index('id="urgent-banner"') : html.index("</section>")]
    assert urgent.reference in banner and normal.reference not in banner
    table = html[html.index("<table") :]
    assert table.index(urgent.reference) < table.index(normal.reference)
    by_due = client.get(reverse("coordination:queue"), {"order": "due"}).content.decode()
    table = by_due[by_due.index("<table") :]
    assert table.index(urgent.reference) < table.index(normal.reference)
    # Contacted: no longer in the banner.
    services.request_record_contact(request=urgent, actor=make_user(Role.COORDINATOR))
    html = client.get(reverse("coordination:queue")).content.decode()
    assert 'id="urgent-banner"' not in html


def test_the_kcc_console_shows_the_urgent_banner_without_links_to_coordination(client, make_user):
    urgent = make_request(urgency=Urgency.CRISIS)
    client.force_login(make_user(Role.KCC_AGENT))
    html = client.get(reverse("helpdesk:console")).content.decode()
    assert 'id="urgent-banner"' in html and urgent.reference in html
    assert reverse("coordination:request", kwargs={"reference": urgent.reference}) not in html


def test_the_watch_warns_before_the_promise_and_escalates_once_when_missed(
    make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user(Role.COORDINATOR, email="els@leuven.test")
    with time_machine.travel(MONDAY_MORNING, tick=False):
        request = make_request(urgency=Urgency.NORMAL)  # due Wednesday 17:00
        contacted = make_request(urgency=Urgency.NORMAL)
        services.request_record_contact(request=contacted, actor=coordinator)
    due = request.first_contact_due_at
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.first_contact_watch(now=due - timedelta(hours=6)) == (0, 0)
        assert services.first_contact_watch(now=due - timedelta(hours=3)) == (1, 0)
        assert services.first_contact_watch(now=due - timedelta(hours=2)) == (0, 0)  # once
        assert services.first_contact_watch(now=due + timedelta(minutes=1)) == (0, 1)
        assert services.first_contact_watch(now=due + timedelta(hours=1)) == (0, 0)  # once
    request.refresh_from_db()
    assert request.first_contact_warned_at is not None and request.first_contact_missed_at is not None
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2 and "DRINGEND" in subjects[1]
    assert not HelpRequest.objects.filter(pk=contacted.pk, first_contact_missed_at__isnull=False).exists()
