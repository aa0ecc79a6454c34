"""E-mail to the help seeker, the partner and the coordinators: in their language, once per event and recipient."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox.services import message_deliver
from requests_app import services
from requests_app.models import Referral, TimelineEvent
from requests_app.notifications import enqueue_for_event
from requests_app.workdays import add_working_days, working_days_between
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, make_request

pytestmark = pytest.mark.django_db


def test_a_status_change_mails_the_help_seeker_in_their_language(coordinator, django_capture_on_commit_callbacks):
    person = PersonFactory(email="john@example.test", preferred_language="en")
    request = make_request(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take_up(request=request, actor=coordinator)
    assert [m.to for m in mail.outbox] == [["john@example.test"]]
    assert mail.outbox[0].subject == f"News about your question {request.reference}"
    # In plain words, as on their page, never the name of the internal state.
    assert "A coordinator of Leuven Helpt is looking at your question." in mail.outbox[0].body
    assert "Where your question stands now: We are looking at your question" in mail.outbox[0].body
    assert "Triage" not in mail.outbox[0].body


def test_a_dutch_help_seeker_gets_dutch(coordinator, django_capture_on_commit_callbacks):
    request = make_request(person=PersonFactory(email="an@example.test"))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take_up(request=request, actor=coordinator)
    assert mail.outbox[0].subject == f"Nieuws over uw vraag {request.reference}"
    assert "Goeiedag," in mail.outbox[0].body


def test_sending_twice_sends_once(coordinator, django_capture_on_commit_callbacks):
    request = make_request(person=PersonFactory(email="an@example.test"))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take_up(request=request, actor=coordinator)
    event = TimelineEvent.objects.get(request=request, to_state="triage")
    with django_capture_on_commit_callbacks(execute=True) as again:
        [message] = enqueue_for_event(event=event, audience="help_seeker")
    assert again == []  # the same row: nothing handed over a second time
    assert message_deliver(message_id=message.pk) == ""  # a retried task finds it sent
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None and message.person_id == request.person_id


def test_no_address_no_mail(coordinator, django_capture_on_commit_callbacks):
    request = make_request(person=PersonFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take_up(request=request, actor=coordinator)
    assert mail.outbox == []


def test_internal_events_never_reach_the_help_seeker(coordinator, django_capture_on_commit_callbacks):
    request = make_request(person=PersonFactory(email="an@example.test"))
    services.request_take_up(request=request, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_note(request=request, actor=coordinator, note="Schulden bij drie schuldeisers")
    assert mail.outbox == []


def test_a_referral_mails_the_partner_without_personal_data(coordinator, django_capture_on_commit_callbacks):
    partner = OrganizationFactory(email="onthaal@caw.example")
    request = make_request(person=PersonFactory(full_name="Mieke Peeters"), description="Schulden en huur")
    services.request_take_up(request=request, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_refer(consent_channel="phone", request=request, organizations=[partner], actor=coordinator)
    to_partner = [m for m in mail.outbox if m.to == ["onthaal@caw.example"]]
    assert len(to_partner) == 1
    assert request.reference in to_partner[0].subject
    assert "Mieke" not in to_partner[0].body and "Schulden" not in to_partner[0].body


def test_without_an_organisation_address_its_caseworkers_are_told(coordinator, django_capture_on_commit_callbacks):
    partner = OrganizationFactory(email="")
    worker = MembershipFactory(organization=partner, user__email="fatima@caw.example").user
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_refer(consent_channel="phone", request=request, organizations=[partner], actor=coordinator)
    assert [worker.email] in [m.to for m in mail.outbox]


def test_a_decline_mails_the_coordinators(coordinator, django_capture_on_commit_callbacks):
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[OrganizationFactory()], actor=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_decline(referral=referral, actor=coordinator, reason="no_capacity", note="Wachtlijst")
    assert [m.to for m in mail.outbox if "coördinator" in m.subject] == [[coordinator.email]]


def test_unanswered_referrals_are_escalated_once_after_three_working_days(coordinator):
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[OrganizationFactory()], actor=coordinator
    )
    friday = date(2026, 11, 27)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 11, 27, 10, 0))
    )
    assert services.referrals_escalate(today=friday + timedelta(days=4)) == 0  # Tuesday: 2 working days
    assert services.referrals_escalate(today=friday + timedelta(days=5)) == 1  # Wednesday: 3 working days
    assert services.referrals_escalate(today=friday + timedelta(days=6)) == 0  # once
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    event = TimelineEvent.objects.filter(request=request, kind="referral").last()
    assert "3" in event.note and event.public is False


def test_an_answered_referral_is_not_escalated(coordinator):
    request = make_request()
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        consent_channel="phone", request=request, organizations=[OrganizationFactory()], actor=coordinator
    )
    services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima")
    assert services.referrals_escalate(today=timezone.localdate() + timedelta(days=30)) == 0


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 → Monday
        (date(2026, 11, 28), 2, date(2026, 12, 1)),  # Saturday + 2 → Tuesday
        (date(2026, 11, 23), 3, date(2026, 11, 26)),  # Monday + 3 → Thursday
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected
    assert working_days_between(start, expected) == days


def test_working_days_between_the_same_or_earlier_day_is_zero():
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 27)) == 0
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == 0
    assert working_days_between(date(2026, 11, 28), date(2026, 11, 29)) == 0  # a weekend
