"""Chaos: Redis stopped during /hulp/, a worker SIGKILLed mid-batch, an SMTP relay refusing then accepting."""

import signal
import time
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse

from outbox.models import Channel, OutboxMessage
from outbox.services import message_enqueue, messages_requeue
from requests_app.models import HelpRequest
from tests.chaos.conftest import wait_for

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ASK = {
    "needs": ["administration"],
    "description": "Ik kan mijn brieven van de belastingen niet lezen.",
    "urgency": "2",
    "contact_way": "phone",
    "contact_time": "voormiddag",
    "full_name": "Jan Janssens",
    "email": "jan@example.test",
    "consent": "on",
}


def sweep_until(predicate, *, timeout: float, what: str) -> None:
    """The beat sweep, every second instead of every minute, until ``predicate`` holds."""

    def swept() -> bool:
        messages_requeue()
        return predicate()

    wait_for(swept, timeout=timeout, interval=1.0, what=what)


def test_redis_stopped_during_a_request_for_help_loses_nothing_and_mails_once_when_back(
    client, settings, redis_server, app_on, smtp_sink, workers
):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0  # the sweep may hand over at once (the beat waits a minute)
    redis_server.stop()

    started = time.monotonic()
    response = client.post(reverse("help:ask"), ASK)
    assert response.status_code == 302
    done = client.get(response.url)
    assert time.monotonic() - started < 10  # no long waits on the dead broker
    request = HelpRequest.objects.get()
    assert done.status_code == 200 and request.reference in done.content.decode()  # the confirmation
    message = OutboxMessage.objects.get(event_key=f"follow-up:{request.pk}")
    assert message.status == OutboxMessage.Status.PENDING and smtp_sink.received == []

    redis_server.start()
    workers.start(OUTBOX_SENDING_LEASE_SECONDS="5")
    sweep_until(lambda: smtp_sink.received, timeout=60, what="the follow-up mail")
    messages_requeue()
    time.sleep(2)  # a second hand-over, had there been one, would have arrived by now
    assert [to for to, _ in smtp_sink.received] == ["jan@example.test"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1


def test_a_worker_killed_during_a_batch_of_ten_leaves_none_unsent_and_none_twice(
    settings, redis_server, app_on, smtp_sink, workers
):
    smtp_sink.delay = 0.4  # each mail takes a while, so the kill lands in the middle of the batch
    with transaction.atomic():
        for number in range(10):
            message_enqueue(
                channel=Channel.EMAIL,
                event_key=f"batch:{number}",
                recipient=f"person{number}@example.test",
                subject=f"Bericht {number}",
                body="Goeiedag,",
            )
    started = time.monotonic()
    # A short lease and visibility timeout (production: 120 s and an hour), so the test ends within minutes.
    short = {"OUTBOX_SENDING_LEASE_SECONDS": "4", "CELERY_VISIBILITY_TIMEOUT": "5"}
    first = workers.start("doomed", **short)
    wait_for(lambda: len(smtp_sink.received) >= 3, timeout=60, what="three mails before the kill")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert len(smtp_sink.received) < 10

    workers.start("survivor", **short)
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    sweep_until(
        lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists(),
        timeout=110,
        what="all ten sent",
    )
    assert time.monotonic() - started < 120
    time.sleep(1)
    counts = Counter(to for to, _ in smtp_sink.received)
    assert sorted(counts) == [f"person{number}@example.test" for number in range(10)]
    assert set(counts.values()) == {1}, counts


def test_a_relay_that_refuses_and_then_accepts_gets_the_mail_after_a_retry(settings, smtp_sink):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_sink.port, "timeout": 5},
        }
    }
    settings.OUTBOX_RETRY_SECONDS = 1
    smtp_sink.refuse = 2
    with transaction.atomic():
        message = message_enqueue(
            channel=Channel.EMAIL, event_key="relay:1", recipient="an@example.test", subject="Hallo", body="Goeiedag,"
        )
    message.refresh_from_db()  # the first try ran at the commit (tasks in process): refused
    assert message.status == OutboxMessage.Status.PENDING and message.attempts == 1
    assert message.last_error.startswith("SMTPDataError: (451")
    sweep_until(
        lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENT).exists(),
        timeout=20,
        what="the retried mail",
    )
    message.refresh_from_db()
    assert message.attempts == 3 and smtp_sink.refused == 2
    assert smtp_sink.received == [("an@example.test", "Hallo")]
