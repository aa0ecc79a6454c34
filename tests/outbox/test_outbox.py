"""The outbox: written with its cause, delivered once, retried with backoff, given up on visibly, never sent to
someone erased meanwhile."""

import logging
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from outbox import channels
from outbox.models import Channel, OutboxMessage
from outbox.services import (
    FORGET_WHEN_SENT,
    due_messages,
    message_deliver,
    message_enqueue,
    message_retry,
    messages_purge,
    messages_requeue,
)
from outbox.tasks import deliver

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def enqueue(**kwargs) -> OutboxMessage:
    return message_enqueue(
        **{"channel": Channel.EMAIL, "event_key": "test:1", "recipient": "an@example.test", "subject": "Hallo"} | kwargs
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Enqueue as a view does: the test's transaction stands for the request's, and the commit hands over."""

    def enqueue_and_commit(**kwargs) -> OutboxMessage:
        with django_capture_on_commit_callbacks(execute=True):
            message = enqueue(**kwargs)
        message.refresh_from_db()
        return message

    return enqueue_and_commit


@pytest.fixture
def broker_down(monkeypatch):
    """Handing a task to Celery fails as it does when Redis is unreachable."""

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver, "apply_async", refuse)


@pytest.fixture
def relay(monkeypatch):
    """The e-mail channel fails as many times as asked, then delivers through Django's test mailer."""
    state = {"refuse": 0, "calls": 0}

    def send(message):
        state["calls"] += 1
        if state["refuse"]:
            state["refuse"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        channels.deliver_email(message)

    monkeypatch.setitem(channels._registry, Channel.EMAIL, send)
    return state


def test_the_message_is_written_in_the_callers_transaction_and_sent_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = enqueue(body="Uw vraag is ontvangen.")
        assert mail.outbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1 and message.sent_at is not None
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["an@example.test"], "Hallo", "Uw vraag is ontvangen.")
    ]


def test_a_rolled_back_cause_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue()
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert OutboxMessage.objects.count() == 0 and callbacks == [] and mail.outbox == []


def test_a_second_enqueue_of_the_same_event_returns_the_first_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue()
    with django_capture_on_commit_callbacks(execute=True) as again:
        second = enqueue(subject="Anders")
    assert second.pk == first.pk and again == []
    assert len(mail.outbox) == 1
    # Another channel or recipient for the same event is another message.
    assert enqueue(recipient="els@example.test").pk != first.pk


def test_an_unknown_channel_or_no_recipient_is_refused():
    with pytest.raises(ValueError, match="no delivery function"):
        enqueue(channel="pigeon")
    with pytest.raises(ValueError, match="needs a recipient"):
        enqueue(recipient=" ")


def test_a_broker_error_never_fails_the_cause_and_is_logged_once(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.WARNING, logger="leuvenhelpt.outbox"):
        for number in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                enqueue(event_key=f"test:{number}")
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 3
    assert [r.message for r in caplog.records].count(
        "outbox: the task broker is unreachable (ConnectionError: Error 111 connecting to 127.0.0.1:6379. "
        "Connection refused.); messages wait in the database and the sweep "
        "hands them over when it is back"
    ) == 1
    assert mail.outbox == []


def test_the_sweep_hands_over_what_waited_longer_than_a_minute_once_the_broker_is_back(
    broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue()
    assert messages_requeue() == 0  # not yet a minute old: its own hand-over may still be on its way
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=2), next_attempt_at=timezone.now() - timedelta(minutes=2)
    )
    assert messages_requeue() == 0  # the broker is still down: stops at once, nothing lost
    monkeypatch.undo()
    assert messages_requeue() == 1
    assert messages_requeue() == 0  # sent: nothing left to hand over
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_refusing_relay_is_retried_with_a_growing_wait_and_recorded(relay, settings, committed):
    settings.OUTBOX_RETRY_SECONDS = 60
    relay["refuse"] = 2
    message = committed()  # the first attempt, at the commit, failed
    assert message.status == Status.PENDING and message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    first_wait = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=55) < first_wait <= timedelta(seconds=60)

    assert message_deliver(message_id=message.pk) == Status.PENDING
    message.refresh_from_db()
    assert message.attempts == 2
    assert timedelta(seconds=115) < message.next_attempt_at - timezone.now() <= timedelta(seconds=120)
    assert list(due_messages()) == []  # not due yet
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert list(due_messages()) == [message]
    assert messages_requeue() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and message.last_error == "" and relay["calls"] == 3
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_message_is_failed_and_stays_so(relay, settings, committed):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    relay["refuse"] = 10
    message = committed()
    for _ in range(5):
        message_deliver(message_id=message.pk)
        OutboxMessage.objects.filter(pk=message.pk, status=Status.PENDING).update(next_attempt_at=timezone.now())
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.attempts == 3 and relay["calls"] == 3
    assert messages_requeue() == 0


def test_a_permanent_failure_stops_at_once(monkeypatch, committed):
    def unknown_address(message):
        raise channels.PermanentFailure("550 no such user")

    monkeypatch.setitem(channels._registry, Channel.EMAIL, unknown_address)
    message = committed()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        Status.FAILED,
        1,
        "PermanentFailure: 550 no such user",
    )


def test_a_message_being_sent_by_a_live_worker_is_left_alone_and_taken_over_after_its_lease(
    relay, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = enqueue()
    lease_ends = timezone.now() + timedelta(minutes=2)
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, attempts=1, next_attempt_at=lease_ends)
    assert message_deliver(message_id=message.pk) == ""
    assert messages_requeue() == 0 and relay["calls"] == 0
    # The worker died: its lease runs out and the sweep hands the message to another worker.
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert messages_requeue() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2 and len(mail.outbox) == 1


def test_a_recipient_erased_meanwhile_is_not_sent(django_capture_on_commit_callbacks):
    from dataprotection.retention import person_anonymise
    from tests.factories import PersonFactory

    person = PersonFactory(email="an@example.test")
    with django_capture_on_commit_callbacks(execute=False):
        message = enqueue(person=person, body="Uw vraag LH-1234")
    person_anonymise(person=person)
    assert message_deliver(message_id=message.pk) == ""
    message.refresh_from_db()
    assert message.status == Status.CANCELLED and message.last_error == "recipient erased"
    assert message.recipient == f"erased-{message.pk}" and message.body == "" and mail.outbox == []


def test_a_one_off_message_is_forgotten_once_sent(committed):
    message = committed(event_key=f"{FORGET_WHEN_SENT}assistant-results:abc", body="Uw resultaat")
    message.refresh_from_db()
    assert message.status == Status.SENT and len(mail.outbox) == 1
    assert (message.recipient, message.subject, message.body) == (f"erased-{message.pk}", "", "")


def test_retrying_a_failed_message_starts_a_new_series(relay, django_capture_on_commit_callbacks, committed):
    message = committed()
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert message_retry(message=message) is True
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1  # a fresh series: one try
    assert message_retry(message=message) is False


def test_finished_messages_are_purged_after_the_keep_period(committed):
    old = committed(event_key="test:old")
    recent = committed(event_key="test:recent")
    waiting = committed(event_key="test:waiting")
    OutboxMessage.objects.filter(pk__in=[old.pk, waiting.pk]).update(created_at=timezone.now() - timedelta(days=91))
    OutboxMessage.objects.filter(pk=waiting.pk).update(status=Status.PENDING)
    assert messages_purge(days=90) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_the_operator_command_counts_and_retries(relay, committed, django_capture_on_commit_callbacks):
    committed(event_key="test:a")
    failed = committed(event_key="test:b")
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    out = StringIO()
    call_command("outbox", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["channel", "status", "count"]
    assert lines[1].split() == ["email", "failed", "1"] and lines[2].split() == ["email", "sent", "1"]
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("outbox", "retry", stdout=out)
    assert out.getvalue().strip() == "1 failed message(s) queued again."
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 2


def test_the_citizens_download_holds_their_messages_and_nobody_elses():
    from privacy.export import personal_data_export
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    person = PersonFactory(user=user, email="an@example.test")
    enqueue(event_key="mine", person=person, subject="Nieuws over uw vraag")
    enqueue(event_key="staff", recipient="els@example.test", subject="Voor de coördinatoren")
    enqueue(event_key="other", recipient="jan@example.test", person=PersonFactory(), subject="Van iemand anders")
    [section] = [s for s in personal_data_export(user=user)["sections"] if s["model"] == "outbox.OutboxMessage"]
    assert [row["subject"] for row in section["rows"]] == ["Nieuws over uw vraag"]
    assert section["rows"][0]["recipient"] == "an@example.test"
